"""Reads of JP and records: the ledger totals other apps use, "Pelatihan saya", external
training, socialisation, compliance, recommendations and the home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from positions import selectors as position_selectors
from positions.models import Assignment, Employee, OrgUnit
from semarang_asn.core import roles
from semarang_asn.core.figures import Scalar, Total
from semarang_asn.core.prepared import Prepared, read_rows
from semarang_asn.core.rows import Read, read, read_all

from .. import compliance_counts, rules
from ..models import (
    ComplianceHeadcount,
    ComplianceYear,
    Course,
    CourseCompetency,
    Enrollment,
    ExternalTraining,
    JpCredit,
    JpYearTotal,
    SocialisationAck,
    SocialisationMaterial,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=7, decimal_places=1))


# --- the interface other apps use ------------------------------------------------------


def jp_totals_read(*, year: int, employee_ids: Iterable[int] | None = None) -> Read:
    """JP credited per employee (employee id -> JP) in calendar `year`: course completions,
    verified external training, acknowledged socialisation. One query. Employees with 0 JP absent."""
    rows = JpYearTotal.objects.filter(year=year)
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    return Read(rows.order_by().values_list("employee_id", "jp"), lambda got: {e: jp for e, jp in got if jp})


def jp_totals(*, year: int, employee_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    return read(jp_totals_read(year=year, employee_ids=employee_ids))


def _programmes_each(rows) -> dict[int, set[str]]:
    held: dict[int, set[str]] = {}
    for employee_id, programme in rows:
        held.setdefault(employee_id, set()).add(programme)
    return held


def leadership_training_held_read(*, employee_ids: Iterable[int] | None = None) -> Read:
    """Completed leadership training per employee: a subset of {"PKP", "PKA", "PKN_II"}
    (course completions with a valid, unrevoked certificate, and verified external training
    declared as such). One query."""
    rows = JpCredit.objects.exclude(leadership="")
    if employee_ids is not None:
        rows = rows.filter(employee_id__in=list(employee_ids))
    return Read(rows.values_list("employee_id", "leadership").distinct().order_by(), _programmes_each)


def leadership_training_held(*, employee_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    return read(leadership_training_held_read(employee_ids=employee_ids))


# --- "Pelatihan saya" -----------------------------------------------------------------------


class MyCourse(NamedTuple):
    """An enrolment on "Pelatihan saya": its course, progress and certificate (ids None when
    there is none)."""

    course_id: int
    title: str
    jp: Decimal
    completed_on: dt.date | None
    lessons_total: int
    lessons_done: int
    certificate_id: int | None
    certificate_code: str | None
    revoked_at: dt.datetime | None

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


class MyCredit(NamedTuple):
    credited_on: dt.date
    title: str
    source: str
    jp: Decimal


class MyExternal(NamedTuple):
    title: str
    status: str
    organiser: str
    end_date: dt.date
    jp: Decimal
    decision_reason: str


def my_training(employee: Employee, *, year: int | None = None) -> dict:
    """Everything on the employee's own training page: three reads of plain rows, sent together
    (one round trip on PostgreSQL)."""
    year = year or timezone.localdate().year
    enrollments = (
        Enrollment.objects.filter(employee_id=employee.pk)
        .annotate(lessons_total=Count("course__lessons", distinct=True), lessons_done=Count("progress", distinct=True))
        .order_by("-enrolled_at")
        .values_list(
            "course_id",
            "course__title",
            "course__jp",
            "completed_on",
            "lessons_total",
            "lessons_done",
            "certificate__id",
            "certificate__code",
            "certificate__revoked_at",
        )
    )
    credits = (
        JpCredit.objects.filter(employee_id=employee.pk, year=year)
        .order_by("credited_on", "id")
        .values_list("credited_on", "title", "source", "jp")
    )
    external = (
        ExternalTraining.objects.filter(employee_id=employee.pk)
        .order_by("-submitted_at")
        .values_list("title", "status", "organiser", "end_date", "jp", "decision_reason")
    )
    got = read_all(
        {
            "enrollments": Read(enrollments, lambda rows: [MyCourse(*row) for row in rows]),
            "credits": Read(credits, lambda rows: [MyCredit(*row) for row in rows]),
            "external": Read(external, lambda rows: [MyExternal(*row) for row in rows]),
        }
    )
    jp = sum((row.jp for row in got["credits"]), Decimal("0"))
    return {
        "year": year,
        "in_progress": [row for row in got["enrollments"] if row.completed_on is None],
        "done": [row for row in got["enrollments"] if row.completed_on is not None],
        "credits": got["credits"],
        "jp": jp,
        "target": rules.YEARLY_JP_TARGET,
        "percent": rules.jp_share(jp),
        "on_target": rules.on_target(jp),
        "external": got["external"],
    }


def own_external(user, pk: int) -> ExternalTraining:
    """An external training submission for its owner or HR (the certificate file is private)."""
    rows = ExternalTraining.objects.select_related("employee")
    if not roles.is_hr(user):
        employee = position_selectors.employee_for_user(user)
        rows = rows.filter(employee=employee) if employee else rows.none()
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def external_queue(*, status: str = ExternalTraining.Status.SUBMITTED) -> QuerySet[ExternalTraining]:
    return ExternalTraining.objects.filter(status=status).select_related("employee").order_by("submitted_at", "id")


# --- socialisation --------------------------------------------------------------------------


def _opd_of(employee: Employee) -> int | None:
    """The employee's OPD today, stored on the employee (positions.current): no query."""
    return employee.current_opd_id


def socialisation_for_employee(employee: Employee) -> QuerySet[SocialisationMaterial]:
    """Published materials meant for the employee: for everyone, or for their OPD."""
    return _socialisation_for_opd(_opd_of(employee))


def _socialisation_for_opd(opd_id: int | None) -> QuerySet[SocialisationMaterial]:
    return (
        SocialisationMaterial.objects.filter(published_at__isnull=False)
        .filter(Q(for_all=True) | Q(opds__id=opd_id))
        .distinct()
    )


class Unread(NamedTuple):
    pk: int
    title: str


def socialisation_unread(employee: Employee) -> list[Unread]:
    """What the home page lists: the ten newest materials meant for the employee that they
    have not read. Read on every home page, so prepared (core.prepared)."""
    return [Unread(*row) for row in read_rows(Prepared(unread_materials, employee.pk, _opd_of(employee)))]


def unread_materials(employee_id: int, opd_id: int | None) -> QuerySet:
    read = SocialisationAck.objects.filter(employee_id=employee_id, material=OuterRef("pk"))
    unread = _socialisation_for_opd(opd_id).exclude(Exists(read)).order_by("-published_at")
    return unread.values_list("pk", "title")[:10]


def socialisation_visible(user, pk: int) -> tuple[SocialisationMaterial, SocialisationAck | None]:
    if roles.is_hr(user):
        material = SocialisationMaterial.objects.filter(pk=pk).first()
        employee = position_selectors.employee_for_user(user)
    else:
        employee = position_selectors.employee_for_user(user)
        material = socialisation_for_employee(employee).filter(pk=pk).first() if employee else None
    if material is None:
        raise Http404
    ack = SocialisationAck.objects.filter(material=material, employee=employee).first() if employee else None
    return material, ack


def _employee_opd_subquery(on: dt.date):
    held = (
        Assignment.objects.filter(employee=OuterRef("pk"))
        .active_on(on)
        .order_by("kind", "-start_date")
        .annotate(opd=Coalesce("position__org_unit__opd_id", "position__org_unit_id"))
        .values("opd")[:1]
    )
    return Subquery(held)


def _targeted_employees(material: SocialisationMaterial, on: dt.date) -> QuerySet[Employee]:
    employees = Employee.objects.active().annotate(opd_id=_employee_opd_subquery(on))
    if not material.for_all:
        employees = employees.filter(opd_id__in=material.opds.values("pk"))
    return employees


def socialisation_coverage(material: SocialisationMaterial, *, on: dt.date | None = None) -> list[dict]:
    """Per OPD: employees targeted, how many have read, and the share."""
    on = on or timezone.localdate()
    read = SocialisationAck.objects.filter(material=material, employee=OuterRef("pk"))
    rows = (
        _targeted_employees(material, on)
        .annotate(has_read=Exists(read))
        .values("opd_id")
        .annotate(total=Count("pk"), read=Count("pk", filter=Q(has_read=True)))
        .order_by()
    )
    names = dict(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", "name"))
    table = [
        {
            "opd": names.get(row["opd_id"], "—"),
            "total": row["total"],
            "read": row["read"],
            "percent": round(100 * row["read"] / row["total"]) if row["total"] else 0,
        }
        for row in rows
    ]
    return sorted(table, key=lambda row: (row["percent"], row["opd"]))


def socialisation_unread_users(material: SocialisationMaterial, *, on: dt.date | None = None):
    on = on or timezone.localdate()
    read = SocialisationAck.objects.filter(material=material, employee=OuterRef("pk"))
    employees = _targeted_employees(material, on).exclude(Exists(read)).filter(user__isnull=False)
    return get_user_model().objects.filter(pk__in=employees.values("user_id"))


# --- compliance and reminders ---------------------------------------------------------------


def _with_jp(employees: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """Join each employee's kept JP total of ``year`` (at most one row: training.ledger)."""
    return employees.alias(jp_row=FilteredRelation("jp_year_totals", condition=Q(jp_year_totals__year=year)))


def compliance_employees(*, year: int, opd_id: int | None = None, under_only: bool = False):
    """Active employees with their OPD (today's, as stored on the employee) and JP for the
    year (one query, paged by the view), fewest JP first."""
    employees = (
        _with_jp(Employee.objects.active(), year)
        .annotate(opd_id=F("current_opd_id"), jp_total=Coalesce("jp_row__jp", ZERO))
        .order_by("jp_total", "name", "pk")
    )
    if opd_id:
        employees = employees.filter(current_opd_id=opd_id)
    if under_only:
        employees = employees.filter(jp_total__lt=rules.YEARLY_JP_TARGET)
    return employees


def compliance_by_opd(*, year: int) -> list[dict]:
    """Per OPD: employees, how many reached the target, the share and the average JP."""
    rows = _kept_by_opd(year) if compliance_counts.kept() else _grouped_by_opd(year)
    names = dict(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", "name"))
    table = []
    for row in rows:
        total = row["total"]
        table.append(
            {
                "opd_id": row["current_opd_id"],
                "opd": names.get(row["current_opd_id"], "—"),
                "total": total,
                "on_target": row["on_target"],
                "under": total - row["on_target"],
                "without_jp": total - row["with_jp"],
                "percent": round(100 * row["on_target"] / total) if total else 0,
                "jp_avg": (Decimal(row["jp_sum"] or 0) / total).quantize(Decimal("0.1")) if total else Decimal("0"),
            }
        )
    return sorted(table, key=lambda row: (row["percent"], row["opd"]))


def compliance_totals(*, year: int) -> dict:
    """The city's active employees and how many reached the JP target in ``year``, as figures
    for ``core.figures.read_together``: the sums of the counts PostgreSQL keeps per OPD
    (training.compliance_counts, a row per OPD), else counted from every active employee."""
    if compliance_counts.kept():
        return {
            "employees": Total(ComplianceHeadcount.objects.all(), "employees"),
            "on_target": Total(ComplianceYear.objects.filter(year=year), "on_target"),
        }
    return {
        "employees": Employee.objects.active(),
        "on_target": compliance_employees(year=year).filter(jp_total__gte=rules.YEARLY_JP_TARGET),
    }


def _kept_by_opd(year: int) -> list[dict]:
    """The counts PostgreSQL keeps per OPD (training.compliance_counts): one row per OPD."""
    heads = ComplianceHeadcount.objects.filter(employees__gt=0).values_list("opd_key", "employees")
    yearly = {
        row["opd_key"]: row
        for row in ComplianceYear.objects.filter(year=year).values("opd_key", "with_jp", "on_target", "jp_sum")
    }
    rows = []
    for key, total in heads:
        kept = yearly.get(key, {"with_jp": 0, "on_target": 0, "jp_sum": None})
        rows.append({"current_opd_id": key or None, "total": total, **kept})
    return rows


def _grouped_by_opd(year: int):
    """The same counts grouped from every active employee (databases without the triggers)."""
    return (
        _with_jp(Employee.objects.active(), year)
        .values("current_opd_id")
        .annotate(
            total=Count("pk"),
            on_target=Count("pk", filter=Q(jp_row__jp__gte=rules.YEARLY_JP_TARGET)),
            with_jp=Count("jp_row"),
            jp_sum=Sum("jp_row__jp"),
        )
        .order_by()
    )


class ComplianceList:
    """The compliance list as the paginator pages it: active employees, fewest JP first, then
    by name. Employees without JP in the year (no kept total) come first, read along the name
    index; the rest along the (year, JP) index of the kept totals, so a page reads the rows
    up to its own instead of sorting every employee. The count comes from the per-OPD summary
    the page already has. ``compliance_employees`` is the same list as one queryset (exports)."""

    def __init__(self, *, year: int, by_opd: list[dict], opd_id: int | None = None, under_only: bool = False):
        rows = [row for row in by_opd if row["opd_id"] == opd_id] if opd_id else by_opd
        self.year, self.opd_id, self.under_only = year, opd_id, under_only
        self.without_jp = sum(row["without_jp"] for row in rows)
        self._count = sum(row["under"] if under_only else row["total"] for row in rows)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def _employees(self) -> QuerySet[Employee]:
        employees = Employee.objects.active().annotate(opd_id=F("current_opd_id"))
        return employees.filter(current_opd_id=self.opd_id) if self.opd_id else employees

    def __getitem__(self, window: slice) -> list[Employee]:
        start, stop = window.start or 0, min(window.stop, self._count)
        rows: list[Employee] = []
        if start < self.without_jp:
            kept = JpYearTotal.objects.filter(employee=OuterRef("pk"), year=self.year)
            none = self._employees().exclude(Exists(kept)).annotate(jp_total=ZERO).order_by("name", "pk")
            rows += none[start : min(stop, self.without_jp)]
        if stop > self.without_jp:
            some = _with_jp(self._employees(), self.year).filter(jp_row__isnull=False)
            some = some.annotate(jp_total=F("jp_row__jp"))
            if self.under_only:
                some = some.filter(jp_row__jp__lt=rules.YEARLY_JP_TARGET)
            skip = max(start - self.without_jp, 0)
            rows += some.order_by("jp_row__jp", "name", "pk")[skip : stop - self.without_jp]
        return rows


def opd_choices() -> list[tuple[int, str]]:
    return list(OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name").values_list("pk", "name"))


def users_under_target(*, year: int):
    """Logins of active employees whose JP for ``year`` is under the target."""
    under = compliance_employees(year=year, under_only=True).filter(user__isnull=False)
    return get_user_model().objects.filter(pk__in=under.values("user_id"))


# --- recommendations ------------------------------------------------------------------------


def recommendations(employee: Employee) -> list[dict]:
    """Courses that close the employee's competency gaps (assessed level below the position's
    standard) and the leadership training their level or the next one requires, each with
    its reasons. Courses already completed are left out. A constant number of queries."""
    held = position_selectors.current_assignment(employee)
    if held is None:
        return []
    position = held.position
    required = position_selectors.position_standard(position)
    assessed = position_selectors.latest_assessed_levels(employee)
    gaps = {code: (assessed.get(code, 0), level) for code, level in required.items() if assessed.get(code, 0) < level}
    have = leadership_training_held(employee_ids=[employee.pk]).get(employee.pk, set())
    wanted_leadership = {}
    current_need = rules.leadership_required_for(position.level)
    if current_need and current_need not in have:
        wanted_leadership[current_need] = "current"
    next_need = rules.leadership_for_next_level(position.level)
    if next_need and next_need not in have:
        wanted_leadership.setdefault(next_need, "next")
    if not gaps and not wanted_leadership:
        return []
    completed = Enrollment.objects.filter(employee=employee, completed_on__isnull=False).values("course_id")
    candidates = (
        Course.objects.published()
        .exclude(pk__in=completed)
        .filter(Q(competencies__competency__code__in=list(gaps)) | Q(leadership__in=list(wanted_leadership)))
        .distinct()
        .prefetch_related(Prefetch("competencies", queryset=CourseCompetency.objects.select_related("competency")))
    )
    results = []
    for course in candidates:
        reasons = []
        if course.leadership in wanted_leadership:
            reasons.append(
                {
                    "kind": "leadership_" + wanted_leadership[course.leadership],
                    "programme": course.get_leadership_display(),
                }
            )
        for row in course.competencies.all():
            code = row.competency.code
            if code in gaps and row.level > gaps[code][0]:
                reasons.append(
                    {
                        "kind": "gap",
                        "competency": f"{code} {row.competency.name}",
                        "assessed": gaps[code][0],
                        "required": gaps[code][1],
                        "course_level": row.level,
                    }
                )
        if reasons:
            results.append({"course": course, "reasons": reasons})
    # Leadership first (mandatory now, then the next step), then the widest gap closed.
    order = {"leadership_current": 0, "leadership_next": 1, "gap": 2}
    results.sort(
        key=lambda r: (
            min(order[x["kind"]] for x in r["reasons"]),
            -max((x.get("required", 0) - x.get("assessed", 0) for x in r["reasons"]), default=0),
            r["course"].title,
        )
    )
    return results


# --- HR: external training and socialisation -----------------------------------------------


def external_for_hr(pk: int) -> ExternalTraining:
    row = ExternalTraining.objects.select_related("employee").filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def hr_socialisation() -> QuerySet[SocialisationMaterial]:
    # An aggregate drops Meta.ordering and the list is paged: order it explicitly, as Meta says.
    return (
        SocialisationMaterial.objects.annotate(n_read=Count("acks", distinct=True))
        .prefetch_related("opds")
        .order_by("-published_at", "-id")
    )


def hr_socialisation_material(pk: int) -> SocialisationMaterial:
    material = SocialisationMaterial.objects.filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


# --- home page ----------------------------------------------------------------------------


def home_summary(user) -> dict:
    """What the home page shows: unread socialisation and this year's JP for an employee;
    external submissions waiting for HR. The JP and the count are prepared figures, read
    together with the other apps' by the home page (core.figures.read_together)."""
    summary: dict = {"external_pending": None}
    employee = position_selectors.employee_for_user(user)
    if employee is not None:
        year = timezone.localdate().year
        summary.update(
            unread=socialisation_unread(employee),
            jp=Scalar(Prepared(jp_of, employee.pk, year), default=Decimal("0")),
            target=rules.YEARLY_JP_TARGET,
            # Read by the template once the JP is known.
            percent=lambda: rules.jp_share(summary["jp"]),
        )
    if roles.is_hr(user):
        summary["external_pending"] = Prepared(external_submitted)
    return summary


def jp_of(employee_id: int, year: int) -> QuerySet:
    """The employee's JP credited in ``year`` (one row, the sum; none without credits)."""
    return (
        JpCredit.objects.filter(year=year, employee_id=employee_id)
        .values("employee")
        .annotate(total=Sum("jp"))
        .values("total")
    )


def external_submitted() -> QuerySet[ExternalTraining]:
    """External training waiting for HR's verification."""
    return ExternalTraining.objects.filter(status=ExternalTraining.Status.SUBMITTED)
