"""Server-rendered chart geometry (the page draws it as inline SVG; no JS library)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import rules

WIDTH, HEIGHT = 640, 220
# A phone draws the chart at about 340 px: at 640 units wide its 12-unit labels would shrink to
# 6 px, so phones get the same chart drawn 360 units wide (labels about 11 px).
PHONE_WIDTH = 360
LEFT, RIGHT, TOP, BOTTOM = 130, 50, 15, 40


def predikat_chart(evaluations, *, width: int = WIDTH) -> dict:
    """Points of the rated evaluations over time, best predikat at the top."""
    rated = [e for e in evaluations if e.is_rated]
    levels = rules.PREDIKAT_ORDER
    step_y = (HEIGHT - TOP - BOTTOM) / (len(levels) - 1)
    span = width - LEFT - RIGHT
    step_x = span / max(len(rated) - 1, 1)
    points = []
    for i, evaluation in enumerate(rated):
        x = LEFT + (i * step_x if len(rated) > 1 else span / 2)
        y = TOP + levels.index(evaluation.predikat) * step_y
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "label": evaluation.cycle.short_label,
                "title": evaluation.cycle.name,
                "predikat": rules.PREDIKAT_LABELS.get(evaluation.predikat, evaluation.predikat),
            }
        )
    return {
        "width": width,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": width - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "rows": [{"y": round(TOP + i * step_y, 1), "label": rules.PREDIKAT_LABELS[p]} for i, p in enumerate(levels)],
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
    }


# The per-unit distribution chart of Monitoring Kurva: one column per predikat, its height the
# share of the rated employees, drawn as SVG attributes (no inline style, so the CSP holds).
KURVA_CHART = {"column": 16, "gap": 4, "height": 48}


def kurva_columns(cells: list[dict], shorts: list[str]) -> list[dict]:
    """Each predikat cell of a unit (n, pct, label) with its column's short name and geometry."""
    total = sum(cell["n"] for cell in cells)
    step, height = KURVA_CHART["column"] + KURVA_CHART["gap"], KURVA_CHART["height"]
    columns = []
    for i, (short, cell) in enumerate(zip(shorts, cells, strict=True)):
        bar = round(cell["n"] * height / total, 1) if total else 0
        columns.append({**cell, "short": short, "x": i * step, "y": round(height - bar, 1), "h": bar})
    return columns


def kurva_svg(columns: list[dict], *, title: str) -> SafeString:
    """A unit's chart as inline SVG, ``title`` (escaped) naming it for screen readers.

    Written out here rather than in the template: its 80-odd values a unit, each resolved,
    localised and escaped by the template engine, were most of the page's rendering time.
    Numbers are written as ``{% localize off %}`` writes them (str), text is escaped."""
    width = len(columns) * (KURVA_CHART["column"] + KURVA_CHART["gap"])
    height, column = KURVA_CHART["height"], KURVA_CHART["column"]
    shares = ", ".join(f"{escape(c['short'])} {c['pct']}%" for c in columns)
    bars = "".join(
        f'<rect x="{c["x"]}" y="{c["y"]}" width="{column}" height="{c["h"]}" fill="#0a58ca">'
        f"<title>{escape(c['label'])}: {c['n']} ({c['pct']}%)</title></rect>"
        f'<text x="{c["x"] + 8}" y="{height + 11}" text-anchor="middle" font-size="9" fill="#212529">'
        f"{escape(c['short'])}</text>"
        for c in columns
    )
    return mark_safe(  # noqa: S308 - numbers and escaped text only
        f'<svg class="kurva-chart" viewBox="0 -2 {width} {height + 14}" width="{width}" height="{height + 16}" '
        f'role="img" aria-label="{escape(title)}: {shares}">\n'
        f'          <line x1="0" x2="{width}" y1="{height}" y2="{height}" stroke="#6c757d"/>\n'
        f"          {bars}\n"
        "        </svg>"
    )
