"""Data moves down only: each package imports only packages below it (docs/architecture.md,
"The flow"). Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[1] / "src" / "incloud"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "memory"}),
    frozenset({"jsondoc", "yamldoc", "wildcards", "_discovery", "catalog"}),
    frozenset({"snapshot"}),
    frozenset({"collect", "evaluate"}),
    frozenset({"responsibility", "mutelist", "store", "iac"}),
    frozenset({"compliance"}),
    frozenset({"assessment"}),
    frozenset({"rollup", "history"}),
    frozenset({"report", "demo"}),
    frozenset({"api", "export", "orgscan", "serve"}),
    frozenset({"cli"}),
)
"""Lowest first. ``evaluate`` turns a snapshot into findings; ``responsibility`` and
``compliance`` read findings (compliance also reads the service catalogue); ``assessment``
composes them; ``rollup`` summarises many accounts' assessments into an organisation's;
``store`` keeps organisation scans' shards (it reads collect's shard results) and the posture
history's rows; ``history`` turns assessments into those rows and compares recorded scans;
``serve`` is the dashboard over them; ``report``
renders an assessment or a roll-up; ``orgscan`` runs an organisation scan (executors,
coordinator) on top of all of them; ``export`` sends a saved report on (it
writes, so it never goes through ``collect``'s read-only clients); the command line sits on
top."""

LAYER = {package: level for level, packages in enumerate(LAYERS) for package in packages}


def _package(module: tuple[str, ...]) -> str:
    return module[0]


def _imports() -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) -> the files that make that import."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        here = parts[:-1] if path.name == "__init__.py" else parts
        source = _package(parts)
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[tuple[str, ...]] = []
            if isinstance(node, ast.ImportFrom) and node.level:
                base = (
                    here[: len(here) - node.level + 1]
                    if path.name == "__init__.py"
                    else here[: len(here) - node.level]
                )
                targets.append((*base, *(node.module or "").split(".")))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("incloud."):
                targets.append(tuple(node.module.split(".")[1:]))  # type: ignore[union-attr]
            elif isinstance(node, ast.Import):
                targets.extend(
                    tuple(alias.name.split(".")[1:])
                    for alias in node.names
                    if alias.name.startswith("incloud.")
                )
            for dotted in targets:
                target = tuple(part for part in dotted if part)
                if target and _package(target) != source:
                    found[(source, _package(target))].add(str(path.relative_to(SOURCE)))
    return found


IMPORTS = _imports()


def test_every_package_has_a_layer() -> None:
    packages = {p.stem if p.is_file() else p.name for p in SOURCE.iterdir()}
    packages -= {"__init__", "__pycache__", "py"}
    assert packages - set(LAYER) == set()


@pytest.mark.parametrize(("source", "target"), sorted(IMPORTS))
def test_imports_go_down_only(source: str, target: str) -> None:
    files = ", ".join(sorted(IMPORTS[(source, target)]))
    assert LAYER[target] < LAYER[source], f"{source} imports {target} ({files})"


def test_evaluate_knows_nothing_of_the_layers_above() -> None:
    above = {"responsibility", "compliance", "assessment", "report", "cli", "api"}
    assert {target for source, target in IMPORTS if source == "evaluate"} & above == set()


def test_the_import_graph_has_no_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in IMPORTS:
        graph[source].add(target)
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " -> ".join((*path, node))
        if node in done:
            return
        for nxt in graph[node]:
            visit(nxt, (*path, node))
        done.add(node)

    for node in list(graph):
        visit(node, ())
