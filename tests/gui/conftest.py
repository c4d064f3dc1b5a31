"""GUI tests run on Qt's offscreen platform; no dialog may block them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
