"""``python -m planner`` is the same as the ``rotation-planner`` command."""

import multiprocessing

from planner.cli import main

if __name__ == "__main__":  # a worker process of a book re-plan imports this module too
    multiprocessing.freeze_support()
    raise SystemExit(main())
