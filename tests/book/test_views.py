"""The book's list without Qt: the figures of a plan (shares, the bucket furthest outside its
band), stale data and its reasons, the table the Book tab shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from planner.book.plans import ClientRow, plan_figures
from planner.core.plan import BUCKET_NAMES
from planner.views.book import BOOK_COLUMNS, book_frame, row_record, stale_reasons

TODAY = date(2026, 11, 30)


def _doc(buckets: dict[str, tuple[float, float, float]]) -> dict[str, object]:
    return {
        "household_total": 1000.0,
        "trades": [{}, {}],
        "turnover": 50.0,
        "tax_total": 1.5,
        "buckets": {
            k: {"current": c, "target": t, "band": b, "post": t, "policy_target": t}
            for k, (c, t, b) in buckets.items()
        },
    }


def test_the_bucket_furthest_outside_its_band() -> None:
    # mega 10 pts over a 5-pt band (5 beyond); small 2 under a 3-pt band (inside, -1)
    f = plan_figures(
        _doc(
            {
                "mega": (0.50, 0.40, 0.05),
                "small": (0.08, 0.10, 0.03),
                "bonds": (0.42, 0.50, 0.10),
                "micro": (0.0, 0.0, 0.01),
            }
        )
    )
    assert f["drift_bucket"] == "mega" and f["drift"] == pytest.approx(0.05)
    assert (f["mega"], f["small"], f["trades"]) == (0.50, 0.08, 2)
    inside = plan_figures(_doc({"mega": (0.41, 0.40, 0.05), "small": (0.08, 0.10, 0.03)}))
    assert inside["drift"] == pytest.approx(-0.01) and inside["drift_bucket"] == "small"


ROW = ClientRow(
    1,
    "Ann",
    "",
    1000.0,
    50.0,
    date(2026, 11, 20),
    "2026-11-21T09:00:00",
    "2026-11-21T09:00:00",
    2,
    "p1",
    "2026-11-22T09:00:00",
    "draft",
    0.5,
    0.08,
    0.05,
    "mega",
    2,
    None,
    None,
)


def test_stale_reasons_from_the_dates() -> None:
    assert stale_reasons(ROW, TODAY) == []
    old = replace(ROW, holdings_as_of=date(2026, 10, 1))
    assert stale_reasons(old, TODAY) == ["holdings 60 days old"]
    assert stale_reasons(replace(ROW, holdings_as_of=None), TODAY) == ["holdings undated"]
    later = replace(
        ROW, holdings_updated="2026-11-23T08:00:00", policy_updated="2026-11-24T08:00:00"
    )
    assert stale_reasons(later, TODAY) == [
        "holdings newer than the plan",
        "policy changed since the plan",
    ]
    assert stale_reasons(replace(ROW, accounts=0), TODAY) == ["no holdings imported"]


def test_the_table_and_the_json_record() -> None:
    fresh = replace(ROW, id=2, name="Ben", drift=-0.01, drift_bucket="small")
    failed = replace(
        ROW,
        id=3,
        name="Cy",
        plan_id=None,
        plan_status=None,
        plan_created=None,
        mega=None,
        small=None,
        drift=None,
        drift_bucket=None,
        error="Cy: policy of Cy:4: targets add up to 0.9",
    )
    frame, ids = book_frame([ROW, fresh, failed], TODAY)
    assert list(frame.columns) == [*BOOK_COLUMNS, "_flag", "_tip"] and ids == [1, 2, 3]
    assert frame["_flag"].tolist() == [True, False, False]  # only Ann is outside a band
    assert frame.loc[0, "Bucket"] == BUCKET_NAMES["mega"]
    assert frame.loc[2, "Status"].startswith("no plan: Cy: policy of Cy:4")
    assert frame["Value"].dtype == "float64" and pd.isna(frame.loc[2, "Mega-caps"])
    record = row_record(ROW, TODAY)
    assert record["last_plan"] == {
        "id": "p1",
        "created": "2026-11-22T09:00:00",
        "status": "draft",
        "trades": 2,
    }
    assert record["beyond_band"] == 0.05 and record["stale"] == []
    assert row_record(failed, TODAY)["last_plan"] is None
