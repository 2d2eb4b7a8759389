"""Exports of employees and positions, and the import templates.

The export's columns are the import's, so an exported file imports back as updates. Values
keep their type (dates, numbers); semarang_asn.core.exports writes and neutralises them.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from .columns import EMPLOYEE_HEADERS, POSITION_HEADERS
from .models import Assignment, Position, Rank


def employee_export_rows(queryset):
    """One row per employee in EMPLOYEE_COLUMNS order; current rank and post as annotations,
    so the number of queries does not grow with the rows."""
    ranks = dict(Rank.objects.values_list("pk", "code"))
    positions = dict(Position.objects.values_list("pk", "code"))
    held = Assignment.objects.filter(employee=OuterRef("pk")).active_on().order_by("kind", "-start_date")
    qs = queryset
    if "current_rank_id" not in qs.query.annotations:
        qs = qs.with_current_rank()
    if "current_position_id" not in qs.query.annotations:
        qs = qs.with_current_position()
    for e in qs.annotate(current_position_start=Subquery(held.values("start_date")[:1])):
        yield [
            e.nip,
            e.name,
            e.front_title,
            e.back_title,
            e.birth_place,
            e.birth_date,
            e.sex,
            e.employment_type,
            e.education,
            e.status,
            ranks.get(e.current_rank_id, ""),
            e.current_rank_tmt,
            positions.get(e.current_position_id, ""),
            e.current_position_start,
        ]


def position_export_rows(queryset):
    for p in queryset.select_related("org_unit", "reports_to"):
        yield [
            p.code,
            p.title,
            p.org_unit.code,
            p.type,
            p.level,
            p.kelas_jabatan,
            p.formasi,
            p.reports_to.code if p.reports_to_id else "",
        ]


EXPORTERS = {
    "employees": (EMPLOYEE_HEADERS, employee_export_rows),
    "positions": (POSITION_HEADERS, position_export_rows),
}


def template_rows(kind: str) -> tuple[list[str], list]:
    """The import template: the header alone."""
    return (EMPLOYEE_HEADERS if kind == "employees" else POSITION_HEADERS), []
