"""Permission-scoped reads of positions, employees and their record.

Other apps read positions only through this module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from semarang_asn.core import roles
from semarang_asn.core.services import setting_value

from . import rules
from .models import (
    AssessedCompetency,
    Assignment,
    CompetencyAssessment,
    Employee,
    OrgUnit,
    Position,
    PositionCompetency,
    Rank,
    RankHistory,
)


def employee_for_user(user) -> Employee | None:
    """The employee linked to a login, or None (anonymous, admins, HR with no record)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_employee_cache", False)
    if cached is not False:
        return cached
    employee = Employee.objects.filter(user=user).first()
    user._employee_cache = employee
    return employee


def current_assignment(employee: Employee, on: dt.date | None = None) -> Assignment | None:
    """The definitive assignment held on ``on``, else an acting one."""
    return (
        Assignment.objects.filter(employee=employee)
        .active_on(on)
        .select_related("position__org_unit", "position__reports_to")
        .order_by("kind", "-start_date")
        .first()
    )


def positions_held(employee: Employee, on: dt.date | None = None) -> QuerySet[Position]:
    return Position.objects.filter(assignments__in=Assignment.objects.filter(employee=employee).active_on(on))


def incumbents(position_ids, on: dt.date | None = None) -> dict[int, Employee]:
    """position id → its holder on ``on``: the definitive one, else the acting (Plt) one."""
    rows = (
        Assignment.objects.filter(position_id__in=position_ids)
        .active_on(on)
        .select_related("employee")
        .order_by("position_id", "-kind", "start_date")  # plt first so definitive overwrites
    )
    holders: dict[int, Employee] = {}
    for row in rows:
        holders[row.position_id] = row.employee
    return holders


def direct_superior(employee: Employee, on: dt.date | None = None) -> Employee | None:
    """The holder of the position that the employee's position reports to (the rater)."""
    held = current_assignment(employee, on)
    if held is None or held.position.reports_to_id is None:
        return None
    return incumbents([held.position.reports_to_id], on).get(held.position.reports_to_id)


def subordinates(employee: Employee, on: dt.date | None = None) -> QuerySet[Employee]:
    """Employees whose held position reports to a position this employee holds."""
    mine = Assignment.objects.filter(employee=employee).active_on(on).values("position_id")
    staff = Assignment.objects.active_on(on).filter(position__reports_to_id__in=mine).values("employee_id")
    return Employee.objects.filter(pk__in=staff).exclude(pk=employee.pk)


def is_supervisor(user) -> bool:
    employee = employee_for_user(user)
    if employee is None:
        return False
    cached = getattr(user, "_is_supervisor", None)
    if cached is None:
        cached = subordinates(employee).exists()
        user._is_supervisor = cached
    return cached


def current_rank(employee: Employee, on: dt.date | None = None) -> Rank | None:
    on = on or timezone.localdate()
    row = RankHistory.objects.filter(employee=employee, tmt__lte=on).select_related("rank").first()
    return row.rank if row else None


def opd_summary(on: dt.date | None = None) -> list[OrgUnit]:
    """Every OPD with formasi, bezetting and vacant totals, in a constant number of queries."""
    on = on or timezone.localdate()
    opds = list(OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name"))
    formasi: dict[int, int] = {}
    for row in (
        Position.objects.filter(is_active=True)
        .values("org_unit__opd_id", "org_unit_id")
        .annotate(f=Sum("formasi"))
        .order_by()
    ):
        key = row["org_unit__opd_id"] or row["org_unit_id"]
        formasi[key] = formasi.get(key, 0) + (row["f"] or 0)
    filled: dict[int, int] = {}
    acting: dict[int, int] = {}
    active = Assignment.objects.active_on(on).filter(position__is_active=True)
    for row in (
        active.values("position__org_unit__opd_id", "position__org_unit_id", "kind").annotate(n=Count("id")).order_by()
    ):
        key = row["position__org_unit__opd_id"] or row["position__org_unit_id"]
        bucket = filled if row["kind"] == Assignment.Kind.DEFINITIVE else acting
        bucket[key] = bucket.get(key, 0) + row["n"]
    for opd in opds:
        opd.formasi = formasi.get(opd.pk, 0)
        opd.bezetting = filled.get(opd.pk, 0)
        opd.acting = acting.get(opd.pk, 0)
        opd.vacant = max(opd.formasi - opd.bezetting, 0)
        opd.surplus = max(opd.bezetting - opd.formasi, 0)
    return opds


def opd_positions(opd: OrgUnit, on: dt.date | None = None) -> QuerySet[Position]:
    """The OPD's positions with seat counts, units and superiors, for its table."""
    return (
        Position.objects.filter(Q(org_unit=opd) | Q(org_unit__opd=opd), is_active=True)
        .with_seat_counts(on)
        .select_related("org_unit", "reports_to")
        .order_by("org_unit__code", "-kelas_jabatan", "title")
    )


def position_detail(pk: int) -> Position:
    try:
        return (
            Position.objects.with_seat_counts()
            .select_related("org_unit", "org_unit__opd", "reports_to__org_unit")
            .prefetch_related(
                Prefetch("standard", queryset=PositionCompetency.objects.select_related("competency")),
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("employee").order_by("-start_date"),
                ),
            )
            .get(pk=pk)
        )
    except Position.DoesNotExist:
        raise Http404 from None


def employee_directory(user) -> QuerySet[Employee]:
    """Employees visible in the directory: everyone for HR, nobody else."""
    if not roles.is_hr(user):
        return Employee.objects.none()
    return Employee.objects.with_current_rank().with_current_position().order_by("name", "nip")


def employee_visible_to(user, pk: int) -> Employee:
    """An employee's record for HR or the employee themself; 404 for anyone else."""
    qs = Employee.objects.all()
    if not roles.is_hr(user):
        me = employee_for_user(user)
        if me is None or me.pk != pk:
            raise Http404
    try:
        return qs.select_related("user").get(pk=pk)
    except Employee.DoesNotExist:
        raise Http404 from None


def latest_assessed_levels(employee: Employee) -> dict[str, int]:
    """competency code → the level from the most recent assessment that measured it."""
    rows = (
        AssessedCompetency.objects.filter(assessment__employee=employee)
        .select_related("competency")
        .order_by("competency__code", "-assessment__assessed_on", "-assessment_id")
    )
    levels: dict[str, int] = {}
    for row in rows:
        levels.setdefault(row.competency.code, row.level)
    return levels


def latest_potential(employee: Employee) -> str:
    row = (
        CompetencyAssessment.objects.filter(employee=employee)
        .exclude(potential="")
        .order_by("-assessed_on", "-id")
        .values_list("potential", flat=True)
        .first()
    )
    return row or ""


def position_standard(position: Position) -> dict[str, int]:
    return dict(PositionCompetency.objects.filter(position=position).values_list("competency__code", "required_level"))


def jpm(employee: Employee, position: Position) -> dict:
    """JPM of an employee against a position's standard, with its band and gaps."""
    required = position_standard(position)
    assessed = latest_assessed_levels(employee)
    value = rules.job_person_match(assessed, required, cap_at_required=bool(setting_value("jpm.cap_at_required")))
    band = rules.jpm_band(
        value,
        memenuhi_min=setting_value("jpm.band_memenuhi_min"),
        masih_min=setting_value("jpm.band_masih_memenuhi_min"),
    )
    gaps = {code: assessed.get(code, 0) - req for code, req in required.items()}
    return {
        "value": value,
        "band": band,
        "band_label": rules.BAND_LABELS.get(band, "") if band else "",
        "required": required,
        "assessed": assessed,
        "gaps": gaps,
        "assessed_any": bool(assessed),
    }


def jpm_value(employee: Employee, position: Position) -> Decimal | None:
    return jpm(employee, position)["value"]
