"""Reading and writing scans, account entries and shards (SQLAlchemy Core).

Writes are idempotent: a shard or an account entry is stored once, by whoever finishes it
first (``INSERT ... ON CONFLICT DO NOTHING``), so a task run twice (its first worker died
after storing, or a resumed scan repeats it) changes nothing and duplicates nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import InputError
from . import schema

if TYPE_CHECKING:  # imported where used: history, diff and serve open the store without them
    from ..collect.shard import ShardKey, ShardResult
    from ..snapshot import ApiCallCount

STATE_ENV = "INCLOUD_HOME"
"""Where incloud keeps its state (the default store, scan artefacts), when set."""


def state_dir() -> Path:
    """``$INCLOUD_HOME``, else ``$XDG_STATE_HOME/incloud``, else ``~/.local/state/incloud``."""
    if home := os.environ.get(STATE_ENV):
        return Path(home)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "incloud"


def default_store_url() -> str:
    """The embedded store: a SQLite file in the state directory."""
    return f"sqlite:///{state_dir() / 'scans.db'}"


@dataclass(frozen=True)
class ScanRecord:
    """A stored scan: its id, what was asked, and where it stands."""

    scan_id: str
    created_at: datetime
    spec: dict[str, Any]
    state: str


@dataclass(frozen=True)
class AccountEntry:
    """How entering one account went: its regions, or why it could not be entered."""

    account_id: str
    state: str
    """``entered`` or ``unreachable``."""
    regions: tuple[str, ...] = ()
    message: str = ""
    api_calls: tuple[ApiCallCount, ...] = ()

    @property
    def entered(self) -> bool:
        """True when the scan could work in the account."""
        return self.state == "entered"


class ScanStore:
    """One database of scans; safe to share between threads (one engine, short sessions)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._lock = threading.Lock() if engine.dialect.name == "sqlite" else None

    @property
    def url(self) -> str:
        """The store's URL, password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def create_scan(self, scan_id: str, spec: dict[str, Any]) -> ScanRecord:
        """Record a new scan (InputError if the id is taken)."""
        now = datetime.now(UTC)
        row = {"scan_id": scan_id, "created_at": now, "spec": json.dumps(spec), "state": "running"}
        with self._begin() as connection:
            inserted = connection.execute(
                self._insert(schema.scans)
                .values(**row)
                .on_conflict_do_nothing()
                .returning(schema.scans.c.scan_id)
            ).first()
        if inserted is None:
            raise InputError(f"scan {scan_id} already exists in {self.url}")
        return ScanRecord(scan_id, now, spec, "running")

    def scan(self, scan_id: str) -> ScanRecord:
        """The stored scan ``scan_id`` (InputError when there is none)."""
        with self._connect() as connection:
            row = connection.execute(
                sa.select(schema.scans).where(schema.scans.c.scan_id == scan_id)
            ).first()
        if row is None:
            raise InputError(f"no scan {scan_id!r} in {self.url}")
        try:
            spec = json.loads(row.spec)
        except ValueError:
            raise InputError(f"scan {scan_id}: its stored options are unreadable") from None
        return ScanRecord(row.scan_id, row.created_at, spec, row.state)

    def scans(self, limit: int = 20) -> list[ScanRecord]:
        """The most recent scans, newest first."""
        query = sa.select(schema.scans).order_by(schema.scans.c.created_at.desc()).limit(limit)
        with self._connect() as connection:
            rows = connection.execute(query).all()
        return [
            ScanRecord(row.scan_id, row.created_at, json.loads(row.spec), row.state) for row in rows
        ]

    def set_state(self, scan_id: str, state: str) -> None:
        """Mark the scan ``running``, ``interrupted`` or ``complete``."""
        finished = datetime.now(UTC) if state == "complete" else None
        with self._begin() as connection:
            connection.execute(
                sa.update(schema.scans)
                .where(schema.scans.c.scan_id == scan_id)
                .values(state=state, finished_at=finished)
            )

    def put_account(self, scan_id: str, entry: AccountEntry) -> None:
        """Store how entering an account went (the first answer stays)."""
        row = {
            "scan_id": scan_id,
            "account_id": entry.account_id,
            "state": entry.state,
            "regions": json.dumps(list(entry.regions)),
            "message": entry.message,
            "api_calls": json.dumps([c.model_dump(mode="json") for c in entry.api_calls]),
            "stored_at": datetime.now(UTC),
        }
        with self._begin() as connection:
            connection.execute(self._insert(schema.accounts).values(**row).on_conflict_do_nothing())

    def accounts(self, scan_id: str) -> dict[str, AccountEntry]:
        """Every account entry of the scan, by account id."""
        with self._connect() as connection:
            rows = connection.execute(
                sa.select(schema.accounts).where(schema.accounts.c.scan_id == scan_id)
            ).all()
        return {row.account_id: _entry(row) for row in rows}

    def put_shard(self, scan_id: str, result: ShardResult, *, worker: str, state: str) -> bool:
        """Store a shard's result unless it is stored already; True if this call stored it."""
        from . import codec

        key = result.key
        row = {
            "scan_id": scan_id,
            "account_id": key.account_id,
            "region": key.region,
            "service": key.service,
            "state": state,
            "payload": codec.encode(result),
            "seconds": result.seconds,
            "worker": worker[:255],
            "stored_at": datetime.now(UTC),
        }
        with self._begin() as connection:
            inserted = connection.execute(
                self._insert(schema.shards)
                .values(**row)
                .on_conflict_do_nothing()
                .returning(schema.shards.c.scan_id)
            ).first()
        return inserted is not None

    def shard_keys(self, scan_id: str, account_id: str | None = None) -> set[ShardKey]:
        """The shards stored so far (of one account, or all)."""
        from ..collect.shard import ShardKey

        columns = schema.shards.c
        query = sa.select(columns.account_id, columns.region, columns.service).where(
            columns.scan_id == scan_id
        )
        if account_id is not None:
            query = query.where(columns.account_id == account_id)
        with self._connect() as connection:
            return {ShardKey(*row) for row in connection.execute(query)}

    def has_shard(self, scan_id: str, key: ShardKey) -> bool:
        """Whether ``key``'s shard is stored (one primary-key lookup)."""
        columns = schema.shards.c
        query = sa.select(columns.state).where(
            columns.scan_id == scan_id,
            columns.account_id == key.account_id,
            columns.region == key.region,
            columns.service == key.service,
        )
        with self._connect() as connection:
            return connection.execute(query).first() is not None

    def shard_rows(self, scan_id: str) -> list[tuple[ShardKey, str, str]]:
        """(key, state, worker) of every stored shard, for progress and tests."""
        from ..collect.shard import ShardKey

        columns = schema.shards.c
        query = sa.select(
            columns.account_id, columns.region, columns.service, columns.state, columns.worker
        ).where(columns.scan_id == scan_id)
        with self._connect() as connection:
            return [(ShardKey(r[0], r[1], r[2]), r[3], r[4]) for r in connection.execute(query)]

    def shards(self, scan_id: str, account_id: str) -> Iterator[ShardResult]:
        """The stored shards of one account, decoded one at a time."""
        from ..collect.shard import ShardKey
        from . import codec

        columns = schema.shards.c
        query = (
            sa.select(columns.account_id, columns.region, columns.service)
            .add_columns(columns.payload, columns.seconds)
            .where(columns.scan_id == scan_id, columns.account_id == account_id)
            .order_by(columns.region, columns.service)
        )
        with self._connect() as connection:
            rows: Sequence[Any] = connection.execute(query).all()
        for account, region, service, payload, seconds in rows:
            yield codec.decode(ShardKey(account, region, service), payload, seconds)

    def _connect(self) -> Any:
        return _Guarded(self.engine.connect, self.url)

    def _begin(self) -> Any:
        return _Guarded(self.engine.begin, self.url, self._lock)


class _Guarded:
    """A connection or transaction whose database errors become one InputError line (and
    whose writes to SQLite are serialised across this process's threads).
    """

    def __init__(self, opener: Any, url: str, lock: threading.Lock | None = None) -> None:
        self._opener = opener
        self._url = url
        self._lock = lock
        self._context: Any = None

    def __enter__(self) -> Any:
        if self._lock is not None:
            self._lock.acquire()
        try:
            self._context = self._opener()
            return self._context.__enter__()
        except SQLAlchemyError as error:
            self._release()
            raise InputError(f"scan store {self._url}: {_one_line(error)}") from None

    def __exit__(self, *exc: Any) -> None:
        try:
            self._context.__exit__(*exc)
        except SQLAlchemyError as error:
            raise InputError(f"scan store {self._url}: {_one_line(error)}") from None
        finally:
            self._release()
        if exc[0] is not None and issubclass(exc[0], SQLAlchemyError):
            raise InputError(f"scan store {self._url}: {_one_line(exc[1])}") from None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()


def _entry(row: Any) -> AccountEntry:
    from ..snapshot import ApiCallCount

    calls = tuple(ApiCallCount.model_validate(c) for c in json.loads(row.api_calls))
    return AccountEntry(
        account_id=row.account_id,
        state=row.state,
        regions=tuple(json.loads(row.regions)),
        message=row.message,
        api_calls=calls,
    )


def _one_line(error: object) -> str:
    text = " ".join(str(error).split("\n")[0].split())
    return text[:300]


def open_store(url: str | None = None) -> ScanStore:
    """Open (creating and migrating as needed) the store at ``url`` (default: the embedded
    SQLite file). InputError for a malformed URL, a missing driver, an unreachable server or
    a SQLite file whose directory cannot be made.
    """
    url = url or default_store_url()
    try:
        engine = _engine(url)
        _migrate(engine)
    except ArgumentError as error:
        raise InputError(
            f"--store {url[:200]!r} is not a database URL: {_one_line(error)}"
        ) from None
    except ModuleNotFoundError as error:
        raise InputError(
            f"--store {url[:200]!r} needs the {error.name} driver "
            "(pip install 'incloud[distributed]')"
        ) from None
    except OperationalError as error:
        raise InputError(f"cannot open the scan store: {_one_line(error.orig)}") from None
    except SQLAlchemyError as error:
        raise InputError(f"cannot open the scan store: {_one_line(error)}") from None
    except OSError as error:  # the SQLite file's directory cannot be made (a file is there)
        where = f" {error.filename}" if error.filename else ""
        raise InputError(f"cannot open the scan store:{where}: {error.strerror}") from None
    return ScanStore(engine)


def _engine(url: str) -> Engine:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        backend = parsed.get_backend_name()
        raise InputError(f"--store: incloud stores scans in SQLite or PostgreSQL, not {backend}")
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=8, max_overflow=8)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """WAL lets readers (progress, the coordinator) read while a worker writes."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic; idempotent)."""
    from alembic import command
    from alembic.config import Config

    location = resources.files("incloud.store") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location))
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


MIGRATION_LOCK = 0x1C10C
"""PostgreSQL advisory lock key: two processes opening a new store migrate it one at a time."""


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Two processes opening a new SQLite store at once migrate it one at a time (an exclusive
    lock on ``NAME.lock`` beside the file: SQLite runs DDL outside a transaction). PostgreSQL
    takes an advisory lock inside the migration's transaction instead.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
