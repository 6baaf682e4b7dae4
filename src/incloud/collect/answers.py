r"""Answers that cannot be the service's, refused before they pass for "no resources".

botocore is lenient with what comes back: a body shorter than its ``Content-Length`` is
accepted (it reads with ``enforce_content_length=False``), a JSON body that does not parse
becomes ``{"message": body}``, and well-formed XML of the wrong shape parses to an empty
answer. Each would look like an account with nothing in it. Two guards refuse them, and
the unit records the call as a ``BadResponse`` gap:

* :func:`refuse_unreadable_body`, on botocore's ``before-parse`` event: the body must be as
  long as announced, and a JSON protocol's body must be JSON whose strings are text (an
  unpaired surrogate such as ``"\ud800"`` parses, then fails the snapshot's save and every
  report: ``incloud.jsondoc``);
* :func:`service_answer`, after parsing: an answer must carry the request id every AWS API
  answer has (the ``x-amz-request-id`` or ``x-amzn-RequestId`` header, or ``RequestId`` in
  the body; AWS support asks for it). An answer parsed from the wire without one came from
  something else: a captive portal, a proxy, a server that is not AWS. Answers queued with
  botocore's Stubber carry no ``ResponseMetadata`` at all and are taken as they are.
"""

from __future__ import annotations

import json
from typing import Any

from ..jsondoc import UNPAIRED_SURROGATE, holds_lone_surrogate, may_hold_lone_surrogate

BAD_RESPONSE = "BadResponse"
"""Gap error code for an answer that is not the service's: unparseable, cut short, of the
wrong shape, or without a request id."""

MALFORMED_ANSWER_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    RecursionError,
)
"""What code reading an answer of the wrong shape raises, unwrapped: botocore's parsers and
handlers on random bytes (``UnicodeDecodeError``, a ``ValueError``), on JSON nested past
Python's recursion limit, on XML without the expected result element (``KeyError``); a
collector on an answer that lacks a field it needs; pydantic's ``ValidationError`` (a
``ValueError``) on a value of the wrong type. Raised inside a client call they make that call
a ``BadResponse`` gap; raised by a collector, its unit (see ``runner``)."""

_JSON_PROTOCOLS = frozenset({"json", "rest-json"})


class BadAnswerError(Exception):
    """An answer that cannot be the service's (the message says why, on one line)."""


def refuse_unreadable_body(operation_model: Any, response_dict: Any, **_: Any) -> None:
    """Botocore ``before-parse`` hook: refuse a successful answer whose body is shorter than
    its ``Content-Length``, or that is not JSON where the protocol is.
    """
    if not isinstance(response_dict, dict) or response_dict.get("status_code", 0) >= 300:
        return
    body = response_dict.get("body")
    if not isinstance(body, bytes) or operation_model.has_streaming_output:
        return
    headers = response_dict.get("headers") or {}
    announced = str(headers.get("content-length") or "")
    plain = not headers.get("content-encoding")
    if plain and announced.isdigit() and len(body) < int(announced):
        raise BadAnswerError(f"the answer was cut short ({len(body)} of {announced} bytes)")
    if operation_model.metadata.get("protocol") in _JSON_PROTOCOLS and body.strip():
        try:
            answer = json.loads(body)
        except ValueError:
            raise BadAnswerError(
                "the answer is not JSON (truncated or not the service's)"
            ) from None
        if may_hold_lone_surrogate(body) and holds_lone_surrogate(answer):
            raise BadAnswerError(f"the answer is not the service's: {UNPAIRED_SURROGATE}")


def service_answer(response: Any) -> dict[str, Any]:
    """``response`` if it can be the service's answer, else :class:`BadAnswerError`."""
    if not isinstance(response, dict):
        raise BadAnswerError(f"the answer is a {type(response).__name__}, not an object")
    metadata = response.get("ResponseMetadata")
    if metadata is not None and not (isinstance(metadata, dict) and metadata.get("RequestId")):
        raise BadAnswerError("the answer carries no AWS request id: it is not the service's")
    return dict(response)
