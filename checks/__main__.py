"""Allow `python -m checks ...`."""

from __future__ import annotations

import sys

from checks.cli import main

if __name__ == "__main__":
    sys.exit(main())
