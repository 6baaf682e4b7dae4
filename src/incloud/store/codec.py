"""Shard results to bytes and back: gzip-compressed JSON, validated on the way in.

A payload comes from a database a worker on another machine wrote to, so it is read like a
snapshot file: bounded in size, every resource validated against its model (the snapshot's
discriminated union), anything else refused with :class:`~incloud.errors.InputError`.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..collect.shard import ShardKey, ShardResult
from ..errors import InputError
from ..jsondoc import MAX_DEPTH, JsonDocumentError, parse_document
from ..snapshot import ApiCallCount, CollectionGap, Resource
from ..snapshot.model import AnyResource

MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
"""The most a shard may inflate to (a very large account's S3 or IAM shard is megabytes)."""

_RESOURCES: TypeAdapter[list[Resource]] = TypeAdapter(list[AnyResource])
_GAPS: TypeAdapter[list[CollectionGap]] = TypeAdapter(list[CollectionGap])
_CALLS: TypeAdapter[list[ApiCallCount]] = TypeAdapter(list[ApiCallCount])


def encode(result: ShardResult) -> bytes:
    """``result`` as compressed JSON (the key is stored in the row, not the payload)."""
    document = {
        "resources": [r.model_dump(mode="json") for r in result.resources],
        "gaps": [g.model_dump(mode="json") for g in result.gaps],
        "api_calls": [c.model_dump(mode="json") for c in result.api_calls],
        "busiest_second": result.busiest_second,
    }
    return gzip.compress(json.dumps(document, separators=(",", ":")).encode(), compresslevel=5)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError("busiest_second is not a count")
    return value


def decode(key: ShardKey, payload: bytes, seconds: float) -> ShardResult:
    """The shard result stored as ``payload`` (InputError when it cannot be one)."""
    try:
        inflater = zlib.decompressobj(wbits=31)
        raw = inflater.decompress(payload, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail:
            raise InputError(f"shard {key.label}: payload inflates past {MAX_PAYLOAD_BYTES} bytes")
        document: Any = parse_document(raw.decode(), max_depth=MAX_DEPTH + 4)
        return ShardResult(
            key=key,
            resources=_RESOURCES.validate_python(document["resources"]),
            gaps=_GAPS.validate_python(document["gaps"]),
            api_calls=tuple(_CALLS.validate_python(document["api_calls"])),
            seconds=seconds,
            busiest_second=_count(document.get("busiest_second", 0)),
        )
    except (zlib.error, UnicodeDecodeError, JsonDocumentError) as error:
        raise InputError(f"shard {key.label}: unreadable payload ({error})") from None
    except (KeyError, TypeError, ValidationError) as error:
        raise InputError(
            f"shard {key.label}: payload is not a shard result ({type(error).__name__})"
        ) from None
