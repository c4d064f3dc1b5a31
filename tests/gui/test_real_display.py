"""On a real X server (Xvfb, not Qt's offscreen platform), ``rotation-planner gui --demo``
maps a window and paints it: what an advisor sees after ``make demo`` on a Linux desktop."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

NEEDED = ("Xvfb", "xwininfo", "xwd")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in NEEDED),
    reason="Xvfb, xwininfo and xwd are installed by make test (system-deps)",
)


def _free_display() -> int:
    for n in range(60, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture()
def display() -> Iterator[str]:
    n = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            assert time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.1)
        yield f":{n}"
    finally:
        server.terminate()
        server.wait(10)


def _window(env: dict[str, str]) -> tuple[int, int, int, int] | None:
    """The app's main window's geometry (x, y, width, height) once it is viewable, else None:
    the largest viewable window whose title starts "Rotation Planner" (the title names the
    client open, "Rotation Planner - Demo household"; Qt keeps a 1x1 helper window too)."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True, check=False
    ).stdout
    ids = [line.split()[0] for line in tree.splitlines() if '"Rotation Planner' in line]
    boxes = []
    for wid in ids:
        out = subprocess.run(
            ["xwininfo", "-id", wid], env=env, capture_output=True, text=True, check=False
        ).stdout
        if "IsViewable" not in out:
            continue
        values = {}
        for line in out.splitlines():
            key, _, value = line.strip().partition(":")
            values[key] = value.strip()
        boxes.append(
            (
                int(values["Absolute upper-left X"]),
                int(values["Absolute upper-left Y"]),
                int(values["Width"]),
                int(values["Height"]),
            )
        )
    return max(boxes, key=lambda b: b[2] * b[3]) if boxes else None


def _colours(env: dict[str, str], box: tuple[int, int, int, int]) -> int:
    """Distinct colours in the window's area of the root window (read with xwd)."""
    raw = subprocess.run(
        ["xwd", "-root", "-silent"], env=env, capture_output=True, check=True
    ).stdout
    header = struct.unpack(">25I", raw[:100])
    size, width, line, ncolors = header[0], header[4], header[12], header[19]
    step = line // width  # bytes a pixel takes (4 on a 24-bit screen)
    assert step >= 3
    pixels = raw[size + 12 * ncolors :]
    x0, y0, w, h = box
    seen = set()
    for y in range(y0, min(y0 + h, len(pixels) // line), 5):
        row = pixels[y * line : (y + 1) * line]
        for x in range(x0, min(x0 + w, width), 5):
            seen.add(row[step * x : step * x + 3])
    return len(seen)


def test_the_demo_window_maps_and_paints(display: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", ROTATION_PLANNER_HOME=str(tmp_path))
    log = tmp_path / "app.log"
    out = log.open("wb")
    app = subprocess.Popen(
        [sys.executable, "-m", "planner.cli", "gui", "--demo"],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        box = None
        colours = 0
        while time.monotonic() < deadline:
            assert app.poll() is None, log.read_text(errors="replace")
            box = _window(env)
            if box is not None and box[2] >= 800 and box[3] >= 600:
                colours = _colours(env, box)
                if colours > 40:  # tables, text and charts drawn, not a blank frame
                    break
            time.sleep(0.5)
        assert box is not None, "no window named Rotation Planner was mapped"
        assert box[2] >= 800 and box[3] >= 600
        assert colours > 40, f"the window shows only {colours} colours: not painted"
    finally:
        app.terminate()
        try:
            app.wait(15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(15)
        out.close()
