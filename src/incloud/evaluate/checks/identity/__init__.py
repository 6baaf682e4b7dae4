"""Identity and access: the root user, credentials, MFA and how permissions are granted."""

from ...._discovery import import_submodules

import_submodules(__name__)
