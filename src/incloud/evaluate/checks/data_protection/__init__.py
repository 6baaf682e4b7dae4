"""Data protection: encryption at rest, keys, and keeping data from the public."""

from ...._discovery import import_submodules

import_submodules(__name__)
