"""``python -m incloud.cli``."""

import sys

from . import main

sys.exit(main())
