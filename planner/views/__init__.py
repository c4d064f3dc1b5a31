"""What the app shows, computed without Qt: each tab's tables as DataFrames and its sentences
as text, built from a :class:`~planner.workflow.PlanRun` or a regime. The Qt tabs in
:mod:`planner.gui.tabs` only put these on screen, so every figure a user sees is unit-tested
here without a window (napari's model/view split)."""
