"""Network security: exposure, segmentation and flow logging."""

from ...._discovery import import_submodules

import_submodules(__name__)
