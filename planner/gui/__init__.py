"""The desktop app: PySide6 widgets over the planner's Qt-free views.

What the window needs of the planner and of pandas is imported here, before Qt: once PySide6
is imported, its ``__feature__`` import hook reads the source of every module imported after
it, which cost the app's start about a fifth of a second (measured: ``make bench``)."""

import planner.book_replan
import planner.bookflow
import planner.reports.outputs
import planner.views.archive
import planner.views.book
import planner.views.exposure
import planner.views.holdings
import planner.views.household
import planner.views.plan
import planner.views.regime
import planner.workflow  # noqa: F401
