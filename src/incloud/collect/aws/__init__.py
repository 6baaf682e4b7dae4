"""Service collectors, one module per service; importing this package registers them all."""

from ..._discovery import import_submodules

import_submodules(__name__)
