"""Per-OPD counts behind the 20 JP compliance summary, kept current by PostgreSQL.

The summary (``selectors.compliance_by_opd``) needs, per OPD, the active employees and, for
a year, how many of them have JP, how many reached the target and their JP sum. Grouping
every active employee with their kept yearly total on every view grows with headcount (about
200 ms at 150,000), so PostgreSQL keeps the counts: statement-level triggers with transition
tables on ``positions_employee`` (an employee becomes active or not, moves to another OPD,
is added or removed: ``positions.current.refresh``, the nightly refresh, the import, the
admin, raw SQL alike) and on ``training_jpyeartotal`` (``training.ledger``) apply the
statement's change to the counts, set-based, in the same transaction. Nothing in Python has
to announce a change, so no writer can forget to. Rows are upserted in key order, so two
statements touching several OPDs at once wait for each other instead of deadlocking.

An OPD is keyed by its id, 0 for employees without one. ``rebuild`` recomputes every count
from the tables (the migration fills them with it) and ``grouped`` is the same figures
grouped from the tables, which the tests compare with the kept ones. Other databases
(SQLite in the tests) read ``grouped``.
"""

from __future__ import annotations

from django.db import connection

from positions.models import Employee
from semarang_asn.core import statement_triggers

from . import rules
from .models import ComplianceHeadcount, ComplianceYear, JpYearTotal

EMPLOYEE = Employee._meta.db_table
TOTAL = JpYearTotal._meta.db_table
HEADCOUNT = ComplianceHeadcount._meta.db_table
YEARLY = ComplianceYear._meta.db_table
ACTIVE = Employee.Status.ACTIVE.value


def kept() -> bool:
    return connection.vendor == "postgresql"


def _membership(rows: str) -> str:
    """The OPD key of each row's employee if active, else NULL (not counted)."""
    return f"CASE WHEN {rows}.status = '{ACTIVE}' THEN COALESCE({rows}.current_opd_id, 0) END"


def _apply(moves: str) -> str:
    """Apply ``moves`` (employee id, key before ``was``, key after ``now``; NULL: not
    counted) to the headcount and to every year of the employees' kept totals."""
    return f"""
        WITH moves AS ({moves}),
        changed AS (SELECT * FROM moves WHERE was IS DISTINCT FROM now),
        heads AS (
            SELECT key, SUM(n) AS n FROM (
                SELECT was AS key, -1 AS n FROM changed WHERE was IS NOT NULL
                UNION ALL SELECT now, 1 FROM changed WHERE now IS NOT NULL
            ) d GROUP BY key
        ),
        done AS (
            INSERT INTO {HEADCOUNT} (opd_key, employees) SELECT key, n FROM heads ORDER BY key
            ON CONFLICT (opd_key) DO UPDATE SET employees = {HEADCOUNT}.employees + excluded.employees
        )
        INSERT INTO {YEARLY} (year, opd_key, with_jp, on_target, jp_sum)
        SELECT t.year, d.key, SUM(d.n), SUM(CASE WHEN t.jp >= {rules.YEARLY_JP_TARGET} THEN d.n ELSE 0 END),
               SUM(d.n * t.jp)
        FROM (
            SELECT id, was AS key, -1 AS n FROM changed WHERE was IS NOT NULL
            UNION ALL SELECT id, now, 1 FROM changed WHERE now IS NOT NULL
        ) d
        JOIN {TOTAL} t ON t.employee_id = d.id
        GROUP BY t.year, d.key
        ORDER BY t.year, d.key
        ON CONFLICT (year, opd_key) DO UPDATE SET
            with_jp = {YEARLY}.with_jp + excluded.with_jp,
            on_target = {YEARLY}.on_target + excluded.on_target,
            jp_sum = {YEARLY}.jp_sum + excluded.jp_sum;
    """  # noqa: S608 (table names come from the models)


def _apply_totals(rows: str) -> str:
    """Apply changed kept totals (``rows``: year, employee_id, jp, n = +1 added / -1 removed)
    of active employees to their OPD's year."""
    return f"""
        INSERT INTO {YEARLY} (year, opd_key, with_jp, on_target, jp_sum)
        SELECT r.year, COALESCE(e.current_opd_id, 0), SUM(r.n),
               SUM(CASE WHEN r.jp >= {rules.YEARLY_JP_TARGET} THEN r.n ELSE 0 END), SUM(r.n * r.jp)
        FROM ({rows}) r JOIN {EMPLOYEE} e ON e.id = r.employee_id AND e.status = '{ACTIVE}'
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (year, opd_key) DO UPDATE SET
            with_jp = {YEARLY}.with_jp + excluded.with_jp,
            on_target = {YEARLY}.on_target + excluded.on_target,
            jp_sum = {YEARLY}.jp_sum + excluded.jp_sum;
    """  # noqa: S608 (table names come from the models)


_EMPLOYEE_MOVES = {
    "INSERT": "SELECT n.id, NULL::bigint AS was, {now} AS now FROM new_rows n",
    "UPDATE": "SELECT n.id, {was} AS was, {now} AS now FROM old_rows o JOIN new_rows n ON n.id = o.id",
    "DELETE": "SELECT o.id, {was} AS was, NULL::bigint AS now FROM old_rows o",
}
_TOTAL_ROWS = {
    "INSERT": "SELECT year, employee_id, jp, 1 AS n FROM new_rows",
    "UPDATE": "SELECT year, employee_id, jp, 1 AS n FROM new_rows "
    "UNION ALL SELECT year, employee_id, jp, -1 FROM old_rows",
    "DELETE": "SELECT year, employee_id, jp, -1 AS n FROM old_rows",
}
_TRIGGERS = (
    (EMPLOYEE, "employee", lambda op: _apply(_EMPLOYEE_MOVES[op].format(was=_membership("o"), now=_membership("n")))),
    (TOTAL, "jp_total", lambda op: _apply_totals(_TOTAL_ROWS[op])),
)


def install_sql() -> list[str]:
    """The trigger functions and triggers (PostgreSQL), replacing any earlier ones."""
    return statement_triggers.install_sql("training_compliance", _TRIGGERS)


def uninstall_sql() -> list[str]:
    return statement_triggers.uninstall_sql("training_compliance", [(table, name) for table, name, _body in _TRIGGERS])


GROUPED_HEADCOUNT = f"""
    SELECT COALESCE(current_opd_id, 0), COUNT(*) FROM {EMPLOYEE} WHERE status = '{ACTIVE}' GROUP BY 1
"""  # noqa: S608 (table names come from the models)
GROUPED_YEARLY = f"""
    SELECT t.year, COALESCE(e.current_opd_id, 0), COUNT(*),
           COUNT(*) FILTER (WHERE t.jp >= {rules.YEARLY_JP_TARGET}), SUM(t.jp)
    FROM {TOTAL} t JOIN {EMPLOYEE} e ON e.id = t.employee_id AND e.status = '{ACTIVE}'
    GROUP BY 1, 2
"""  # noqa: S608 (table names come from the models)


@statement_triggers.with_cursor
def rebuild(cursor) -> None:
    """Recompute every kept count from the tables (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {HEADCOUNT}")  # noqa: S608
    cursor.execute(f"DELETE FROM {YEARLY}")  # noqa: S608
    cursor.execute(f"INSERT INTO {HEADCOUNT} (opd_key, employees) {GROUPED_HEADCOUNT}")
    cursor.execute(f"INSERT INTO {YEARLY} (year, opd_key, with_jp, on_target, jp_sum) {GROUPED_YEARLY}")
