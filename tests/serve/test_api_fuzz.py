"""The dashboard's JSON API fuzzed from its own OpenAPI description (schemathesis): no input
makes it answer a server error, and every answer it documents matches its schema.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from incloud.serve.app import create_app  # noqa: E402
from incloud.store import open_posture_store  # noqa: E402
from tests.serve.dashboard_store import build  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The dashboard's OpenAPI description, served by the app over the test store."""
    store = build(tmp_path_factory.mktemp("fuzz") / "history.db")
    return schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(open_posture_store(str(store)))
    )


def test_every_api_route_is_read_only(api_schema: object) -> None:
    operations = [op.ok() for op in api_schema.get_all_operations()]  # type: ignore[attr-defined]
    assert {op.method.upper() for op in operations} == {"GET"}
    assert len(operations) >= 8


def test_the_api_never_answers_a_server_error(api_schema: object) -> None:
    """Each operation in turn, with Hypothesis driving schemathesis' strategies (its pytest
    plugin does not load under this pytest)."""
    for result in api_schema.get_all_operations():  # type: ignore[attr-defined]
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        check()
