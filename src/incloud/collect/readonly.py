"""The read-only guard: incloud refuses, before sending, any AWS operation that could write.

The rule is an allow-list. An operation may run only if its name starts with a read verb or is
named below as a read-only exception; everything else raises :class:`WriteRefused` from a
botocore ``before-call`` hook, which fires before the request is signed or sent.
"""

from __future__ import annotations

from typing import Any

READ_VERBS = ("Describe", "Get", "List", "Head", "Lookup", "Search", "BatchGet", "Scan", "Query")
"""Operation-name prefixes that only read, across every AWS API."""

READ_ONLY_EXCEPTIONS = frozenset(
    {
        # Asks IAM to build the credential report; it changes no configuration, and the
        # report is the bulk source of credential ages (one call instead of one per user).
        "GenerateCredentialReport",
        # Obtains temporary credentials for --role-arn; it changes nothing in the account.
        "AssumeRole",
    }
)
"""Operations without a read verb that are nevertheless read-only, each with its reason."""

_WRITE_LOOKALIKES = frozenset(
    {
        # "Get" verbs that hand out credentials or change state despite the name.
        "GetFederationToken",
        "GetSessionToken",
        "GetSecretValue",
        "GetPasswordData",
    }
)
"""Read-verb operations incloud never needs and refuses anyway: they mint credentials or
reveal secrets, which a posture scanner has no business doing."""


class WriteRefused(Exception):  # noqa: N818 - the name says what happened
    """An operation that is not a read was attempted through an incloud session."""


def is_read_operation(operation: str) -> bool:
    """True when ``operation`` (an API name such as ``ListBuckets``) may be called."""
    if operation in _WRITE_LOOKALIKES:
        return False
    return operation in READ_ONLY_EXCEPTIONS or operation.startswith(READ_VERBS)


def refuse_writes(model: Any, **_: Any) -> None:
    """Botocore ``before-call`` hook: raise before anything is sent for a non-read operation."""
    if not is_read_operation(model.name):
        raise WriteRefused(
            f"incloud is read-only: refused {model.service_model.service_name}:{model.name}"
        )
