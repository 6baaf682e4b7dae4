"""Base models shared by every part of the snapshot."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from ..jsondoc import MAX_DEPTH, nesting_depth


def _bounded(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` unchanged, unless it nests deeper than :data:`~incloud.jsondoc.MAX_DEPTH`."""
    if nesting_depth(document, stop_above=MAX_DEPTH) > MAX_DEPTH:
        raise ValueError(f"JSON document nested deeper than {MAX_DEPTH} levels")
    return document


JsonDict = Annotated[dict[str, Any], AfterValidator(_bounded)]
"""A JSON object kept as the API returned it (policy documents, for example).

Its nesting is bounded (:data:`incloud.jsondoc.MAX_DEPTH`), so every snapshot that validates
can be serialised and read back.
"""

GLOBAL = "global"
"""The region name used for global services (IAM, the S3 bucket list, account settings)."""

BRIEF_LENGTH = 60
"""The most characters of a value read from a file that an error message repeats."""


def brief(value: object, limit: int = BRIEF_LENGTH) -> str:
    """``value``'s repr for a one-line message: control characters escaped, long ones cut.

    A snapshot file is untrusted, so an error never echoes a megabyte-long ARN or a string
    of terminal escape sequences back to the user.
    """
    text = repr(value)
    if not text.isprintable():  # a non-str object whose repr prints raw characters
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class Frozen(BaseModel):
    """An immutable model that rejects unknown fields, so a snapshot reloads exactly."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Resource(Frozen):
    """Something a check can judge: it has an ARN and lives in one account and region.

    Subclasses set ``kind`` to a ``Literal`` (the snapshot's discriminator), and the class
    variables below, which the engine reads to decide when a verdict must be ``unknown``.
    """

    kind: str
    """The model's discriminator, ``service.type``; each subclass narrows it to a Literal."""
    arn: str
    name: str
    account_id: str
    region: str

    service: ClassVar[str] = ""
    """The IAM service prefix, used to filter checks by service."""

    listed_by: ClassVar[tuple[str, ...]] = ()
    """Operations (``service:Operation``) whose failure means this inventory is incomplete."""

    def display_name(self) -> str:
        """The short name shown in reports."""
        return self.name

    def in_use(self) -> bool:
        """True when this resource shows the customer uses its service.

        Account settings, defaults AWS creates (default VPCs, default security groups) and
        plumbing that only accompanies other resources (subnets, routes, interfaces) do not.
        """
        return True
