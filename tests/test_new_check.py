"""The check scaffold (tools/new_check.py) writes a check and a fixture a contributor completes."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("new_check", ROOT / "tools" / "new_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARGS = ("s3.bucket-example", "data_protection", "S3Bucket", "medium", "Buckets do the example.")


def test_a_new_module_and_its_fixture_are_written(tmp_path: Path) -> None:
    written = _tool().scaffold(tmp_path, *ARGS)

    module, fixture = written
    assert module == tmp_path / "src/incloud/evaluate/checks/data_protection/s3.py"
    tree = ast.parse(module.read_text())
    (function,) = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert function.name == "bucket_example"
    doc = ast.get_docstring(function) or ""
    assert doc.startswith("Buckets do the example.") and "Remediation:" in doc
    resources = yaml.safe_load(fixture.read_text())["resources"]
    assert [(r["kind"], r["name"][:5]) for r in resources] == [
        ("s3.bucket", "pass-"),
        ("s3.bucket", "fail-"),
    ]


def test_an_existing_module_gets_the_check_appended(tmp_path: Path) -> None:
    target = tmp_path / "src/incloud/evaluate/checks/data_protection/s3.py"
    target.parent.mkdir(parents=True)
    target.write_text('"""S3."""\n\nEXISTING = 1\n')
    _tool().scaffold(tmp_path, *ARGS)
    text = target.read_text()
    assert text.startswith('"""S3."""\n\nEXISTING = 1\n')
    assert 'id="s3.bucket-example"' in text


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({0: "s3.bucket-acl-not-public"}, "exists already"),
        ({0: "S3 Bucket"}, "service.kebab-name"),
        ({1: "storage"}, "unknown domain"),
        ({2: "Bucket"}, "unknown resource model"),
        ({3: "severe"}, "unknown severity"),
        ({4: "no full stop"}, "full stop"),
    ],
)
def test_bad_arguments_are_refused_before_writing(
    tmp_path: Path, change: dict[int, str], says: str
) -> None:
    args = [change.get(i, value) for i, value in enumerate(ARGS)]
    with pytest.raises(SystemExit, match=says):
        _tool().scaffold(tmp_path, *args)
    assert not (tmp_path / "src").exists()


def test_a_fixture_is_never_overwritten(tmp_path: Path) -> None:
    tool = _tool()
    tool.scaffold(tmp_path, *ARGS)
    with pytest.raises(SystemExit, match="exists already"):
        tool.scaffold(tmp_path, *ARGS)
