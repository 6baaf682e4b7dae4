r"""Scaffold a new check: its function in the catalogue and its fixture, ready to fill in.

    python tools/new_check.py s3.bucket-example --domain data_protection \
        --resource S3Bucket --severity medium --title "Buckets do the example thing."

Writes (never overwrites):

* a ``@check`` function at the end of ``src/incloud/evaluate/checks/<domain>/<module>.py``
  (``<module>`` defaults to the resource model's own module name, e.g. ``s3``; the file is
  created with its imports when it does not exist), whose body raises ``NotImplementedError``
  until you decide the verdict;
* ``tests/evaluate/fixtures/<id>.yaml`` with a ``pass-`` and a ``fail-`` resource of the
  model's kind, to complete so that each gets the verdict its name states.

Until both are filled in, the catalogue's meta-tests fail on purpose. The printed next steps
(the duty link, framework mappings, the collector) are in docs/contributing.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

ID = re.compile(r"[a-z0-9-]+\.[a-z0-9]+(-[a-z0-9]+)*")
"""``service.kebab-name``: the id convention of docs/architecture.md ("Checks")."""


def function_name(check_id: str) -> str:
    """``s3.bucket-example`` -> ``bucket_example``."""
    return check_id.split(".", 1)[1].replace("-", "_")


def check_source(check_id: str, domain: str, resource: str, severity: str, title: str) -> str:
    """The decorated function, with the documentation sections every check has."""
    return f'''

@check(
    id="{check_id}",
    domain=Domain.{domain.upper()},
    severity=Severity.{severity.upper()},
    resource={resource},
)
def {function_name(check_id)}(item: {resource}, ctx: Context) -> Outcome:
    """{title}

    TODO why it matters: what goes wrong for the customer when this fails (cite the AWS
    documentation section or the framework requirement id it follows).

    Remediation: TODO the command or setting that fixes it (`aws ...`), kept on one line.
    """
    raise NotImplementedError("decide the verdict: passed(...), failed(...), not_applicable(...)")
'''


def module_header(domain: str, resource_module: str, resource: str) -> str:
    """The imports of a new check module."""
    return f'''"""TODO: what the checks of this module judge ({domain.replace("_", " ")})."""

from __future__ import annotations

from ....snapshot.{resource_module} import {resource}
from ...check import Domain, Outcome, Severity, check
from ...context import Context
'''


def fixture_source(kind: str) -> str:
    """A fixture with one resource per expected verdict, to complete."""
    return f"""# Each resource's name states the verdict the check must give (tests/fixtures.py).
resources:
  - kind: {kind}
    name: pass-TODO
  - kind: {kind}
    name: fail-TODO
"""


def scaffold(
    root: Path,
    check_id: str,
    domain: str,
    resource: str,
    severity: str,
    title: str,
    module: str | None = None,
) -> list[Path]:
    """Write the check and its fixture under ``root``; the paths written. ``SystemExit`` with
    one line for anything that would clash or is malformed.
    """
    from incloud.evaluate.check import Domain, Severity, all_checks
    from incloud.snapshot import RESOURCE_TYPES

    if not ID.fullmatch(check_id):
        raise SystemExit(f"{check_id!r} is not service.kebab-name")
    if check_id in all_checks():
        raise SystemExit(f"{check_id} exists already")
    if domain not in {d.value for d in Domain}:
        raise SystemExit(f"unknown domain {domain!r} ({', '.join(d.value for d in Domain)})")
    if severity not in {s.value for s in Severity}:
        raise SystemExit(f"unknown severity {severity!r}")
    models = {model.__name__: model for model in RESOURCE_TYPES}
    if resource not in models:
        raise SystemExit(f"unknown resource model {resource!r} (see src/incloud/snapshot/)")
    model = models[resource]
    resource_module = model.__module__.rsplit(".", 1)[1]
    kind = str(model.model_fields["kind"].default)
    if not title.endswith("."):
        raise SystemExit("the title is a sentence: end it with a full stop")
    fixture = root / "tests" / "evaluate" / "fixtures" / f"{check_id}.yaml"
    target = root / "src/incloud/evaluate/checks" / domain / f"{module or resource_module}.py"
    if fixture.exists():
        raise SystemExit(f"{fixture} exists already")
    text = (
        target.read_text() if target.exists() else module_header(domain, resource_module, resource)
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        text.rstrip("\n") + "\n" + check_source(check_id, domain, resource, severity, title)
    )
    fixture.parent.mkdir(parents=True, exist_ok=True)
    fixture.write_text(fixture_source(kind))
    return [target, fixture]


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, scaffold, and print what to do next."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("check_id", help="service.kebab-name, e.g. s3.bucket-example")
    parser.add_argument("--domain", required=True)
    parser.add_argument("--resource", required=True, help="the snapshot model, e.g. S3Bucket")
    parser.add_argument("--severity", required=True)
    parser.add_argument("--title", required=True, help="one sentence: what holds when it passes")
    parser.add_argument("--module", help="the check module's name (default: the model's)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    written = scaffold(
        args.root, args.check_id, args.domain, args.resource, args.severity, args.title, args.module
    )
    for path in written:
        print(f"wrote {path}")
    print(
        "next: decide the verdict and write the docstring; complete the fixture; link the check "
        "from its duty in src/incloud/catalog/duties.yaml; map it in tools/frameworks/*.yaml and "
        "run python tools/derive_frameworks.py; make test (docs/contributing.md)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
