"""``python -m safeshift.cli``: the same as the ``safeshift`` command."""

import sys

from . import main

sys.exit(main())
