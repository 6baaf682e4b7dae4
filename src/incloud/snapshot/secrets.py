"""What a secret scan of configuration found, without the secret itself.

Collectors scan environment variables, user data and task definitions as they read them
(``incloud.collect.secrets``) and keep only these findings: where the secret sits, what kind
it looks like, and a masked preview. The raw value never reaches a snapshot.
"""

from __future__ import annotations

from .base import Frozen


class SecretFinding(Frozen):
    """One value that looks like a secret.

    ``location`` names where it is (a variable name, ``line 3``, or ``container web:
    API_TOKEN``); ``secret_type`` is the detector's name for it (``AWS Access Key``,
    ``Secret Keyword``...); ``preview`` is masked (``ab****yz`` or ``****``).
    """

    location: str
    secret_type: str
    preview: str = "****"
