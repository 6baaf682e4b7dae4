"""Measure the HTML report at 5,000 findings: file size and time to render in Chromium.

    python bench/html_report.py                  # 5,000 findings, 3 page loads
    python bench/html_report.py --findings 20000 --repeat 5 --keep /tmp/large.html

Builds the large assessment the tests use (``tests/report/test_html.synthetic_assessment``:
a real evaluation of a generated account, every finding with tags as evidence and a policy
statement on every failure, two coverage gaps, a mutelist entry), renders it with
``incloud.report.html`` and opens the file in Debian's Chromium through Playwright (the
tests' ``tests/report/browser.py``: headless, offline). For each load it reads, from the
page's own clock (``performance.now()``, from navigation start): first contentful paint, the
table ready (the report's script sets ``#table[data-ready-ms]`` once it has parsed the data
and drawn the first page of rows) and the load event's end; and from Python, ``goto`` until
the table is ready. Prints the size and the median of each. Targets (issue 14): under 3 MB,
under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from incloud.report import html as html_report  # noqa: E402
from tests.report.browser import chromium  # noqa: E402
from tests.report.test_html import synthetic_assessment  # noqa: E402

PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"
LOADED = "performance.getEntriesByType('navigation')[0].loadEventEnd"


def main() -> None:
    """Render, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="page loads (median reported)")
    parser.add_argument("--keep", type=Path, help="also write the report here")
    args = parser.parse_args()
    assessment = synthetic_assessment(args.findings)
    started = time.perf_counter()
    page_text = html_report.render(assessment)
    render_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "report.html"
        path.write_text(page_text)
        if args.keep:
            args.keep.write_text(page_text)
        size = path.stat().st_size
        paint, ready, loaded, wall = [], [], [], []
        with chromium() as browser:
            for _ in range(args.repeat):
                started = time.perf_counter()
                page, watch = browser.open(path)
                wall.append((time.perf_counter() - started) * 1000)
                ready.append(float(page.get_attribute("#table", "data-ready-ms") or "nan"))
                paint.append(float(page.evaluate(PAINT)))
                loaded.append(float(page.evaluate(LOADED)))
                status = page.inner_text("#status")
                watch.assert_clean()
                page.close()
    print(f"{len(assessment.findings):,} findings: {size:,} bytes ({size / 1e6:.2f} MB)")
    print(f"rendered by incloud in {render_s:.2f} s (Python, Jinja2)")
    print(
        f"Chromium, median of {args.repeat} loads: first contentful paint "
        f"{statistics.median(paint):.0f} ms, table ready {statistics.median(ready):.0f} ms, "
        f"load event end {statistics.median(loaded):.0f} ms after navigation start; "
        f"goto to table ready {statistics.median(wall):.0f} ms from Python"
    )
    print(f"page status: {status}")


if __name__ == "__main__":
    main()
