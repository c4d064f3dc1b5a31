"""Benchmarks, run with ``make bench`` (never part of ``make test``).

Each benchmark times Rotation Planner doing a job and the bare library doing the same I/O in
the same run, and reports the ratio (ours / floor) - absolute times vary by machine, the
ratio much less.
"""
