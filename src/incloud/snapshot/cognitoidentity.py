"""Amazon Cognito identity pools: whether they hand credentials to unauthenticated
identities, and by which flow (what escalation analysis needs to know whether a role set on a
pool is open to anyone).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class CognitoIdentityPool(Resource):
    """An identity pool: it hands its identities credentials for the roles set on it."""

    kind: Literal["cognito-identity.identity-pool"] = "cognito-identity.identity-pool"
    described: bool = False
    """True when ``DescribeIdentityPool`` answered: the fields below were read."""
    allow_unauthenticated: bool = False
    """Guest (unauthenticated) identities are given credentials."""
    allow_classic_flow: bool = False
    """The basic (classic) flow is on: ``GetOpenIdToken`` then ``AssumeRoleWithWebIdentity``
    gives the role's own permissions, without the scope-down policy of the enhanced flow."""

    service: ClassVar[str] = "cognito-identity"
    listed_by: ClassVar[tuple[str, ...]] = ("cognito-identity:ListIdentityPools",)

    @property
    def pool_id(self) -> str:
        """The pool's id (``region:uuid``), the ``cognito-identity.amazonaws.com:aud`` of its
        identities' tokens.
        """
        return self.arn.rsplit("/", 1)[-1]
