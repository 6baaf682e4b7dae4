"""Amazon Cognito user pools (IAM prefix ``cognito-idp``)."""

from __future__ import annotations

from typing import ClassVar, Literal

from .base import Resource


class CognitoUserPool(Resource):
    """A Cognito user pool. ``threat_protection`` is its threat protection mode for standard
    authentication (``AdvancedSecurityMode``: ``OFF``, ``AUDIT`` or ``ENFORCED``); a pool
    described without add-ons has it ``OFF``; None when the pool could not be described.
    """

    kind: Literal["cognito-idp.user-pool"] = "cognito-idp.user-pool"
    pool_id: str
    threat_protection: str | None = None

    service: ClassVar[str] = "cognito-idp"
    listed_by: ClassVar[tuple[str, ...]] = ("cognito-idp:ListUserPools",)
