"""The ``--json`` documents of the command line (their keys are the README's contract)."""

from __future__ import annotations

from typing import Any

from planner.core.holdings import Household, ImportWarning


def _cents(x: float) -> float:
    return round(x + 0.0, 2)


def warning_json(w: ImportWarning) -> dict[str, Any]:
    return {"file": w.file, "line": w.line, "account_id": w.account_id, "message": w.message}


def holdings_json(household: Household) -> dict[str, Any]:
    """``rotation-planner holdings --json``: files, accounts with positions, total, warnings."""
    totals = household.account_totals()
    accounts = []
    for acct in household.accounts:
        positions = [
            {
                "symbol": r.symbol,
                "description": r.description,
                "asset_type": r.asset_type,
                "quantity": r.quantity,
                "price": r.price,
                "market_value": r.market_value,
                "cost_basis": r.cost_basis,
                "source_line": r.source_line,
            }
            for r in household.records(acct.id)
        ]
        cash, total = totals[acct.id]
        accounts.append(
            {
                "id": acct.id,
                "name": acct.name,
                "type": acct.type,
                "source": acct.source,
                "positions": positions,
                "cash": _cents(cash),
                "total": _cents(total),
                "reported_total": acct.reported_total,
            }
        )
    return {
        "files": [
            {
                "path": f.path,
                "format": f.format,
                "as_of": f.as_of.isoformat() if f.as_of else None,
            }
            for f in household.files
        ],
        "accounts": accounts,
        "total": _cents(household.total),
        "warnings": [warning_json(w) for w in household.warnings],
    }
