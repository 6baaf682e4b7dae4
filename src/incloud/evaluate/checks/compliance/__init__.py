"""Compliance: audit logging and the evidence frameworks ask for."""

from ...._discovery import import_submodules

import_submodules(__name__)
