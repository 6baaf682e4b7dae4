"""incloud: the AWS Shared Responsibility Model, executable.

The public API (imported lazily, so ``import incloud`` stays cheap and loads no AWS SDK)::

    from incloud import SessionOptions, collect_account, assess, load_snapshot
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "SessionOptions": "incloud.collect.session",
    "collect_account": "incloud.api",
    "assess": "incloud.api",
    "evaluate": "incloud.evaluate.engine",
    "Assessment": "incloud.assessment",
    "Finding": "incloud.evaluate.finding",
    "Snapshot": "incloud.snapshot",
    "load_snapshot": "incloud.snapshot",
    "save_snapshot": "incloud.snapshot",
}

__all__ = [  # noqa: PLE0604 - the lazily imported names
    "__version__",
    *_EXPORTS,
]


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'incloud' has no attribute {name!r}")
