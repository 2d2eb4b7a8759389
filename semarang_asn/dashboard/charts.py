"""Server-side SVG bar charts: geometry only; the template draws it (no JS, CSP-safe)."""

from __future__ import annotations

WIDTH = 620
LABEL_W = 260
BAR_H = 22
GAP = 10
TOP = 10


def bars(rows: list[tuple[str, int]], *, css: str = "bar") -> dict:
    """Horizontal bars for (label, value) rows, scaled to the largest value."""
    biggest = max((value for _label, value in rows), default=0) or 1
    span = WIDTH - LABEL_W - 60
    items = []
    for i, (label, value) in enumerate(rows):
        y = TOP + i * (BAR_H + GAP)
        items.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + BAR_H / 2,
                "width": round(span * value / biggest, 1),
                "value_x": round(LABEL_W + span * value / biggest + 6, 1),
            }
        )
    return {
        "width": WIDTH,
        "height": TOP * 2 + len(rows) * (BAR_H + GAP),
        "label_x": LABEL_W - 8,
        "bar_x": LABEL_W,
        "bar_h": BAR_H,
        "items": items,
        "css": css,
    }
