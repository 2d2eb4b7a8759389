# ruff: noqa: S608 (SQL built from the models' table names and constants only, never from input)
"""A cycle's evaluations counted per OPD, calibration unit and predikat, kept by PostgreSQL
(``EvaluationCount``): how many, and of those the unit heads, the SKPs with rows, with a
realised row, and those without a rater.

The cycle list (evaluations and rated ones per cycle), completion monitoring (per OPD), the
curve (per unit and predikat, without the heads) and calibration (per predikat of a unit)
counted every evaluation of a running cycle on each view, about 20 ms at 150,000 employees
each. As for the counts in ``positions.kept_counts`` and ``training.compliance_counts``,
statement-level triggers with transition tables on ``performance_evaluation`` apply each
statement's change in the same transaction, whoever writes: opening a cycle (one INSERT of the
city), rating, the SKP row counts (``performance.skp_counts``), raters set or moved up, the
admin, raw SQL. A statement's rows count +1 as they are after it and -1 as they were before
it, summed per key: an UPDATE that changes nothing counted (a cycle's evaluations made final)
adds nothing, and rows are upserted in key order, so two statements wait for each other
instead of deadlocking. ``rebuild`` recomputes them from the table (the migration; a repair);
``GROUPED`` is the same figures counted from the table, and
tests/performance/test_kept_counts.py compares them, and the pages read from them, with the
table. Other databases (SQLite in the tests) count the evaluations.
"""

from __future__ import annotations

from django.db import connection

from semarang_asn.core import statement_triggers

from .models import Evaluation, EvaluationCount

EVALUATION = Evaluation._meta.db_table
COUNTS = EvaluationCount._meta.db_table
KEY = "cycle_id, opd_key, unit_key, predikat"
FIGURES = ("evaluations", "unit_heads", "with_skp", "realised", "without_rater")


def kept() -> bool:
    return connection.vendor == "postgresql"


def _counted(rows: str, n: int) -> str:
    """Each evaluation of ``rows`` as its key and ``n`` for each figure it counts in."""
    return (
        "SELECT cycle_id, COALESCE(opd_id, 0) AS opd_key, COALESCE(unit_id, 0) AS unit_key, predikat, "
        f"{n} AS evaluations, CASE WHEN is_unit_head THEN {n} ELSE 0 END AS unit_heads, "
        f"CASE WHEN skp_rows > 0 THEN {n} ELSE 0 END AS with_skp, "
        f"CASE WHEN skp_realised > 0 THEN {n} ELSE 0 END AS realised, "
        f"CASE WHEN rater_id IS NULL THEN {n} ELSE 0 END AS without_rater "
        f"FROM {rows}"
    )


def _sums(rows: str) -> str:
    """Per key, each figure summed over ``rows``."""
    return f"SELECT {KEY}, {', '.join(f'SUM({f}) AS {f}' for f in FIGURES)} FROM ({rows}) r GROUP BY {KEY}"


_ROWS = {
    "INSERT": _counted("new_rows", 1),
    "UPDATE": f"{_counted('new_rows', 1)} UNION ALL {_counted('old_rows', -1)}",
    "DELETE": _counted("old_rows", -1),
}


def _count_sql(op: str) -> str:
    figures = ", ".join(FIGURES)
    return f"""
        INSERT INTO {COUNTS} ({KEY}, {figures})
        SELECT {KEY}, {figures} FROM ({_sums(_ROWS[op])}) s
        WHERE {" OR ".join(f"{f} <> 0" for f in FIGURES)}
        ORDER BY {KEY}
        ON CONFLICT ({KEY}) DO UPDATE SET {", ".join(f"{f} = {COUNTS}.{f} + excluded.{f}" for f in FIGURES)};
    """


_TRIGGERS = ((EVALUATION, "evaluation", _count_sql),)


def install_sql() -> list[str]:
    """The trigger functions and triggers (PostgreSQL), replacing any earlier ones."""
    return statement_triggers.install_sql("performance_count", _TRIGGERS)


def uninstall_sql() -> list[str]:
    return statement_triggers.uninstall_sql("performance_count", [(table, name) for table, name, _body in _TRIGGERS])


GROUPED = _sums(_counted(EVALUATION, 1))


@statement_triggers.with_cursor
def rebuild(cursor) -> None:
    """Recompute the kept counts from the evaluations (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {COUNTS}")
    cursor.execute(f"INSERT INTO {COUNTS} ({KEY}, {', '.join(FIGURES)}) {GROUPED}")
