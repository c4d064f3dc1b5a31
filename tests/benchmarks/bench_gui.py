"""Start to the first painted window with the demo household, against the bare imports of
the libraries the window needs (each in a fresh interpreter, same run); and the re-plan
latency after an edit of the policy."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

START = r"""
import time
t0 = time.perf_counter()
import os
from planner.gui.app import make_app, build_window
from PySide6.QtCore import QCoreApplication, QEvent
app = make_app()
w = build_window()
plans = []


def painted():
    # the new plan is in the widgets: paint it (as the window does before the final plan
    # starts) and note the time
    if w.state.run is not None:
        QCoreApplication.sendPostedEvents(w, QEvent.Type.UpdateRequest)
        plans.append(time.perf_counter())


w.state.run_changed.connect(painted)
w.show()
w.open_demo()
while not plans:  # the household with its first plan, painted
    app.processEvents()
    time.sleep(0.001)
start = plans[0] - t0
while not w.runner.idle():  # its final plan, with scenarios
    app.processEvents()
    time.sleep(0.005)
final = time.perf_counter() - t0
app.processEvents()
if w.grab().toImage().isNull():
    raise SystemExit("the window painted nothing")
w.current_tab("Plan")  # where the policy editor is
app.processEvents()
editor = w.plan.editor
times = []
for i in range(5):
    version = len(plans)
    t = time.perf_counter()
    editor.targets["mega"].setValue(editor.targets["mega"].value() + (1 if i % 2 else -1))
    editor.targets["bonds"].setValue(editor.targets["bonds"].value() - (1 if i % 2 else -1))
    editor.emit_now()  # no debounce: measure the re-plan itself
    while len(plans) == version:  # the new plan painted (its scenarios follow)
        app.processEvents()
        time.sleep(0.001)
    times.append(plans[-1] - t)
    while not w.runner.idle():
        app.processEvents()
        time.sleep(0.001)
replan = sorted(times)[len(times) // 2]
print(json.dumps({"start": start, "final": final, "replan": replan}), flush=True)
w.runner.wait()
os._exit(0)
"""
BARE = r"""
import time
t0 = time.perf_counter()
import pandas, PySide6.QtWidgets, pyqtgraph  # pandas first: after Qt it costs more
print(time.perf_counter() - t0)
"""


def _python(code: str, home: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROTATION_PLANNER_HOME": home}
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.strip().splitlines()[-1]


def run(home: str, repeats: int = 3) -> dict[str, float]:
    starts, finals, replans, bare = [], [], [], []
    for _ in range(repeats):
        doc = json.loads(_python(START, home))
        starts.append(doc["start"])
        finals.append(doc["final"])
        replans.append(doc["replan"])
        bare.append(float(_python(BARE, home)))
    s, b = statistics.median(starts), statistics.median(bare)
    return {
        "start_s": s,
        "bare_imports_s": b,
        "ratio": s / b,
        "final_s": statistics.median(finals),
        "replan_s": statistics.median(replans),
    }
