"""``python -m planner`` is the same as the ``rotation-planner`` command."""

from planner.cli import main

raise SystemExit(main())
