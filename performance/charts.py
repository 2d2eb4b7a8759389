"""Server-rendered chart geometry (the page draws it as inline SVG; no JS library)."""

from __future__ import annotations

from . import rules

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 130, 50, 15, 40


def predikat_chart(evaluations) -> dict:
    """Points of the rated evaluations over time, best predikat at the top."""
    rated = [e for e in evaluations if e.is_rated]
    levels = rules.PREDIKAT_ORDER
    step_y = (HEIGHT - TOP - BOTTOM) / (len(levels) - 1)
    span = WIDTH - LEFT - RIGHT
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
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": WIDTH - RIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "rows": [{"y": round(TOP + i * step_y, 1), "label": rules.PREDIKAT_LABELS[p]} for i, p in enumerate(levels)],
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
    }
