"""Exports of employees and positions, and the import templates.

The export's columns are the import's, so an exported file imports back as updates. Values
keep their type (dates, numbers); semarang_asn.core.exports writes and neutralises them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core.jobs import ExportSpec

from .columns import (
    COMPETENCY_FIXED_COLUMNS,
    EMPLOYEE_EXPORT_HEADERS,
    EMPLOYEE_HEADERS,
    KIND_LABELS,
    POSITION_HEADERS,
    column_header,
)
from .models import Assignment, Competency, CompetencyAssessment, Employee, OrgUnit, Position, Rank, RankHistory


def employee_export_rows(queryset):
    """One row per employee in EMPLOYEE_EXPORT_COLUMNS order (the import's columns plus the rank's
    name and the post's name, unit and OPD); current rank and post stored on the employee, and the ranks
    and posts read once, so the number of queries does not grow with the rows."""
    ranks = {pk: (code, name) for pk, code, name in Rank.objects.values_list("pk", "code", "name")}
    positions = {
        pk: rest
        for pk, *rest in Position.objects.values_list("pk", "code", "title", "org_unit__name", "org_unit__opd__name")
    }
    no_post = ("", "", "", "")
    # The stored current rank and post (positions.current), with the TMT of that rank and the
    # start of that assignment.
    held = (
        Assignment.objects.filter(employee=OuterRef("pk"), position=OuterRef("current_position"))
        .active_on()
        .order_by("kind", "-start_date", "-id")
    )
    tmt = RankHistory.objects.filter(employee=OuterRef("pk"), rank=OuterRef("current_rank")).order_by("-tmt", "-id")
    qs = queryset.select_related(None).annotate(
        current_rank_tmt=Subquery(tmt.values("tmt")[:1]),
        current_position_start=Subquery(held.values("start_date")[:1]),
    )
    for e in qs:
        rank_code, rank_name = ranks.get(e.current_rank_id, ("", ""))
        code, title, unit, opd = positions.get(e.current_position_id, no_post)
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
            rank_code,
            rank_name,
            e.current_rank_tmt,
            code,
            title,
            unit,
            opd or unit,  # a post in the OPD itself
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
    "employees": (EMPLOYEE_EXPORT_HEADERS, employee_export_rows),
    "positions": (POSITION_HEADERS, position_export_rows),
}
EXPORT_STEMS = {"employees": "pegawai", "positions": "jabatan"}


def export_spec(kind: str, *, owner, query: str) -> ExportSpec:
    """The directory ("employees", filtered as the list was) or the positions export, as the
    request writes it or a job rebuilds it from the same query string."""
    from . import selectors
    from .filters import EmployeeDirectoryFilter

    if kind == "employees":
        data = QueryDict(query)
        queryset = EmployeeDirectoryFilter(data or None, queryset=selectors.employee_directory(owner)).qs
    else:
        queryset = Position.objects.filter(is_active=True).order_by("code")
    headers, rows = EXPORTERS[kind]
    return ExportSpec(
        filename=f"{EXPORT_STEMS[kind]}-{timezone.localdate():%Y%m%d}",
        sheet=str(KIND_LABELS[kind]),
        headers=headers,
        rows=rows(queryset),
        total=queryset.count(),
    )


def template_rows(kind: str) -> tuple[list[str], list]:
    """The import template: the header and one example row. The example's first cell starts
    with "#", so the import skips it even if it is left in the file."""
    if kind == "employees":
        example = [
            "#199001152015031002",
            "Contoh Nama Pegawai",
            "",
            "S.Kom.",
            "Semarang",
            dt.date(1990, 1, 15),
            Employee.Sex.MALE,
            Employee.EmploymentType.PNS,
            Employee.Education.S1,
            Employee.Status.ACTIVE,
            "III/a",
            dt.date(2015, 3, 1),
            Position.objects.order_by("code").values_list("code", flat=True).first() or "",
            dt.date(2015, 3, 1),
        ]
        return EMPLOYEE_HEADERS, [example]
    if kind == "competencies":
        # The template offers the managerial and socio-cultural codes every standard holds; the
        # import also reads a technical competency's column when the file has one.
        codes = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL).values_list("code", flat=True))
        headers = [*(column_header(c) for c in COMPETENCY_FIXED_COLUMNS), *codes]
        example = [
            "#199001012015021001",
            dt.date(2025, 6, 1),
            CompetencyAssessment.Method.ASSESSMENT_CENTRE,
            CompetencyAssessment.Potential.MEDIUM,
            "UPT Asesmen BKD Jateng",
            *[3] * len(codes),
        ]
        return headers, [example]
    unit = OrgUnit.objects.order_by("code").values_list("code", flat=True).first() or ""
    example = ["#CONTOH-01", "Analis Kebijakan Ahli Muda", unit, Position.Type.JF, Position.Level.AHLI_MUDA, 9, 2, ""]
    return POSITION_HEADERS, [example]


def _choice_rows(column: str, choices) -> list[list]:
    return [[column_header(column), code, str(label)] for code, label in choices]


def template_code_sheets(kind: str) -> list[tuple[str, list[str], list[list]]]:
    """The allowed codes, one sheet after the template's: what each coded column accepts."""
    headers = [_("Kolom"), _("Kode"), _("Keterangan")]
    if kind == "employees":
        ranks = [[column_header("golongan"), code, name] for code, name in Rank.objects.values_list("code", "name")]
        codes = [
            *_choice_rows("jenis_kelamin", Employee.Sex.choices),
            *_choice_rows("jenis_kepegawaian", Employee.EmploymentType.choices),
            *_choice_rows("pendidikan", Employee.Education.choices),
            *_choice_rows("status", Employee.Status.choices),
            *ranks,
        ]
        positions = Position.objects.order_by("code").values_list("code", "title", "org_unit__name")
        position_rows = [[code, title, unit] for code, title, unit in positions]
        return [
            (_("Kode"), headers, codes),
            (_("Kode jabatan"), [_("Kode jabatan"), _("Nama jabatan"), _("Unit")], position_rows),
        ]
    if kind == "competencies":
        codes = [
            *_choice_rows("metode", CompetencyAssessment.Method.choices),
            *_choice_rows("potensi", CompetencyAssessment.Potential.choices),
            *([_("Level kompetensi"), level, _("Level %(n)s dari 5") % {"n": level}] for level in range(1, 6)),
        ]
        competencies = [
            [code, name, str(Competency.Kind(kind_code).label)]
            for code, name, kind_code in Competency.objects.order_by("kind", "code").values_list("code", "name", "kind")
        ]
        return [
            (_("Kode"), headers, codes),
            (_("Kode kompetensi"), [_("Kode kompetensi"), _("Nama kompetensi"), _("Jenis")], competencies),
        ]
    codes = [*_choice_rows("jenis", Position.Type.choices), *_choice_rows("jenjang", Position.Level.choices)]
    units = OrgUnit.objects.order_by("code").values_list("code", "name")
    return [
        (_("Kode"), headers, codes),
        (_("Kode unit"), [_("Kode unit"), _("Nama unit")], [list(u) for u in units]),
    ]
