"""``python -m tests.benchmarks``: run every benchmark, print a table for the README."""

from __future__ import annotations

import compileall
import json
import platform
import sys
import tempfile
from pathlib import Path

from tests.benchmarks import (
    bench_book,
    bench_classify,
    bench_cli,
    bench_gui,
    bench_import,
    bench_model_reuse,
    bench_solver,
    bench_walkforward,
    bench_workbook,
)


def main() -> int:
    # bytecode for every module, as an installed copy has it (pip compiles on install); the
    # start-up figures below would otherwise include compiling what changed since the last run
    compileall.compile_dir(Path(__file__).resolve().parents[2] / "planner", quiet=1)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["import"] = bench_import.run(Path(tmp))
    r = results["import"]
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"import 100,001-row Schwab export: {r['import_s'] * 1000:,.0f} ms; "
        f"pandas.read_csv(dtype=str) of the table: {r['read_csv_table_s'] * 1000:,.0f} ms "
        f"-> ratio {r['ratio_vs_table']:.2f} (target <= 2.5); "
        f"vs read_csv(path, dtype=str) on the raw file: {r['read_csv_literal_s'] * 1000:,.0f} ms "
        f"-> ratio {r['ratio_vs_literal']:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        results["import_memory"] = m = bench_import.run_memory(Path(tmp))
    print(
        f"import {m['rows']:,.0f}-row Schwab export ({m['file_mb']:,.0f} MB): peak memory "
        f"{m['import_peak_mb']:,.0f} MB = {m['peak_over_file']:.2f}x the file (target <= 5), "
        f"{m['import_s']:,.1f} s; pandas.read_csv(dtype=str) of the table: "
        f"{m['read_csv_peak_mb']:,.0f} MB, {m['read_csv_s']:,.1f} s -> ratio "
        f"{m['peak_ratio_vs_read_csv']:.2f} memory, {m['time_ratio_vs_read_csv']:.2f} time"
    )
    results["classify"] = c = bench_classify.run()
    print(
        f"classify a {c['positions']:,.0f}-position household against the "
        f"{c['securities']:,.0f}-security universe: {c['classify_s'] * 1000:,.0f} ms "
        f"(with the exposure: {c['exposure_s'] * 1000:,.0f} ms); bare pandas merge of the same "
        f"positions with the same table: {c['merge_s'] * 1000:,.1f} ms -> ratio "
        f"{c['ratio']:.1f} (exposure {c['exposure_ratio']:.1f}); loading the universe "
        f"{c['load_reference_s'] * 1000:,.0f} ms"
    )
    results["solver"] = s = bench_solver.run()
    print(
        f"solve a 4 x 60 household: median {s['median_s'] * 1000:,.0f} ms "
        f"(p95 {s['p95_s'] * 1000:,.0f} ms; target <= 50 ms); HiGHS on the bare relaxation "
        f"{s['bare_relaxation_median_s'] * 1000:,.0f} ms -> ratio {s['ratio']:.2f}; "
        f"book of {s['book_households']:,.0f} households on {s['workers']:.0f} cores: "
        f"{s['book_wall_s']:,.1f} s (target <= 60 s); proven gap: median "
        f"{s['median_gap_fraction_of_household']:.1e}, max "
        f"{s['max_gap_fraction_of_household']:.1e} of the household's value"
    )
    with tempfile.TemporaryDirectory() as tmp:
        results["workbook"] = w = bench_workbook.run(Path(tmp))
    print(
        f"workbook of a {w['trades']:,.0f}-trade book: {w['workbook_s']:,.1f} s; bare openpyxl "
        f"write-only dump of the same values: {w['bare_s']:,.1f} s -> ratio {w['ratio']:.2f} "
        f"(target <= 1.5)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        results["gui"] = g = bench_gui.run(tmp)
    print(
        f"app start to the first painted window with the demo household and its first plan: "
        f"{g['start_s']:.2f} s (its final plan: {g['final_s']:.2f} s); bare import of pandas, "
        f"PySide6.QtWidgets, pyqtgraph: {g['bare_imports_s']:.2f} s -> ratio {g['ratio']:.2f} "
        f"(target <= 1.5); re-plan after a policy edit, to the new plan painted: "
        f"{g['replan_s'] * 1000:,.0f} ms (target <= 100 ms)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        results["cli"] = i = bench_cli.run(tmp)
    print(
        f"rotation-planner holdings on the demo household: {i['holdings_s']:.2f} s; bare "
        f"import pandas: {i['import_pandas_s']:.2f} s -> ratio {i['ratio']:.2f}"
    )
    results["model_reuse"] = u = bench_model_reuse.run()
    print(
        f"a policy edit on the demo household ({u['rows']:.0f} rows x {u['columns']:.0f} "
        f"columns): model built again and its relaxation solved {u['rebuild_s'] * 1000:.1f} ms; "
        f"kept HiGHS model, changed coefficients, costs and bounds, warm start "
        f"{u['kept_s'] * 1000:.1f} ms (objectives equal within {u['objective_difference']:.1e})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        results["book"] = k = bench_book.run(Path(tmp))
    print(
        f"book of {k['households']:,.0f} generated households: listed in the app in "
        f"{k['list_app_s'] * 1000:,.0f} ms (target < 1 s); read and tabled without Qt "
        f"{k['list_s'] * 1000:,.1f} ms, bare sqlite3 fetch of the same rows "
        f"{k['list_floor_s'] * 1000:,.1f} ms -> ratio {k['list_ratio']:.1f}; re-planned on "
        f"{k['workers']:.0f} cores in {k['replan_wall_s']:,.1f} s against {k['singles_sum_s']:,.1f}"
        f" s for the same single-household plans one after another -> ratio "
        f"{k['replan_ratio']:.2f} (1/cores is perfect; load average before: "
        f"{k['load_before']:.1f})"
    )
    out = Path("bench-output")
    out.mkdir(exist_ok=True)
    results["walkforward"] = f = bench_walkforward.run(out)
    if f:
        print(
            f"regime walk-forward over {f['month_ends']:.0f} month-ends: "
            f"{f['walk_forward_s']:.1f} s; reading and checking ../shared/reference "
            f"{f['load_s']:.2f} s, pandas.read_csv of the same files {f['read_csv_floor_s']:.2f} "
            f"s -> ratio {f['load_ratio']:.1f}; evidence in bench-output/evidence.json"
        )
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
