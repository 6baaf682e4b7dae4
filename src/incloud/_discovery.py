"""Importing every module of a package, so a new collector, model or check is one new file."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def import_submodules(package: str, skip: frozenset[str] = frozenset()) -> list[ModuleType]:
    """Import every module (and subpackage) directly under ``package``, in name order."""
    parent = importlib.import_module(package)
    found = []
    for info in sorted(pkgutil.iter_modules(parent.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name in skip:
            continue
        found.append(importlib.import_module(f"{package}.{info.name}"))
    return found
