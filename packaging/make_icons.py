"""Render the SVG icon to the formats each platform wants (PNG sizes, .ico, .icns) with Qt's
own image plugins: ``python packaging/make_icons.py OUT_DIR``. Run by ``make package``; the
outputs are build products, not committed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = Path(__file__).with_name("icons") / "rotation-planner.svg"
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        folder = out / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(folder / "rotation-planner.png")):
            raise SystemExit(f"could not write the {size}px icon")
    big = render(svg, 256)
    for name in ("rotation-planner.ico", "rotation-planner.icns", "rotation-planner.png"):
        if not big.save(str(out / name)):
            raise SystemExit(f"could not write {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")))
