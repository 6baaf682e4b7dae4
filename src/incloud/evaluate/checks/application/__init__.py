"""Application security: instance metadata, runtimes and public entry points."""

from ...._discovery import import_submodules

import_submodules(__name__)
