"""Each employee's current rank, position (and its type) and OPD, stored on ``Employee``
(``current_rank``, ``current_position``, ``current_position_type``, ``current_opd``) so that
lists filter and sort on an index instead of a per-row subquery over the histories.

``refresh`` recomputes them from the histories in one set-based UPDATE: the services that write a
rank or an assignment call it for that employee inside their transaction; bulk writers (the
import, ``seed_demo``) call it once for the rows they wrote; a nightly task calls it for everyone,
so a rank or assignment dated in the future takes effect on its day.

The rules are those of ``EmployeeQuerySet.with_current_rank`` / ``with_current_position``: the
latest rank with TMT on or before the day; the definitive assignment active on the day, else an
acting (Plt) one, the latest start first. The OPD is the top of that position's unit tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from .models import Assignment, Employee, OrgUnit, Position, RankHistory

CHUNK = 5000


def refresh(employee_ids: Iterable[int] | None = None, *, on: dt.date | None = None) -> int:
    """Bring the stored current rank/position/OPD of these employees (None: everyone) in line
    with their histories on ``on`` (today). Returns the number of rows that changed."""
    on = on or timezone.localdate()
    if employee_ids is None:
        return _update(None, on)
    ids = sorted({int(pk) for pk in employee_ids})
    return sum(_update(ids[i : i + CHUNK], on) for i in range(0, len(ids), CHUNK))


FIELDS = ["current_rank", "current_position", "current_position_type", "current_opd"]


def refresh_employee(employee: Employee) -> None:
    """``refresh`` for one employee, and the instance in hand reads the new values (a service
    that changed a history may go on to use it)."""
    refresh([employee.pk])
    employee.refresh_from_db(fields=FIELDS)


def refresh_holders(position_ids: Iterable[int]) -> int:
    """Refresh everyone whose stored position is one of these (a position moved to another
    unit or changed its type)."""
    ids = Employee.objects.filter(current_position_id__in=list(position_ids)).values_list("pk", flat=True)
    return refresh(list(ids))


def _update(ids: list[int] | None, on: dt.date) -> int:
    if ids is not None and not ids:
        return 0
    employee = Employee._meta.db_table
    rank = RankHistory._meta.db_table
    assignment = Assignment._meta.db_table
    position = Position._meta.db_table
    unit = OrgUnit._meta.db_table
    only = only_a = only_e = ""
    only_params: list[int] = []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only, only_a, only_e = (f" AND {column} IN ({marks})" for column in ("employee_id", "a.employee_id", "e.id"))
        only_params = list(ids)
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    sql = f"""
        UPDATE {employee}
        SET current_rank_id = target.rank_id,
            current_position_id = target.position_id,
            current_position_type = COALESCE(target.position_type, ''),
            current_opd_id = target.opd_id
        FROM (
            SELECT e.id, r.rank_id, h.position_id, h.position_type, h.opd_id
            FROM {employee} e
            LEFT JOIN (
                SELECT employee_id, rank_id,
                       ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY tmt DESC, id DESC) AS n
                FROM {rank} WHERE tmt <= %s{only}
            ) r ON r.employee_id = e.id AND r.n = 1
            LEFT JOIN (
                SELECT a.employee_id, a.position_id, p.type AS position_type, COALESCE(u.opd_id, u.id) AS opd_id,
                       ROW_NUMBER() OVER (
                           PARTITION BY a.employee_id ORDER BY a.kind, a.start_date DESC, a.id DESC
                       ) AS n
                FROM {assignment} a
                JOIN {position} p ON p.id = a.position_id
                JOIN {unit} u ON u.id = p.org_unit_id
                WHERE a.start_date <= %s AND (a.end_date IS NULL OR a.end_date >= %s){only_a}
            ) h ON h.employee_id = e.id AND h.n = 1
            WHERE 1 = 1{only_e}
        ) AS target
        WHERE {employee}.id = target.id
          AND ({employee}.current_rank_id {differs} target.rank_id
               OR {employee}.current_position_id {differs} target.position_id
               OR {employee}.current_position_type <> COALESCE(target.position_type, '')
               OR {employee}.current_opd_id {differs} target.opd_id)
    """  # noqa: S608 (table names come from the models; values are parameters)
    params = [on, *only_params, on, on, *only_params, *only_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
