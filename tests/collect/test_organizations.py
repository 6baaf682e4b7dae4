"""The organisation the account belongs to, on moto."""

from __future__ import annotations

from incloud.collect.runner import collect
from incloud.collect.session import AwsSession
from incloud.snapshot.organizations import OrganizationMembership
from tests.collect.moto_account import ACCOUNT, raw_client


def test_no_organisation_is_an_answer_not_a_gap(session: AwsSession) -> None:
    snapshot = collect(session, services=["organizations"])
    assert not list(snapshot.of_type(OrganizationMembership))
    assert not snapshot.gaps


def test_membership_is_collected(session: AwsSession) -> None:
    created = raw_client("organizations").create_organization(FeatureSet="ALL")["Organization"]
    snapshot = collect(session, services=["organizations"])
    (membership,) = snapshot.of_type(OrganizationMembership)
    assert membership.organization_id == created["Id"]
    assert membership.account_id == ACCOUNT
    assert membership.is_management_account
