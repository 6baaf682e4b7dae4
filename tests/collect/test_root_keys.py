"""The root user's access-key use, from the credential report's ``<root_account>`` row.

moto (5.2) writes the report's full header, ``access_key_1_last_used_date`` and
``access_key_2_last_used_date`` included, but no ``<root_account>`` row at all: the root
user is unknown from a plain moto account. The moto cases below therefore add the row AWS
writes ("Getting credential reports for your AWS account", IAM User Guide) to moto's own
report, under moto's own header, and collect it through the real path (botocore's parsing
of moto's answer included). Reports shaped in ways moto never writes (a header without the
last-used columns, a value the guide does not document) are queued with the Stubber.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from moto.iam.models import IAMBackend

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.evaluate import Verdict, all_checks, evaluate
from incloud.snapshot import GLOBAL, Snapshot
from incloud.snapshot.iam import IamAccount, RootUser
from tests.collect.moto_account import ACCOUNT, raw_client
from tests.collect.stubs import OperationStubber
from tests.collect.test_optional_fields import bare, run, stub_iam

CHECK = "iam.root-access-keys-not-used-recently"

MOTO_HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
)
"""moto's report header, which is AWS's."""


def root_row(
    key_1: tuple[str, str] = ("false", "N/A"), key_2: tuple[str, str] = ("false", "N/A")
) -> str:
    """A ``<root_account>`` row as AWS writes it: each key as (active, last used date)."""
    values = {
        "user": "<root_account>",
        "arn": f"arn:aws:iam::{ACCOUNT}:root",
        "user_creation_time": "2020-01-01T00:00:00+00:00",
        "password_enabled": "not_supported",
        "password_last_used": "2026-01-05T10:00:00+00:00",
        "password_last_changed": "not_supported",
        "password_next_rotation": "not_supported",
        "mfa_active": "true",
    }
    for number, (active, used) in ((1, key_1), (2, key_2)):
        values |= {
            f"access_key_{number}_active": active,
            f"access_key_{number}_last_rotated": "2021-03-01T00:00:00+00:00"
            if used != "N/A" or active == "true"
            else "N/A",
            f"access_key_{number}_last_used_date": used,
            f"access_key_{number}_last_used_region": "N/A" if used == "N/A" else "us-east-1",
            f"access_key_{number}_last_used_service": "N/A" if used == "N/A" else "s3",
        }
    values |= {
        "cert_1_active": "false",
        "cert_1_last_rotated": "N/A",
        "cert_2_active": "false",
        "cert_2_last_rotated": "N/A",
    }
    assert list(values) == MOTO_HEADER.split(",")
    return ",".join(values.values()) + "\n"


@pytest.fixture
def with_root(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make moto's credential report carry ``row`` after its own header (checked to be the
    one above) and its own user rows.
    """

    def install(row: str) -> None:
        original = IAMBackend.get_credential_report

        def report(self: IAMBackend) -> str:
            text = original(self)
            assert text.split("\n", 1)[0] == MOTO_HEADER
            return text + row

        monkeypatch.setattr(IAMBackend, "get_credential_report", report)

    return install


def root_of(snapshot: Snapshot) -> RootUser:
    (account,) = snapshot.of_type(IamAccount)
    assert account.root is not None
    return account.root


def verdict(snapshot: Snapshot) -> Verdict:
    (finding,) = evaluate(snapshot, [all_checks()[CHECK]]).findings
    return finding.verdict


def test_moto_writes_the_columns_but_no_root_row(session: AwsSession) -> None:
    iam = raw_client("iam")
    iam.create_user(UserName="alice")
    iam.generate_credential_report()
    content = iam.get_credential_report()["Content"].decode()
    header, *rows = content.splitlines()
    assert header == MOTO_HEADER
    assert [row.split(",")[0] for row in rows] == ["alice"]

    snapshot = collect(session, services=["iam"])

    (account,) = snapshot.of_type(IamAccount)
    assert account.root is None
    assert verdict(snapshot) is Verdict.UNKNOWN


def test_a_root_key_used_recently_is_collected_and_fails(
    session: AwsSession, with_root: Callable[[str], None]
) -> None:
    # Key 2 was deactivated after its use: the report keeps the date, and it still counts.
    with_root(
        root_row(
            key_1=("true", "2019-06-01T12:00:00+00:00"),
            key_2=("false", "2026-10-20T07:31:02+00:00"),
        )
    )

    snapshot = collect(session, services=["iam"])

    root = root_of(snapshot)
    assert root.access_key_use_collected
    assert (root.access_key_1_active, root.access_key_2_active) == (True, False)
    assert root.access_key_1_last_used == datetime(2019, 6, 1, 12, tzinfo=UTC)
    assert root.access_key_2_last_used == datetime(2026, 10, 20, 7, 31, 2, tzinfo=UTC)
    # Judged as of a fixed collection day, 12 days after key 2's last use.
    (finding,) = evaluate(
        snapshot.model_copy(update={"collected_at": datetime(2026, 11, 1, tzinfo=UTC)}),
        [all_checks()[CHECK]],
    ).findings
    assert finding.verdict is Verdict.FAIL
    assert finding.evidence["keys"] == [2]


def test_never_used_root_keys_read_as_known_and_unused(
    session: AwsSession, with_root: Callable[[str], None]
) -> None:
    # "N/A": no key, or a key that never signed a request. Known, so the check passes.
    with_root(root_row(key_1=("true", "N/A")))

    snapshot = collect(session, services=["iam"])

    root = root_of(snapshot)
    assert root.access_key_use_collected
    assert (root.access_key_1_last_used, root.access_key_2_last_used) == (None, None)
    assert root.access_key_1_active
    assert verdict(snapshot) is Verdict.PASS


def test_the_field_survives_a_save_and_load_and_an_old_snapshot_reads_as_not_collected(
    session: AwsSession, with_root: Callable[[str], None]
) -> None:
    with_root(root_row(key_1=("true", "2026-10-20T07:31:02+00:00")))
    snapshot = collect(session, services=["iam"])
    document = snapshot.model_dump(mode="json")
    assert Snapshot.model_validate(document) == snapshot

    # A snapshot written before the columns were collected has none of the three fields.
    (raw,) = [r for r in document["resources"] if r["kind"] == "iam.account"]
    for name in ("access_key_1_last_used", "access_key_2_last_used", "access_key_use_collected"):
        del raw["root"][name]
    old = Snapshot.model_validate(document)

    root = root_of(old)
    assert not root.access_key_use_collected and root.access_key_1_active
    assert verdict(old) is Verdict.UNKNOWN


def report_with(header: str, row: str) -> dict[str, object]:
    return {"Content": f"{header}\n{row}\n".encode(), "ReportFormat": "text/csv"}


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # a report without the last-used columns: nothing says the key was never used
        (
            "user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active",
            f"<root_account>,arn:aws:iam::{ACCOUNT}:root,not_supported,true,true,false",
        ),
        # one column present, the other absent
        (
            "user,arn,mfa_active,access_key_1_active,access_key_1_last_used_date,"
            "access_key_2_active",
            f"<root_account>,arn:aws:iam::{ACCOUNT}:root,true,true,N/A,false",
        ),
        # values the guide does not document for the column
        (
            "user,arn,mfa_active,access_key_1_active,access_key_1_last_used_date,"
            "access_key_2_active,access_key_2_last_used_date",
            f"<root_account>,arn:aws:iam::{ACCOUNT}:root,true,true,no_information,false,N/A",
        ),
        (
            "user,arn,mfa_active,access_key_1_active,access_key_1_last_used_date,"
            "access_key_2_active,access_key_2_last_used_date",
            f"<root_account>,arn:aws:iam::{ACCOUNT}:root,true,true,2026-13-45,false,N/A",
        ),
    ],
    ids=["no-columns", "one-column", "undocumented-word", "not-a-date"],
)
def test_a_report_that_does_not_say_when_keys_were_used_leaves_use_unknown(
    session: AwsSession, header: str, row: str
) -> None:
    with OperationStubber(session.client("iam", "us-east-1")) as stubber:
        stub_iam(stubber, report_with(header, row), bare())

        resources, unit = run(session, "iam", GLOBAL)

        stubber.assert_no_pending_responses()
    assert unit.gaps == []
    (account,) = [r for r in resources if isinstance(r, IamAccount)]
    assert account.root is not None and account.root.access_key_1_active
    assert not account.root.access_key_use_collected
    assert account.root.access_key_1_last_used is None
