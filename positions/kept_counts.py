# ruff: noqa: S608 (SQL built from the models' table names and constants only, never from input)
"""Counts of the city kept current by PostgreSQL (the merit dashboard, the HR home page, the
employee directory).

- ``EmployeeCount``: ``assessed``, active employees with at least one competency assessment;
  ``with_account``, active employees with a login; ``employees``, every employee whatever their
  status (the unfiltered directory's total).
- ``SeatCount``: per position, its definitive and acting assignments and how many of them have
  an end date. The seats held on a day are these less the assignments starting after it, less
  the ended ones, plus those ending on or after it: a few rows read along the start and end
  date indexes instead of every assignment of the city (``seat_rows_sql``).

Counting them over every employee or assignment on each view grows with headcount (about
200 ms for ``assessed`` and 100 ms for the seat totals at 150,000), so, as for the JP
compliance counts (``training.compliance_counts``), statement-level triggers with transition
tables apply each statement's change in the same transaction: on ``positions_employee`` (an
employee becomes active or not, gets or loses a login, is added or removed), on
``positions_competencyassessment`` (an employee's first assessment is added, their last one
removed, one moves to another employee) and on ``positions_assignment`` (added, ended, moved,
removed), whoever writes: services, the import, the admin, raw SQL. ``rebuild`` recomputes
them from the tables (the migration; a repair); ``GROUPED`` and ``GROUPED_SEATS`` are the same
figures counted from the tables, and tests/positions/test_kept_counts.py compares them, and the
seat totals on several days, with the tables. Other databases (SQLite in the tests) count.
"""

from __future__ import annotations

from django.db import connection

from semarang_asn.core import statement_triggers

from .models import Assignment, CompetencyAssessment, Employee, EmployeeCount, OrgUnit, Position, SeatCount

EMPLOYEE = Employee._meta.db_table
ASSESSMENT = CompetencyAssessment._meta.db_table
COUNTS = EmployeeCount._meta.db_table
ACTIVE = Employee.Status.ACTIVE.value
ASSIGNMENT = Assignment._meta.db_table
SEATS = SeatCount._meta.db_table
DEFINITIVE, ACTING = Assignment.Kind.DEFINITIVE.value, Assignment.Kind.ACTING.value
NAMES = ("assessed", "with_account", "employees")


def kept() -> bool:
    return connection.vendor == "postgresql"


def _add(rows: str) -> str:
    """Add ``rows`` (name, delta) to the counts, in name order (no deadlock between two)."""
    return f"""
        INSERT INTO {COUNTS} (name, n)
        SELECT name, SUM(delta) FROM ({rows}) d GROUP BY name HAVING SUM(delta) <> 0 ORDER BY name
        ON CONFLICT (name) DO UPDATE SET n = {COUNTS}.n + excluded.n;
    """


def _assessed(rows: str) -> str:
    """1 when the employee row ``rows`` is active and has an assessment now, else 0."""
    return (
        f"CASE WHEN {rows}.status = '{ACTIVE}' AND EXISTS "
        f"(SELECT 1 FROM {ASSESSMENT} a WHERE a.employee_id = {rows}.id) THEN 1 ELSE 0 END"
    )


def _account(rows: str) -> str:
    return f"CASE WHEN {rows}.status = '{ACTIVE}' AND {rows}.user_id IS NOT NULL THEN 1 ELSE 0 END"


# Employee statements: each changed row's membership after (new) minus before (old). The
# assessments table is the same before and after an employee statement.
_EMPLOYEE = {
    "INSERT": "SELECT {assessed_n} AS a, {account_n} AS w, 1 AS t FROM new_rows n",
    # Only rows whose status or login changed (a bulk refresh of the current posts touches none).
    "UPDATE": "SELECT {assessed_n} - {assessed_o} AS a, {account_n} - {account_o} AS w, 0 AS t "
    "FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.status IS DISTINCT FROM n.status OR o.user_id IS DISTINCT FROM n.user_id",
    "DELETE": "SELECT -{assessed_o} AS a, -{account_o} AS w, -1 AS t FROM old_rows o",
}


def _employee_sql(op: str) -> str:
    changes = _EMPLOYEE[op].format(
        assessed_n=_assessed("n"), assessed_o=_assessed("o"), account_n=_account("n"), account_o=_account("o")
    )
    return _add(
        f"SELECT v.name, v.delta FROM (SELECT SUM(a) AS a, SUM(w) AS w, SUM(t) AS t FROM ({changes}) c) s "
        "CROSS JOIN LATERAL (VALUES ('assessed', s.a), ('with_account', s.w), ('employees', s.t)) v(name, delta) "
        "WHERE v.delta IS NOT NULL"
    )


# Assessment statements: for each active employee the statement touched, whether they have an
# assessment after it (counted in the table) and had one before it (that count less the
# statement's new rows, plus its old ones).
_NONE = "(SELECT NULL::bigint AS employee_id WHERE false)"
_TABLES = {
    "INSERT": ("new_rows", _NONE),
    "UPDATE": ("new_rows", "old_rows"),
    "DELETE": (_NONE, "old_rows"),
}


def _assessment_sql(op: str) -> str:
    new, old = _TABLES[op]
    touched = (
        f"SELECT employee_id, SUM(d) AS d FROM (SELECT t.employee_id, 1 AS d FROM {new} t "
        f"UNION ALL SELECT t.employee_id, -1 FROM {old} t) x GROUP BY employee_id"
    )
    now = f"(SELECT COUNT(*) FROM {ASSESSMENT} a WHERE a.employee_id = t.employee_id)"
    # MATERIALIZED: each employee's count is read once, not once per use below.
    return f"""
        WITH c AS MATERIALIZED (SELECT t.employee_id, t.d, {now} AS now FROM ({touched}) t)
        {
        _add(
            "SELECT 'assessed' AS name, (CASE WHEN c.now > 0 THEN 1 ELSE 0 END) "
            f"- (CASE WHEN c.now - c.d > 0 THEN 1 ELSE 0 END) AS delta "
            f"FROM c JOIN {EMPLOYEE} e ON e.id = c.employee_id AND e.status = '{ACTIVE}'"
        )
    }
    """


# Assignment statements: per position, its rows added (+1) and removed (-1) by kind and end.
_SEAT_ROWS = {
    "INSERT": "SELECT position_id, kind, end_date, 1 AS n FROM new_rows",
    "UPDATE": "SELECT position_id, kind, end_date, 1 AS n FROM new_rows "
    "UNION ALL SELECT position_id, kind, end_date, -1 FROM old_rows",
    "DELETE": "SELECT position_id, kind, end_date, -1 AS n FROM old_rows",
}


def _seat_sums(rows: str) -> str:
    """Per position: definitive, definitive_ended, acting, acting_ended summed over ``rows``."""
    return (
        f"SELECT position_id, SUM(n) FILTER (WHERE kind = '{DEFINITIVE}') AS d, "
        f"SUM(n) FILTER (WHERE kind = '{DEFINITIVE}' AND end_date IS NOT NULL) AS de, "
        f"SUM(n) FILTER (WHERE kind = '{ACTING}') AS a, "
        f"SUM(n) FILTER (WHERE kind = '{ACTING}' AND end_date IS NOT NULL) AS ae "
        f"FROM ({rows}) r GROUP BY position_id"
    )


def _seat_sql(op: str) -> str:
    return f"""
        INSERT INTO {SEATS} (position_id, definitive, definitive_ended, acting, acting_ended)
        SELECT position_id, COALESCE(d, 0), COALESCE(de, 0), COALESCE(a, 0), COALESCE(ae, 0)
        FROM ({_seat_sums(_SEAT_ROWS[op])}) s ORDER BY position_id
        ON CONFLICT (position_id) DO UPDATE SET
            definitive = {SEATS}.definitive + excluded.definitive,
            definitive_ended = {SEATS}.definitive_ended + excluded.definitive_ended,
            acting = {SEATS}.acting + excluded.acting,
            acting_ended = {SEATS}.acting_ended + excluded.acting_ended;
    """


def seat_rows_sql(*, placed: bool = False) -> str:
    """(formasi, bezetting, acting) of each active position on the day bound to both ``%s``:
    its kept counts less the assignments starting after the day, less the ended ones, plus
    those ending on or after it (read along the start and end date indexes). ``placed``
    starts each row with the position's id, OPD id and unit id (the OPD table)."""
    later = (
        f"SELECT position_id, COUNT(*) FILTER (WHERE kind = '{DEFINITIVE}') AS d, "
        f"COUNT(*) FILTER (WHERE kind = '{ACTING}') AS a FROM {ASSIGNMENT} WHERE {{column}} {{op}} %s "
        "GROUP BY position_id"
    )
    return f"""
        SELECT {"p.id, u.opd_id, p.org_unit_id, " if placed else ""}p.formasi,
               COALESCE(k.definitive, 0) - COALESCE(k.definitive_ended, 0) - COALESCE(f.d, 0) + COALESCE(e.d, 0),
               COALESCE(k.acting, 0) - COALESCE(k.acting_ended, 0) - COALESCE(f.a, 0) + COALESCE(e.a, 0)
        FROM {Position._meta.db_table} p
        {f"JOIN {OrgUnit._meta.db_table} u ON u.id = p.org_unit_id" if placed else ""}
        LEFT JOIN {SEATS} k ON k.position_id = p.id
        LEFT JOIN ({later.format(column="start_date", op=">")}) f ON f.position_id = p.id
        LEFT JOIN ({later.format(column="end_date", op=">=")}) e ON e.position_id = p.id
        WHERE p.is_active
    """


def seat_totals_sql() -> str:
    """The city's formasi, bezetting, Plt and vacant seats (each position's formasi less its
    bezetting, never below 0) on the day bound to both ``%s``: ``seat_rows_sql`` summed (as
    bigint: a sum of bigint counts is numeric, a Decimal in Python)."""
    sums = ("formasi", "bezetting", "acting", "GREATEST(formasi - bezetting, 0)")
    return f"""
        SELECT {", ".join(f"COALESCE(SUM({value}), 0)::bigint" for value in sums)}
        FROM ({seat_rows_sql()}) AS seats (formasi, bezetting, acting)
    """


def opd_totals_sql() -> str:
    """(OPD id, formasi, bezetting, Plt, vacant, surplus) of each OPD with active positions on
    the day bound to both ``%s``, summed from ``seat_rows_sql`` per position (vacant seats and
    surplus counted per position: a surplus on one never fills a vacant seat on another)."""
    return f"""
        SELECT COALESCE(s.opd_id, s.unit_id), SUM(s.formasi)::int, SUM(s.bezetting)::int, SUM(s.acting)::int,
               SUM(GREATEST(s.formasi - s.bezetting, 0))::int, SUM(GREATEST(s.bezetting - s.formasi, 0))::int
        FROM ({seat_rows_sql(placed=True)}) AS s(id, opd_id, unit_id, formasi, bezetting, acting)
        GROUP BY 1
    """


_TRIGGERS = (
    (EMPLOYEE, "employee", _employee_sql),
    (ASSESSMENT, "assessment", _assessment_sql),
    (ASSIGNMENT, "assignment", _seat_sql),
)


def install_sql() -> list[str]:
    """The trigger functions and triggers (PostgreSQL), replacing any earlier ones."""
    return statement_triggers.install_sql("positions_count", _TRIGGERS)


def uninstall_sql() -> list[str]:
    return statement_triggers.uninstall_sql("positions_count", [(table, name) for table, name, _body in _TRIGGERS])


GROUPED = f"""
    SELECT 'assessed', COUNT(*) FROM {EMPLOYEE} e
    WHERE e.status = '{ACTIVE}' AND EXISTS (SELECT 1 FROM {ASSESSMENT} a WHERE a.employee_id = e.id)
    UNION ALL
    SELECT 'with_account', COUNT(*) FROM {EMPLOYEE} WHERE status = '{ACTIVE}' AND user_id IS NOT NULL
    UNION ALL
    SELECT 'employees', COUNT(*) FROM {EMPLOYEE}
"""


GROUPED_SEATS = _seat_sums(f"SELECT position_id, kind, end_date, 1 AS n FROM {ASSIGNMENT}")


@statement_triggers.with_cursor
def rebuild(cursor) -> None:
    """Recompute the kept counts from the tables (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {COUNTS}")
    cursor.execute(f"INSERT INTO {COUNTS} (name, n) {GROUPED}")
    cursor.execute(f"DELETE FROM {SEATS}")
    cursor.execute(
        f"INSERT INTO {SEATS} (position_id, definitive, definitive_ended, acting, acting_ended) "
        f"SELECT position_id, COALESCE(d, 0), COALESCE(de, 0), COALESCE(a, 0), COALESCE(ae, 0) "
        f"FROM ({GROUPED_SEATS}) s"
    )
