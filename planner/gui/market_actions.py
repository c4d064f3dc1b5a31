"""The window's market work: read or refresh the regime, set the market data folder, walk its
history forward, save the advisor's house view. Each runs on the task runner; a new regime
re-plans the client open through the :class:`planner.gui.controller.Controller`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.core.errors import InputError
from planner.core.regime import Regime
from planner.core.walkforward import Evidence
from planner.gui import dialogs
from planner.gui.controller import Actions
from planner.gui.tasks import Progress
from planner.market.regime_inputs import load_regime, save_house_view


class MarketActions(Actions):
    def load_regime(self, refresh: bool = False) -> None:
        data_dir = self.state.data_dir

        def work(progress: Progress) -> Regime:
            progress(0.1, "reading the market regime" if not refresh else "refreshing")
            folder = Path(data_dir) if data_dir else None
            return load_regime(folder, refresh=refresh, progress=progress)

        def done(regime: Regime) -> None:
            self.state.set_regime(regime)
            if regime.warnings:
                dialogs.input_problem(self.window, "Refresh", "\n".join(regime.warnings))
            self.controller.replan()

        self.runner.run(work, done, self.controller.failed, key="regime")

    def set_data_dir(self, folder: str) -> None:
        self.state.data_dir = folder
        self.load_regime()
        self.load_history()

    def load_history(self) -> None:
        """The composite at every month-end of the data folder's history, in the background
        (nothing when the folder has no small-cap closes)."""
        folder = self.state.data_dir
        if folder is None:
            return

        def work(progress: Progress) -> Evidence | None:
            from planner.core.walkforward import NoHistory, walk_forward
            from planner.market.regime_inputs import load_history

            progress(0.1, "reading the history")
            try:
                market = load_history(Path(folder))
                return walk_forward(market, resamples=0, progress=progress)
            except (InputError, NoHistory):
                return None

        self.runner.run(work, self.state.set_history, self.controller.failed, key="history")

    def save_house_view(self, as_of: date, source: str, values: dict[str, float]) -> None:
        try:
            save_house_view(as_of, source, values)
        except (OSError, InputError) as err:
            dialogs.input_problem(self.window, "House view", str(err))
            return
        self.load_regime()
