"""Entry point of the bundled application: the same as the ``rotation-planner`` command
(no arguments opens the desktop app). ``freeze_support`` lets the book's re-plan start its
worker processes from the bundle (they run this file again, as workers)."""

import multiprocessing
import sys

from planner.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
