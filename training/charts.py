"""Server-side SVG geometry for the compliance chart: one horizontal bar per OPD with the
share of its employees on target. The template draws it; a data table sits beside it."""

from __future__ import annotations

ROW = 36
BAR_LEFT = 8
BAR_WIDTH = 300
TOP = 24


def compliance_bars(rows: list[dict]) -> dict:
    bars = []
    for i, row in enumerate(rows):
        y = TOP + i * ROW
        bars.append(
            {
                "label": row["opd"],
                "percent": row["percent"],
                "text_y": y + 11,
                "bar_y": y + 16,
                "value_y": y + 26,
                "width": round(BAR_WIDTH * row["percent"] / 100, 1),
                "ok": row["percent"] >= 100,
            }
        )
    return {
        "bars": bars,
        "height": TOP + len(rows) * ROW + 8,
        "width": BAR_LEFT + BAR_WIDTH + 60,
        "left": BAR_LEFT,
        "bar_width": BAR_WIDTH,
        "right": BAR_LEFT + BAR_WIDTH,
        "value_x": BAR_LEFT + BAR_WIDTH + 8,
        "ticks": [{"x": BAR_LEFT + BAR_WIDTH * p / 100, "label": f"{p}%"} for p in (0, 50, 100)],
    }
