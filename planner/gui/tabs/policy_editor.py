"""The policy editor: every setting of the household's policy, saved as you edit. Edits within
120 ms make one re-plan; targets that do not add up are refused by the core's own rule."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from planner.core.plan import BUCKET_NAMES
from planner.core.policy import BUCKETS, MODES, Bands, Policy, Restrictions, targets_error
from planner.views.labels import MODES as MODE_LABELS
from planner.views.labels import label


class PolicyEditor(QGroupBox):
    """``changed`` fires with the new Policy after each edit; ``invalid`` with the reason when
    the edit cannot make a policy (the plan on screen is then out of date)."""

    changed = Signal(object)
    invalid = Signal(str)

    def __init__(self, policy: Policy) -> None:
        super().__init__("Policy")
        self._policy = policy
        form = QFormLayout(self)
        self.targets: dict[str, QDoubleSpinBox] = {}
        for k in BUCKETS:
            box = self._spin(100 * policy.targets.get(k, 0.0), 0, 100, "%")
            box.setAccessibleName(f"Target {BUCKET_NAMES[k]}")
            self.targets[k] = box
            form.addRow(f"Target {BUCKET_NAMES[k]}", box)
        self.total = QLabel()
        form.addRow("Targets add up to", self.total)
        self.band_abs = self._spin(100 * policy.bands.absolute, 0, 50, "%")
        self.band_rel = self._spin(100 * policy.bands.relative, 0, 100, "%")
        form.addRow("Band, absolute", self.band_abs)
        form.addRow("Band, relative", self.band_rel)
        self.tilt_on = QCheckBox("Tilt toward the regime")
        self.tilt_on.setChecked(policy.tilt.enabled)
        self.tilt_on.toggled.connect(self._emit_later)
        form.addRow(self.tilt_on)
        self.tilt_max = self._spin(100 * policy.tilt.max, 0, 20, "%")
        form.addRow("Tilt at full strength", self.tilt_max)
        self.override = QLineEdit(policy.tilt.override_reason)
        self.override.setPlaceholderText("empty: the tilt fades as the regime ages")
        self.override.setAccessibleName("Tilt override reason")
        self.override.setToolTip(
            "A reason here applies the tilt at full strength whatever the regime's age; "
            "it is recorded in the plan, the workbook and the archive"
        )
        self.override.editingFinished.connect(self._emit_later)
        form.addRow("Override the fade, because", self.override)
        self.mode = QComboBox()
        for code in MODES:
            self.mode.addItem(label(MODE_LABELS, code), code)
        self.mode.setCurrentIndex(self.mode.findData(policy.trading.mode))
        self.mode.currentIndexChanged.connect(self._emit_later)
        form.addRow("Mode", self.mode)
        self.new_cash = self._spin(policy.trading.new_cash, 0, 1e9, "$")
        self.raise_cash = self._spin(policy.trading.raise_cash, 0, 1e9, "$")
        self.reserve = self._spin(policy.trading.cash_reserve, 0, 1e9, "$")
        self.min_trade = self._spin(policy.trading.min_trade, 0, 1e7, "$")
        form.addRow("New cash (cash flow)", self.new_cash)
        form.addRow("Cash to raise", self.raise_cash)
        form.addRow("Cash reserve per account", self.reserve)
        form.addRow("Minimum trade", self.min_trade)
        self.fractional = QCheckBox("Fractional shares")
        self.fractional.setChecked(policy.trading.fractional)
        self.fractional.toggled.connect(self._emit_later)
        form.addRow(self.fractional)
        self.single = QCheckBox("May add to single stocks held")
        self.single.setChecked(policy.trading.buy_single_stocks)
        self.single.toggled.connect(self._emit_later)
        form.addRow(self.single)
        self.max_position = self._spin(100 * policy.trading.max_position, 0, 100, "%")
        form.addRow("Largest single stock", self.max_position)
        self.max_tax = self._spin(policy.tax.max_tax or 0.0, 0, 1e9, "$")
        self.max_tax.setSpecialValueText("no limit")
        form.addRow("Tax budget", self.max_tax)
        self.harvest = QCheckBox("Harvest tax losses")
        self.harvest.setChecked(policy.tax.harvest)
        self.harvest.toggled.connect(self._emit_later)
        form.addRow(self.harvest)
        self.no_sell = QLineEdit(", ".join(policy.restrictions.do_not_sell))
        self.no_buy = QLineEdit(", ".join(policy.restrictions.do_not_buy))
        self.unsupervised = QLineEdit(", ".join(policy.restrictions.unsupervised))
        self.held_away = QLineEdit(", ".join(policy.restrictions.held_away))
        for edit, name, hint in (
            (self.no_sell, "Do not sell", "symbols, comma separated"),
            (self.no_buy, "Do not buy", "symbols, comma separated"),
            (self.unsupervised, "Unsupervised", "symbols never traded, comma separated"),
            (self.held_away, "Held-away accounts", "account numbers never traded"),
        ):
            edit.setAccessibleName(name)
            edit.setPlaceholderText(hint)
            edit.editingFinished.connect(self._emit_later)
            form.addRow(name, edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)  # edits within 120 ms make one re-plan
        self._timer.timeout.connect(self.emit_now)
        self._update_total()

    def _widgets(self) -> list[QWidget]:
        return [
            *self.targets.values(),
            self.band_abs,
            self.band_rel,
            self.tilt_on,
            self.tilt_max,
            self.override,
            self.mode,
            self.new_cash,
            self.raise_cash,
            self.reserve,
            self.min_trade,
            self.fractional,
            self.single,
            self.max_position,
            self.max_tax,
            self.harvest,
            self.no_sell,
            self.no_buy,
            self.unsupervised,
            self.held_away,
        ]

    def set_policy(self, policy: Policy) -> None:
        """Show ``policy`` (a household's own) without re-planning for each field."""
        self._policy = policy
        for w in self._widgets():
            w.blockSignals(True)
        for k, box in self.targets.items():
            box.setValue(100 * policy.targets.get(k, 0.0))
        self.band_abs.setValue(100 * policy.bands.absolute)
        self.band_rel.setValue(100 * policy.bands.relative)
        self.tilt_on.setChecked(policy.tilt.enabled)
        self.tilt_max.setValue(100 * policy.tilt.max)
        self.override.setText(policy.tilt.override_reason)
        self.mode.setCurrentIndex(self.mode.findData(policy.trading.mode))
        self.new_cash.setValue(policy.trading.new_cash)
        self.raise_cash.setValue(policy.trading.raise_cash)
        self.reserve.setValue(policy.trading.cash_reserve)
        self.min_trade.setValue(policy.trading.min_trade)
        self.fractional.setChecked(policy.trading.fractional)
        self.single.setChecked(policy.trading.buy_single_stocks)
        self.max_position.setValue(100 * policy.trading.max_position)
        self.max_tax.setValue(policy.tax.max_tax or 0.0)
        self.harvest.setChecked(policy.tax.harvest)
        self.no_sell.setText(", ".join(policy.restrictions.do_not_sell))
        self.no_buy.setText(", ".join(policy.restrictions.do_not_buy))
        self.unsupervised.setText(", ".join(policy.restrictions.unsupervised))
        self.held_away.setText(", ".join(policy.restrictions.held_away))
        for w in self._widgets():
            w.blockSignals(False)
        self._update_total()

    def _spin(self, value: float, lo: float, hi: float, unit: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(lo, hi)
        box.setDecimals(1 if unit == "%" else 0)
        box.setSingleStep(1.0 if unit == "%" else 100.0)
        if unit == "%":
            box.setSuffix(" %")
        else:
            box.setPrefix("$ ")
            box.setGroupSeparatorShown(True)
        box.setValue(value)
        box.valueChanged.connect(self._emit_later)
        return box

    def _targets(self) -> dict[str, float]:
        return {k: b.value() / 100 for k, b in self.targets.items()}

    def _update_total(self) -> str | None:
        """Show the targets' sum; the core's reason when they cannot make a policy."""
        problem = targets_error(self._targets())
        total = sum(b.value() for b in self.targets.values())
        self.total.setText(f"{total:.1f}%" + ("" if problem is None else " - must be 100% to plan"))
        self.total.setStyleSheet("" if problem is None else "color: #b00020")
        return problem

    def _emit_later(self, *_: object) -> None:
        self._timer.start()

    def policy(self) -> Policy | None:
        """The edited policy, or None while the targets break the core's rule."""
        if self._update_total() is not None:
            return None
        p = self._policy

        def items(edit: QLineEdit, upper: bool = True) -> tuple[str, ...]:
            parts = (s.strip() for s in edit.text().split(","))
            return tuple(s.upper() if upper else s for s in parts if s)

        trading = replace(
            p.trading,
            mode=self.mode.currentData(),
            new_cash=self.new_cash.value(),
            raise_cash=self.raise_cash.value(),
            cash_reserve=self.reserve.value(),
            min_trade=self.min_trade.value(),
            fractional=self.fractional.isChecked(),
            buy_single_stocks=self.single.isChecked(),
            max_position=self.max_position.value() / 100,
        )
        tax = replace(p.tax, max_tax=self.max_tax.value() or None, harvest=self.harvest.isChecked())
        tilt = replace(
            p.tilt,
            enabled=self.tilt_on.isChecked(),
            max=self.tilt_max.value() / 100,
            override_reason=" ".join(self.override.text().split())[:500],
        )
        restrictions = Restrictions(
            items(self.no_sell),
            items(self.no_buy),
            held_away=items(self.held_away, upper=False),
            unsupervised=items(self.unsupervised),
        )
        return replace(
            p,
            targets=self._targets(),
            bands=Bands(self.band_abs.value() / 100, self.band_rel.value() / 100),
            tilt=tilt,
            trading=trading,
            restrictions=restrictions,
            tax=tax,
        )

    def emit_now(self) -> None:
        """Send the edit now (the timer does it 120 ms after the last change)."""
        self._timer.stop()
        problem = self._update_total()
        policy = self.policy()
        if policy is None:
            self.invalid.emit(f"targets: {problem}")
            return
        self._policy = policy
        self.changed.emit(policy)
