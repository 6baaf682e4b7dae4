"""botocore's ``Stubber``, answering by operation instead of strictly in call order.

A collector reads independent listings at once (``Unit.gather``) and per-resource reads on
several threads (``Unit.fan_out``), so the order between operations is not fixed. This
Stubber gives each call the first answer queued for its operation whose expected parameters
(if any) are the call's: answers to one operation are still used in the order queued, every
answer is still validated against the operation's output shape, and
``assert_no_pending_responses`` still fails on an answer left unused.
"""

from __future__ import annotations

import threading
from pprint import pformat
from typing import Any

from botocore.exceptions import StubAssertionError, UnStubbedResponseError
from botocore.stub import Stubber


class OperationStubber(Stubber):  # type: ignore[misc]  # botocore is untyped
    """A thread-safe ``Stubber`` whose answers are matched by operation and parameters.

    The answer is chosen when the call's parameters are built and handed over when it would
    be sent; both happen on the calling thread, which holds its answer in between.
    """

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self._lock = threading.Lock()
        self._chosen = threading.local()

    def _assert_expected_params(self, model: Any, params: Any, context: Any, **_: Any) -> None:
        if self._should_not_stub(context):
            return
        with self._lock:
            for queued in self._queue:
                expected = queued["expected_params"]
                if queued["operation_name"] == model.name and (
                    expected is None or expected == params
                ):
                    self._queue.remove(queued)
                    self._chosen.answer = queued["response"]
                    return
        if any(queued["operation_name"] == model.name for queued in self._queue):
            raise StubAssertionError(
                operation_name=model.name,
                reason=f"no answer queued for these parameters:\n{pformat(params)}",
            )
        raise UnStubbedResponseError(
            operation_name=model.name,
            reason=f"Unexpected API call: no answer queued for {model.name}.",
        )

    def _get_response_handler(self, model: Any, params: Any, context: Any, **_: Any) -> Any:
        answer = getattr(self._chosen, "answer", None)
        self._chosen.answer = None
        if answer is None:
            raise UnStubbedResponseError(
                operation_name=model.name, reason="no answer was chosen for this call"
            )
        return answer
