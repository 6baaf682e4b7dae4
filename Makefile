# incloud: `make demo` and `make test` each create or refresh .venv by themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck unit browser services bench lock clean

CHROMIUM ?= /usr/bin/chromium

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[demo,dev,distributed,oscal,server]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/incloud demo

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser services
	$(BIN)/pytest -q -n auto

# Organisation scans are tested against a real Redis (Celery's broker, shared rate limits) and
# PostgreSQL (the scan store): started here where they are not running.
services:
	bash .ci/services

# The HTML report is tested in a real browser: Debian's Chromium, driven by Playwright
# (Playwright's own browser download is not reachable here).
browser:
	@test -x $(CHROMIUM) || (DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
		|| (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium))

bench: $(STAMP)
	$(BIN)/python bench/scan.py

# Re-pin every dependency (run after changing pyproject.toml, then commit constraints.txt).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[demo,dev,distributed,oscal,server]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^incloud' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
