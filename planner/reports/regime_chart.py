"""The walk-forward as a small SVG, written by hand (no plotting library is bundled): the
small/large price ratio above, the composite below with its label thresholds and the months it
tilted. Deterministic - the same evidence gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from planner.core.walkforward import Evidence

W, H = 760, 400
LEFT, RIGHT = 56, 16
TOP = (38, 178)  # the ratio panel: y from, y to
BOTTOM = (222, 352)  # the composite panel
SMALL_COLOUR, MEGA_COLOUR, LINE = "#d9822b", "#2b6cb0", "#1f3b57"


def _x(d: date, first: date, last: date) -> float:
    span = max(1, (last - first).days)
    return LEFT + (W - LEFT - RIGHT) * (d - first).days / span


def _y(v: float, lo: float, hi: float, panel: tuple[int, int]) -> float:
    top, bottom = panel
    return bottom - (bottom - top) * (v - lo) / (hi - lo if hi > lo else 1.0)


def _poly(points: Sequence[tuple[float, float]], colour: str, width: float = 1.5) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" points="{pts}"/>'


def _text(
    x: float, y: float, s: str, size: int = 11, anchor: str = "start", colour: str = "#333"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}">{escape(s)}</text>'
    )


def walkforward_svg(ev: Evidence, caption: str = "") -> str:
    rows = ev.rows
    first, last = rows[0].date, rows[-1].date
    ratios = [r.ratio for r in rows]
    lo_r, hi_r = min(ratios), max(ratios)
    pad = 0.05 * (hi_r - lo_r or 1.0)
    lo_r, hi_r = lo_r - pad, hi_r + pad
    s, m = ev.settings.small_threshold, ev.settings.mega_threshold
    lo_c, hi_c = -1.0, 1.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="sans-serif">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        _text(LEFT, 18, f"Regime walk-forward, month-ends {first} to {last}", 13),
        _text(LEFT, TOP[0] - 6, f"{ev.small}/{ev.large} price ratio (adjusted closes)"),
        _text(
            LEFT,
            BOTTOM[0] - 6,
            "Composite at each month-end (+ favours small-caps); dots: months with a tilt",
        ),
    ]
    for panel in (TOP, BOTTOM):
        out.append(
            f'<rect x="{LEFT}" y="{panel[0]}" width="{W - LEFT - RIGHT}" '
            f'height="{panel[1] - panel[0]}" fill="none" stroke="#bbb"/>'
        )
    # the label bands and thresholds
    y_s, y_m = _y(s, lo_c, hi_c, BOTTOM), _y(m, lo_c, hi_c, BOTTOM)
    out.append(
        f'<rect x="{LEFT}" y="{BOTTOM[0]}" width="{W - LEFT - RIGHT}" '
        f'height="{y_s - BOTTOM[0]:.1f}" fill="{SMALL_COLOUR}" fill-opacity="0.10"/>'
    )
    out.append(
        f'<rect x="{LEFT}" y="{y_m:.1f}" width="{W - LEFT - RIGHT}" '
        f'height="{BOTTOM[1] - y_m:.1f}" fill="{MEGA_COLOUR}" fill-opacity="0.10"/>'
    )
    y0 = _y(0.0, lo_c, hi_c, BOTTOM)
    out.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y0:.1f}" y2="{y0:.1f}" stroke="#999" '
        'stroke-dasharray="3,3"/>'
    )
    for v in (hi_c, s, 0.0, m, lo_c):
        out.append(_text(LEFT - 4, _y(v, lo_c, hi_c, BOTTOM) + 4, f"{v:+.2f}", 10, "end"))
    for v in (lo_r + pad, (lo_r + hi_r) / 2, hi_r - pad):
        out.append(_text(LEFT - 4, _y(v, lo_r, hi_r, TOP) + 4, f"{v:.2f}", 10, "end"))
    for year in range(first.year + 1, last.year + 1):
        if year % 5:
            continue
        x = _x(date(year, 1, 1), first, last)
        for panel in (TOP, BOTTOM):
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{panel[0]}" y2="{panel[1]}" stroke="#eee"/>'
            )
        out.append(_text(x, BOTTOM[1] + 14, str(year), 10, "middle"))
    out.append(_poly([(_x(r.date, first, last), _y(r.ratio, lo_r, hi_r, TOP)) for r in rows], LINE))
    out.append(
        _poly(
            [(_x(r.date, first, last), _y(r.composite, lo_c, hi_c, BOTTOM)) for r in rows],
            LINE,
            1.2,
        )
    )
    for r in rows:
        if r.tilt:
            colour = SMALL_COLOUR if r.tilt > 0 else MEGA_COLOUR
            out.append(
                f'<circle cx="{_x(r.date, first, last):.1f}" '
                f'cy="{_y(r.composite, lo_c, hi_c, BOTTOM):.1f}" r="2.5" '
                f'fill="{colour}"/>'
            )
    if caption:
        out.append(_text(LEFT, H - 12, caption, 10, colour="#555"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
