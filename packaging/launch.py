"""Entry point of the bundled application: the same as the ``rotation-planner`` command
(no arguments opens the desktop app)."""

import sys

from planner.cli import main

if __name__ == "__main__":
    sys.exit(main())
