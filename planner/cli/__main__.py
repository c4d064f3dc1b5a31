"""``python -m planner.cli``. Guarded: a planning worker is spawned, and it imports the main
module again - it must not run the command a second time."""

import multiprocessing

from planner.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
