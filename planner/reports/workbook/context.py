"""What the workbook shows beyond the plan (:class:`WorkbookContext`), and what every sheet
shares while it is written (:class:`Book`): the masker, account labels, the page header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from planner.core.buckets import SizeScheme
from planner.core.holdings import Household
from planner.core.plan import Plan
from planner.core.privacy import mask_account
from planner.reports.workbook.layout import Masker
from planner.reports.workbook.page import PageInfo


@dataclass(frozen=True)
class WorkbookContext:
    """What the workbook shows beyond the plan itself. ``client`` is the household's name as
    the caller knows it; ``author`` the settings' ``[report] author``."""

    plan_id: str
    created: datetime
    app_version: str
    author: str = ""
    regime_signals: Sequence[Mapping[str, Any]] = ()
    positions: Sequence[Mapping[str, Any]] = ()  # account_id, symbol, description, value, mix,
    # source, as_of, after (value after the plan)
    thresholds: Mapping[str, float] = field(default_factory=dict)  # lower bounds, dollars
    data_sources: Sequence[str] = ()
    mask_accounts: bool = True
    client: str = ""
    scheme: SizeScheme | None = None  # the size scheme the plan was classified under
    fund_view: str = ""  # how funds count: "look-through" or "index"


def _account_ids(plan: Plan, household: Household) -> set[str]:
    """Every account number the plan or the household names, policy keys included."""
    ids = {a.id for a in household.accounts}
    ids |= {a.id for a in plan.accounts}
    ids |= {t.account_id for t in plan.trades}
    ids |= {f.account_id for f in plan.frozen}
    trading = plan.policy.trading
    ids |= (
        set(plan.policy.restrictions.held_away) | set(trading.deposits) | set(trading.withdrawals)
    )
    return {i for i in ids if i}


class Book:
    """Shared by every sheet of one workbook."""

    def __init__(self, plan: Plan, household: Household, ctx: WorkbookContext) -> None:
        self.plan = plan
        self.household = household
        self.ctx = ctx
        self.mask = Masker(_account_ids(plan, household), ctx.mask_accounts)
        self.page = PageInfo(
            client=self.mask(ctx.client.strip()),
            author=self.mask(ctx.author.strip()),
            created=ctx.created,
            plan_id=ctx.plan_id,
        )
        self._names: dict[str, str] = {a.id: a.name for a in household.accounts}
        for cash in plan.accounts:
            self._names.setdefault(cash.id, cash.name)
        self._types: dict[str, str] = {a.id: a.type for a in household.accounts}
        for cash in plan.accounts:
            self._types.setdefault(cash.id, cash.type)

    def number(self, account_id: str) -> str:
        """The account number as paper shows it: ``…4321`` when masking, else in full."""
        return mask_account(account_id) if self.ctx.mask_accounts else account_id

    def account(self, account_id: str, name: str = "") -> str:
        """``Joint Tenant …4417``: the account's name and its (masked) number, so two
        accounts with one name are told apart; the name alone when it already ends with the
        number's last four characters."""
        name = (name or self._names.get(account_id, "")).strip()
        number = self.number(account_id)
        if not name:
            return number
        if self.ctx.mask_accounts and name.endswith(account_id[-4:]):
            return self.mask(name)
        return self.mask(f"{name} {number}")

    def account_type(self, account_id: str, fallback: str = "unknown") -> str:
        return self._types.get(account_id, fallback)
