"""The demo's moto server as a child process (``demo --org``): it answers AWS requests, holds
its own state, and ends with the server.
"""

from __future__ import annotations

from typing import Any

import boto3

from incloud.demo.server import DemoServer


def sqs_of(server: DemoServer) -> Any:
    """An SQS client of the server's."""
    return boto3.client(
        "sqs",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_a_separate_server_answers_keeps_its_own_state_and_stops_with_the_server() -> None:
    with DemoServer(separate_process=True) as server:
        child = server._child
        assert child is not None and child.poll() is None
        sqs = sqs_of(server)
        sqs.create_queue(QueueName="orders")
        assert [u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"]] == ["orders"]
        # an in-process server may start beside it: the child's state is not this process's
        with DemoServer() as local:
            assert "QueueUrls" not in sqs_of(local).list_queues()
    assert child.poll() is not None
