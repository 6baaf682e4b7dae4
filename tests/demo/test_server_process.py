"""The demo's moto server as a child process (``demo --org``): it answers AWS requests, holds
its own state, and ends with the server.
"""

from __future__ import annotations

import boto3

from incloud.demo.server import DemoServer


def test_a_separate_server_answers_keeps_its_own_state_and_stops_with_the_server() -> None:
    with DemoServer(separate_process=True) as server:
        child = server._child
        assert child is not None and child.poll() is None
        sqs = boto3.client(
            "sqs",
            region_name="us-east-1",
            endpoint_url=server.endpoint_url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        sqs.create_queue(QueueName="orders")
        assert [u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"]] == ["orders"]
        # an in-process server may start beside it: the child's state is not this process's
        with DemoServer() as local:
            local_sqs = boto3.client(
                "sqs",
                region_name="us-east-1",
                endpoint_url=local.endpoint_url,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            assert "QueueUrls" not in local_sqs.list_queues()
    assert child.poll() is not None
