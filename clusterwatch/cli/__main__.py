"""``python -m clusterwatch.cli``: the same as the ``clusterwatch`` console script."""

import sys

from clusterwatch.cli import main

sys.exit(main())
