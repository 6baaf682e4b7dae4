"""The snapshot: the typed, versioned record of what was collected."""

from .base import GLOBAL, Frozen, JsonDict, Resource
from .gaps import ApiCallCount, CollectionGap
from .io import load_snapshot, save_snapshot
from .model import RESOURCE_TYPES, SCHEMA_VERSION, Account, Snapshot

__all__ = [
    "GLOBAL",
    "RESOURCE_TYPES",
    "SCHEMA_VERSION",
    "Account",
    "ApiCallCount",
    "CollectionGap",
    "Frozen",
    "JsonDict",
    "Resource",
    "Snapshot",
    "load_snapshot",
    "save_snapshot",
]
