"""``python -m c2q``: the ``c2q`` command."""

import sys

from c2q.cli import main

sys.exit(main())
