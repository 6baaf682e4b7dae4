"""The scan store on SQLite and on the machine's PostgreSQL: idempotent writes (the first
result of a shard stays), migrations, hostile payloads, and one-line errors.
"""

from __future__ import annotations

import gzip
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from incloud.collect.shard import ShardKey, ShardResult
from incloud.errors import InputError
from incloud.snapshot import ApiCallCount, CollectionGap
from incloud.snapshot.s3 import S3Bucket
from incloud.store import AccountEntry, ScanStore, open_store, schema

POSTGRES = os.environ.get("INCLOUD_TEST_STORE", "postgresql://postgres@127.0.0.1:5432/test")
ACCOUNT = "111122223333"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ScanStore]:
    if request.param == "sqlite":
        yield open_store(f"sqlite:///{tmp_path / 'scans.db'}")
    else:
        yield open_store(POSTGRES)


def scan_id() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def result(region: str = "us-east-1", message: str = "first") -> ShardResult:
    key = ShardKey(ACCOUNT, region, "s3")
    bucket = S3Bucket(
        arn="arn:aws:s3:::bucket-\u202e=cmd|' /C calc'!A0",
        name="bucket-\u202e=cmd|' /C calc'!A0",
        account_id=ACCOUNT,
        region=region,
    )
    gap = CollectionGap(
        account_id=ACCOUNT,
        region=region,
        service="s3",
        operation="GetBucketPolicy",
        error_code="AccessDenied",
        message=message,
    )
    calls = (ApiCallCount(service="s3", operation="ListBuckets", count=2),)
    return ShardResult(key, [bucket], [gap], calls, seconds=1.5)


def test_a_shard_is_stored_once_and_the_first_result_stays(store: ScanStore) -> None:
    scan = scan_id()
    store.create_scan(scan, {"accounts": [ACCOUNT]})
    assert store.put_shard(scan, result(message="first"), worker="a", state="done")
    assert not store.put_shard(scan, result(message="second"), worker="b", state="done")
    (stored,) = store.shards(scan, ACCOUNT)
    assert stored.gaps[0].message == "first"
    assert stored.resources == result().resources  # hostile names come back byte for byte
    assert stored.api_calls == result().api_calls
    assert store.shard_rows(scan) == [(result().key, "done", "a")]


def test_concurrent_writers_of_one_shard_store_it_once(store: ScanStore) -> None:
    scan = scan_id()
    store.create_scan(scan, {})
    outcomes: list[bool] = []
    barrier = threading.Barrier(6)

    def write(n: int) -> None:
        barrier.wait()
        outcomes.append(store.put_shard(scan, result(), worker=f"w{n}", state="done"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False] * 5 + [True]
    assert len(store.shard_rows(scan)) == 1


def test_account_entries_keep_the_first_answer(store: ScanStore) -> None:
    scan = scan_id()
    store.create_scan(scan, {})
    store.put_account(scan, AccountEntry(ACCOUNT, "entered", ("us-east-1",)))
    store.put_account(scan, AccountEntry(ACCOUNT, "unreachable", message="late"))
    assert store.accounts(scan)[ACCOUNT] == AccountEntry(ACCOUNT, "entered", ("us-east-1",))


def test_scan_ids_are_unique_and_states_change(store: ScanStore) -> None:
    scan = scan_id()
    store.create_scan(scan, {"role": "Audit"})
    with pytest.raises(InputError, match="already exists"):
        store.create_scan(scan, {})
    store.set_state(scan, "interrupted")
    record = store.scan(scan)
    assert (record.state, record.spec) == ("interrupted", {"role": "Audit"})
    assert scan in [r.scan_id for r in store.scans()]
    with pytest.raises(InputError, match="no scan"):
        store.scan(scan_id())


def test_opening_again_migrates_nothing_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scans.db'}"
    open_store(url).create_scan("kept", {})
    again = open_store(url)
    assert again.scan("kept").state == "running"
    with again.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        version = connection.execute(sa.text("select version_num from incloud_alembic_version"))
        assert [row[0] for row in version] == ["0002"]  # the newest revision, once
    assert {t.name for t in schema.metadata.sorted_tables} <= tables


def test_migrated_tables_match_the_schema_the_code_uses(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'scans.db'}")
    with store.engine.connect() as connection:
        inspector = sa.inspect(connection)
        for table in schema.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
            keys = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert set(keys) == {c.name for c in table.primary_key.columns}


@pytest.mark.parametrize(
    "payload",
    [
        b"not gzip at all",
        gzip.compress(b"{not json", mtime=0),
        gzip.compress(
            b'{"resources": [{"kind": "no.such-kind"}], "gaps": [], "api_calls": []}', mtime=0
        ),
        gzip.compress(b'{"gaps": []}', mtime=0),
        gzip.compress(b"[" * 100 + b"]" * 100, mtime=0),
    ],
)
def test_a_corrupt_payload_is_one_input_error(store: ScanStore, payload: bytes) -> None:
    scan = scan_id()
    store.create_scan(scan, {})
    store.put_shard(scan, result(), worker="a", state="done")
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(schema.shards).where(schema.shards.c.scan_id == scan).values(payload=payload)
        )
    with pytest.raises(InputError, match=r"shard 111122223333/us-east-1/s3"):
        list(store.shards(scan, ACCOUNT))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("mysql://u@h/d", "SQLite or PostgreSQL"),
        ("postgresql://postgres@127.0.0.1:1/test", "cannot open the scan store"),
    ],
)
def test_bad_store_urls_are_one_line_errors(url: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        open_store(url)
    assert "\n" not in str(raised.value)


def test_a_sqlite_store_whose_directory_is_a_file_is_one_line(tmp_path: Path) -> None:
    # INCLOUD_HOME (or --store's directory) naming a file: FileExistsError from mkdir was a
    # traceback out of `scan --org`.
    blocker = tmp_path / "home"
    blocker.write_text("not a directory")
    with pytest.raises(InputError, match="cannot open the scan store") as raised:
        open_store(f"sqlite:///{blocker}/scans.db")
    assert "\n" not in str(raised.value)
