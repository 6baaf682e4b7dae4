"""The check catalogue, by customer domain then service. Importing it registers every check."""

from ..._discovery import import_submodules

import_submodules(__name__, skip=frozenset({"factories"}))
