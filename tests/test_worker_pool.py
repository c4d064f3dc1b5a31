"""The processes that plan households side by side: spawned (a forked HiGHS waits for ever for
solver threads it does not have) and gone when the process that started them is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from planner.workflow import worker_pool

SCRIPT = """
import os
from planner.workflow import worker_pool
pool = worker_pool(2)
pids = set()
while len(pids) < 2:
    pids |= {f.result(60) for f in [pool.submit(os.getpid) for _ in range(8)]}
print(" ".join(map(str, sorted(pids))), flush=True)
os._exit(0)  # the parent ends without shutting the pool down (a crash, a kill)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        return f.read().split()[2] != "Z"  # a zombie has ended


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_with_the_process_that_started_them() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    pids = [int(p) for p in out.split()]
    assert len(pids) == 2 and os.getpid() not in pids
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids), "a worker outlived the process that started it"


def test_a_worker_solves_after_its_parent_has_solved() -> None:
    from planner.resources import demo_files
    from planner.workflow import import_household, plan_household, read_policy

    household, policy = import_household(demo_files()), read_policy(None)
    here = plan_household(household, policy, scenarios=False)  # HiGHS threads in this process
    with worker_pool(1) as pool:
        there = pool.submit(
            plan_household, household, policy, None, None, None, None, False
        ).result(timeout=120)
    assert [t.symbol for t in there.plan.trades] == [t.symbol for t in here.plan.trades]
