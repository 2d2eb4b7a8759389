"""Permission-scoped reads of positions, employees and their record.

Other apps read positions only through this module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from semarang_asn.core import roles
from semarang_asn.core.figures import Total
from semarang_asn.core.rows import Read, read, read_all
from semarang_asn.core.services import setting_value

from . import kept_counts, name_words, rules
from .models import (
    AssessedCompetency,
    Assignment,
    Competency,
    CompetencyAssessment,
    DisciplinaryRecord,
    Employee,
    EmployeeCount,
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
    # The reverse one-to-one: loaded with the user (core.auth) and cached on it, so the
    # template's ``user.employee`` and this share one read.
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


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
    # Two queries: joined, the planner (which expects ~10 holders per position, not 1 per
    # structural post) hashes every employee to find a handful of them.
    rows = list(
        Assignment.objects.filter(position_id__in=position_ids)
        .active_on(on)
        .order_by("position_id", "-kind", "start_date")  # plt first so definitive overwrites
        .values_list("position_id", "employee_id")
    )
    holder_ids = dict(rows)
    employees = Employee.objects.in_bulk(set(holder_ids.values())) if holder_ids else {}
    return {position_id: employees[employee_id] for position_id, employee_id in holder_ids.items()}


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
    """Every OPD with formasi, bezetting, vacant, surplus and Plt totals, in a constant number of queries.

    Vacant and surplus are summed per position: a surplus on one position never fills
    a vacant seat on another.
    """
    on = on or timezone.localdate()
    opds = list(OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name"))
    keys = ("formasi", "bezetting", "acting", "vacant", "surplus")
    totals: dict[int, dict[str, int]] = {}
    if kept_counts.kept():  # a row per OPD, summed from the counts PostgreSQL keeps (positions.kept_counts)
        with connection.cursor() as cursor:
            cursor.execute(kept_counts.opd_totals_sql(), [on] * 2)
            totals = {opd_id: dict(zip(keys, values, strict=True)) for opd_id, *values in cursor.fetchall()}
    else:
        # The active seats of every position, grouped once over the seat-count index (not a
        # count per position), then summed per OPD here.
        seats: dict[tuple[int, str], int] = dict(
            ((position_id, kind), n)
            for position_id, kind, n in Assignment.objects.active_on(on)
            .order_by()
            .values("position_id", "kind")
            .annotate(n=Count("*"))
            .values_list("position_id", "kind", "n")
        )
        definitive, acting_kind = Assignment.Kind.DEFINITIVE, Assignment.Kind.ACTING
        for pk, opd_id, unit_id, formasi in (
            Position.objects.filter(is_active=True)
            .values_list("pk", "org_unit__opd_id", "org_unit_id", "formasi")
            .order_by()
        ):
            bezetting, acting = seats.get((pk, definitive), 0), seats.get((pk, acting_kind), 0)
            t = totals.setdefault(opd_id or unit_id, dict.fromkeys(keys, 0))
            t["formasi"] += formasi
            t["bezetting"] += bezetting
            t["acting"] += acting
            t["vacant"] += max(formasi - bezetting, 0)
            t["surplus"] += max(bezetting - formasi, 0)
    empty = dict.fromkeys(keys, 0)
    for opd in opds:
        for key, value in totals.get(opd.pk, empty).items():
            setattr(opd, key, value)
    return opds


def opd_positions(opd: OrgUnit, on: dt.date | None = None) -> QuerySet[Position]:
    """The OPD's positions with seat counts, for its table."""
    return (
        Position.objects.filter(Q(org_unit=opd) | Q(org_unit__opd=opd), is_active=True)
        .with_seat_counts(on)
        .order_by("org_unit__code", "-kelas_jabatan", "title", "code")
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
    return Employee.objects.select_related("current_rank", "current_position__org_unit__opd").order_by("name", "nip")


# A directory row: (key, column read) in the table's order of cells.
_DIRECTORY_COLUMNS = (
    ("pk", "pk"),
    ("nip", "nip"),
    ("name", "name"),
    ("front_title", "front_title"),
    ("back_title", "back_title"),
    ("status", "status"),
    ("rank", "current_rank__code"),
    ("position_id", "current_position_id"),
    ("title", "current_position__title"),
    ("type", "current_position__type"),
    ("unit", "current_position__org_unit__name"),
    ("opd", "current_position__org_unit__opd__name"),
)


class DirectoryList:
    """``employee_directory`` (filtered and sorted) as the directory's paginator pages it: a page
    is a list of plain rows (dicts with the ``_DIRECTORY_COLUMNS`` keys, ``full_name``,
    ``status_label`` and ``opd_name``: the OPD's name, or the unit's when the unit is an OPD),
    read with no model built.

    A page reads its ids first, in the list's order and alone in its query, so a name search
    reads them along the name-order index (name, NIP, id) without visiting the table, then the
    rows of those ids. The count of the unfiltered directory is the total PostgreSQL keeps
    (positions.kept_counts), and that of a search (``search``: its text, when the search is the
    only filter) the kept number of the one name word containing it (positions.name_words),
    instead of counting every employee found."""

    def __init__(self, employees: QuerySet[Employee], *, search: str | None = None):
        self.employees = employees
        self.search = search
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._counted()
        return self._count

    def _counted(self) -> int:
        if kept_counts.kept() and not self.employees.query.where:
            return EmployeeCount.objects.filter(name="employees").values_list("n", flat=True).first() or 0
        if self.search is not None:
            found = self.employees.values("pk").order_by().query.sql_with_params()
            counted = name_words.count_sql(self.search, found)
            if counted is not None:
                with connection.cursor() as cursor:
                    cursor.execute(*counted)
                    return cursor.fetchone()[0]
        return self.employees.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict]:
        ids = self.employees.values("pk")[window]
        keys, columns = zip(*_DIRECTORY_COLUMNS, strict=True)
        found = Employee.objects.filter(pk__in=ids).order_by(*self.employees.query.order_by).values_list(*columns)
        labels = {value: str(label) for value, label in Employee.Status.choices}
        rows = []
        for values in found:
            row = dict(zip(keys, values, strict=True))
            row["full_name"] = Employee.titled_name(row["front_title"], row["name"], row["back_title"])
            row["status_label"] = labels.get(row["status"], "")
            row["opd_name"] = row["opd"] or row["unit"]
            rows.append(row)
        return rows


def employee_visible_to(user, pk: int) -> Employee:
    """An employee's record for HR or the employee themself; 404 for anyone else."""
    me = employee_for_user(user)
    if me is not None and me.pk == pk:
        return me  # read with the login (core.auth), not again
    if not roles.is_hr(user):
        raise Http404
    try:
        return Employee.objects.select_related("user").get(pk=pk)
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


def jpm(employee: Employee, position: Position, *, assessed: dict[str, int] | None = None) -> dict:
    """JPM of an employee against a position's standard, with its band and gaps. ``assessed``:
    the employee's ``latest_assessed_levels`` when the caller has them already."""
    required = position_standard(position)
    if assessed is None:
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


def _is_active(assignment: Assignment, on: dt.date) -> bool:
    return assignment.start_date <= on and (assignment.end_date is None or assignment.end_date >= on)


def opd_units(opd: OrgUnit) -> list[OrgUnit]:
    """The OPD and every unit inside it in tree order, each with ``depth`` (0 for the OPD)."""
    units = list(OrgUnit.objects.filter(Q(pk=opd.pk) | Q(opd=opd)).order_by("code"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[OrgUnit] = []
    stack = [(u, 0) for u in reversed([u for u in units if u.pk == opd.pk])]
    while stack:
        unit, depth = stack.pop()
        unit.depth = depth
        ordered.append(unit)
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return ordered


OPD_TABLE_HOLDERS = 3


def opd_table(opd: OrgUnit, on: dt.date | None = None) -> list[OrgUnit]:
    """The OPD's unit tree; each unit carries ``rows``: its positions with seat counts,
    ``holders`` (the first OPD_TABLE_HOLDERS active assignments, definitive first) and
    ``more_holders`` (how many others the position page lists). Three queries whatever the
    size, and a page that grows with the positions, not with the headcount."""
    on = on or timezone.localdate()
    units = opd_units(opd)
    # Each position names its first holders itself (one top-N index lookup per holder slot),
    # rather than numbering every active assignment of the OPD to keep the first few.
    firsts = (
        Assignment.objects.filter(position=OuterRef("pk"))
        .active_on(on)
        .order_by("kind", "start_date", "id")
        .values("pk")
    )
    slots = {f"holder_{i}": Subquery(firsts[i : i + 1]) for i in range(OPD_TABLE_HOLDERS)}
    positions = list(opd_positions(opd, on).annotate(**slots))
    wanted = [getattr(p, slot) for p in positions for slot in slots if getattr(p, slot) is not None]
    rows = (
        Assignment.objects.filter(pk__in=wanted)
        .select_related("employee")
        .only("position_id", "kind", "employee__nip", "employee__name", "employee__front_title", "employee__back_title")
        .in_bulk()
    )
    holders: dict[int, list[Assignment]] = {
        p.pk: [rows[getattr(p, slot)] for slot in slots if getattr(p, slot) is not None] for p in positions
    }
    by_unit: dict[int, list[Position]] = {}
    for position in positions:
        position.holders = holders.get(position.pk, [])
        position.more_holders = position.bezetting + position.acting - len(position.holders)
        position.vacant_seats = max(position.vacant, 0)
        position.surplus = max(-position.vacant, 0)
        by_unit.setdefault(position.org_unit_id, []).append(position)
    for unit in units:
        unit.rows = by_unit.get(unit.pk, [])
    return units


def position_page(pk: int, on: dt.date | None = None) -> Position:
    """A position for its detail page: ``holders`` (active), ``history`` (all assignments),
    ``subordinate_positions`` with seat counts, and the prefetched standard."""
    on = on or timezone.localdate()
    position = position_detail(pk)
    history = list(position.assignments.all())
    position.history = history
    position.holders = sorted((a for a in history if _is_active(a, on)), key=lambda a: (a.kind, a.start_date))
    position.subordinate_positions = list(
        Position.objects.filter(reports_to=position, is_active=True)
        .with_seat_counts(on)
        .select_related("org_unit")
        .order_by("-kelas_jabatan", "title")
    )
    return position


def directory_rows(employees) -> list[Employee]:
    """``employee_directory`` rows (the employee picker's) with ``rank`` and ``position``: the
    stored current ones, loaded with the rows (no further query)."""
    employees = list(employees)
    for e in employees:
        e.rank = e.current_rank
        e.position = e.current_position
    return employees


def employee_profile(employee: Employee, on: dt.date | None = None) -> dict:
    """Everything the profile page shows about one (already permission-checked) employee.
    The current post, rank and assessed levels are read from the histories the page lists
    (as ``current_assignment``, ``current_rank`` and ``latest_assessed_levels`` choose them),
    not queried again."""
    on = on or timezone.localdate()
    assignments = list(Assignment.objects.filter(employee=employee).select_related("position__org_unit__opd"))
    active = [a for a in assignments if _is_active(a, on)]  # newest first
    held = next((a for a in active if a.kind == Assignment.Kind.DEFINITIVE), None) or next(iter(active), None)
    rank_history = list(RankHistory.objects.filter(employee=employee).select_related("rank"))  # newest first
    rank = next((r.rank for r in rank_history if r.tmt <= on), None)
    assessments = list(
        CompetencyAssessment.objects.filter(employee=employee).prefetch_related(
            Prefetch("levels", queryset=AssessedCompetency.objects.select_related("competency"))
        )
    )  # newest first
    assessed: dict[str, int] = {}
    for assessment in assessments:
        for row in assessment.levels.all():
            assessed.setdefault(row.competency.code, row.level)
    match = jpm(employee, held.position, assessed=assessed) if held else None
    return {
        "current": held,
        "rank": rank,
        "rank_history": rank_history,
        "assignments": [(a, _is_active(a, on)) for a in assignments],
        "discipline": list(DisciplinaryRecord.objects.filter(employee=employee)),
        "assessments": assessments,
        "jpm": match,
        "jpm_rows": [
            (code, req, match["assessed"].get(code), match["gaps"][code]) for code, req in match["required"].items()
        ]
        if match
        else [],
    }


def vacant_positions() -> QuerySet[Position]:
    """Active positions with at least one seat not held by a definitive incumbent today."""
    return (
        Position.objects.filter(is_active=True)
        .with_seat_counts()
        .filter(vacant__gt=0)
        .select_related("org_unit", "org_unit__opd")
        .order_by("org_unit__code", "-kelas_jabatan", "title")
    )


def selection_record(employee: Employee, on: dt.date | None = None) -> dict:
    """What open selection screens an applicant on: rank, education, birth date, the periods
    held per position level (definitive assignments up to ``on``: (start, last day or None)),
    the start of service (the NIP's TMT) and disciplinary levels. Spans are counted by dates
    in positions.rules, by the rule that needs them."""
    on = on or timezone.localdate()
    periods_by_level: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for start, end, level in Assignment.objects.filter(
        employee=employee, kind=Assignment.Kind.DEFINITIVE, start_date__lte=on
    ).values_list("start_date", "end_date", "position__level"):
        periods_by_level.setdefault(level, []).append((start, end))
    try:
        parts = rules.parse_nip(employee.nip)
        service_start = dt.date(parts.appointment_year, parts.appointment_month, 1)
    except ValidationError:
        service_start = None
    return {
        "rank": current_rank(employee, on),
        "education": employee.education,
        "education_order": Employee.EDUCATION_ORDER,
        "birth_date": employee.birth_date,
        "age": employee.age_on(on),
        "periods_by_level": periods_by_level,
        "service_start": service_start,
        "discipline_levels": sorted(
            set(
                DisciplinaryRecord.objects.filter(employee=employee, decided_on__lte=on).values_list("level", flat=True)
            )
        ),
    }


def _search_terms(text: str) -> Q:
    """A NIP or code fragment, or words of a name/title (every word must occur)."""
    digits = "".join(text.split())
    if digits.isdigit():
        return Q(nip__startswith=digits)
    condition = Q()
    for word in text.split():
        condition &= Q(name__icontains=word)
    return condition | Q(nip__icontains=text)


def employee_matches(user, text: str, *, limit: int) -> list[Employee]:
    """Active employees matching a name or NIP fragment, with their current post attached
    (three queries at any size); HR only, everyone else gets nothing."""
    if not text or not roles.is_hr(user):
        return []
    found = employee_directory(user).filter(status=Employee.Status.ACTIVE).filter(_search_terms(text))[:limit]
    return directory_rows(found)


# An OPD's own units have no ``opd`` row above them: sort them under their own name, the
# same on every database (NULLs sort first on SQLite and last on PostgreSQL).
OPD_NAME = Coalesce("org_unit__opd__name", "org_unit__name").asc()


def _position_terms(text: str) -> Q:
    condition = Q()
    for word in text.split():
        condition &= Q(title__icontains=word) | Q(code__icontains=word) | Q(org_unit__name__icontains=word)
    return condition


def position_matches(user, text: str, *, limit: int, positions: QuerySet[Position] | None = None) -> list[Position]:
    """Active positions whose code, title or unit matches every word, OPD and unit attached,
    one row per position, sorted by OPD, unit and code; HR only."""
    if not text or not roles.is_hr(user):
        return []
    if positions is None:
        ids = Position.objects.filter(is_active=True).filter(_position_terms(text)).values("pk")
    else:
        # The words first, in a query of their own: joined in one, the planner applies
        # ``positions``' costlier conditions (a seat count per position) to every position
        # before the words, and the picker counted the seats of the whole city.
        found = list(Position.objects.filter(_position_terms(text)).order_by().values_list("pk", flat=True))
        ids = positions.filter(pk__in=found).values("pk")
    return list(
        Position.objects.filter(pk__in=ids)
        .select_related("org_unit", "org_unit__opd")
        .order_by(OPD_NAME, "org_unit__code", "code")[:limit]
    )


def employees_by_id(ids) -> dict[int, Employee]:
    """{id: employee} for these ids (one query)."""
    return Employee.objects.in_bulk(list(ids))


def unit_names(ids) -> list[tuple[int, str]]:
    """(id, name) of these org units in name order (the database's collation)."""
    return list(OrgUnit.objects.filter(pk__in=list(ids)).order_by("name", "pk").values_list("pk", "name"))


def opd_choices() -> QuerySet[OrgUnit]:
    """The OPD (top units) by name, for filters."""
    return OrgUnit.objects.filter(parent__isnull=True).order_by("name")


def position_list(user) -> QuerySet[Position]:
    """Every active position with its seat counts, OPD and unit, for HR's list; nothing for others."""
    if not roles.is_hr(user):
        return Position.objects.none()
    return (
        Position.objects.filter(is_active=True)
        .with_seat_counts()
        .annotate(opd_name=Coalesce("org_unit__opd__name", "org_unit__name"))
        .select_related("org_unit", "org_unit__opd")
        .order_by("opd_name", "org_unit__code", "code")
    )


class PositionsByVacancy:
    """``position_list`` filtered and sorted by vacant seats alone (then by id), as its
    paginator pages it (``by_vacancy``). Sorting needs every position's seat counts, three
    counts over its assignments each (70 ms for the city's 1,426 positions at 150,000
    employees), to show 50: the page's positions and their seat counts come instead from the
    counts PostgreSQL keeps (kept_counts.seat_rows_sql, one row per position), in the same
    order, and only those positions are read."""

    def __init__(self, positions: QuerySet[Position], *, descending: bool):
        self.positions = positions
        self.descending = descending

    def count(self) -> int:
        return self.positions.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Position]:
        start, stop = window.start or 0, window.stop
        found, params = self.positions.values("pk").order_by().query.sql_with_params()
        direction = "DESC" if self.descending else "ASC"
        sql = (
            f"SELECT s.id, s.bezetting, s.acting FROM ({kept_counts.seat_rows_sql(placed=True)}) "  # noqa: S608
            "AS s(id, opd_id, unit_id, formasi, bezetting, acting) "
            f"WHERE s.id IN ({found}) ORDER BY s.formasi - s.bezetting {direction}, s.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [timezone.localdate()] * 2 + [*params, stop - start, start])
            seats = cursor.fetchall()
        rows = Position.objects.select_related("org_unit", "org_unit__opd").in_bulk([pk for pk, _b, _a in seats])
        for pk, bezetting, acting in seats:
            position = rows[pk]
            position.bezetting, position.acting, position.vacant = bezetting, acting, position.formasi - bezetting
        return [rows[pk] for pk, _b, _a in seats]


def by_vacancy(positions: QuerySet[Position]) -> QuerySet[Position] | PositionsByVacancy:
    """``positions`` as the position list pages them: ``PositionsByVacancy`` when sorted by
    vacant seats alone and PostgreSQL keeps the seat counts, else the queryset itself."""
    order = tuple(positions.query.order_by)
    if kept_counts.kept() and order in (("vacant", "pk"), ("-vacant", "pk")):
        return PositionsByVacancy(positions, descending=order[0] == "-vacant")
    return positions


def is_active_employee_nip(nip: str) -> bool:
    """Whether ``nip`` belongs to an active employee of the city (so not an outside candidate)."""
    return Employee.objects.filter(nip=nip, status=Employee.Status.ACTIVE).exists()


# --- set-based reads for the eligibility recompute (performance) ---------------------
# Each is one query whatever the number of employees; ``ids`` None means every active employee.
# Each ``*_read`` gives its query as a ``Read`` (so a job reads them together, ``read_all``),
# the function without the suffix reads it at once.


def active_employee_basics_read(ids: list[int] | None = None) -> Read:
    """{employee id: (birth date, education, employment type)} of active employees, in id order
    (the order the recompute writes its rows in: its index entries then append at the end)."""
    qs = Employee.objects.active().order_by("pk")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return Read(
        qs.values_list("pk", "birth_date", "education", "employment_type"),
        lambda rows: {pk: (birth, edu, kind) for pk, birth, edu, kind in rows},
    )


def active_employee_basics(ids: list[int] | None = None) -> dict[int, tuple[dt.date, str, str]]:
    return read(active_employee_basics_read(ids))


_ASSIGNMENT_COLUMNS = (
    "employee_id",
    "position_id",
    "kind",
    "start_date",
    "end_date",
    "position__level",
    "position__reports_to_id",
    "position__org_unit__opd_id",
    "position__org_unit_id",
    "id",
)


def _assignment_tuples(rows) -> list[tuple]:
    # The OPD of a post: its unit's OPD, or the unit itself when the unit is an OPD.
    return [(*row[:7], row[7] or row[8], row[9]) for row in rows]


def _assignments_read(qs) -> Read:
    # Unsorted: the reader orders by start date and id itself (a sort the database need not do).
    return Read(qs.order_by().values_list(*_ASSIGNMENT_COLUMNS), _assignment_tuples)


def assignment_rows_read(ids: list[int] | None, *, until: dt.date) -> Read:
    """Assignments of active employees started by ``until``, in no particular order: (employee,
    position, kind, start, end, level, reports_to position, OPD, assignment id)."""
    qs = Assignment.objects.filter(start_date__lte=until, employee__status=Employee.Status.ACTIVE)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return _assignments_read(qs)


def assignment_rows(ids: list[int] | None, *, until: dt.date) -> list[tuple]:
    return read(assignment_rows_read(ids, until=until))


def active_holders(position_ids, on: dt.date) -> list[tuple]:
    """The assignments active on ``on`` in these positions (same columns as assignment_rows)."""
    return read(
        _assignments_read(
            Assignment.objects.filter(
                position_id__in=list(position_ids), employee__status=Employee.Status.ACTIVE
            ).active_on(on)
        )
    )


def _latest_rank_each(rows) -> dict[int, tuple[int, dt.date]]:
    result: dict[int, tuple[int, dt.date]] = {}
    for employee_id, order, tmt in rows:
        result.setdefault(employee_id, (order, tmt))
    return result


def current_ranks_read(ids: list[int] | None, on: dt.date) -> Read:
    """{employee id: (rank order, TMT)} of the latest rank with TMT on or before ``on``."""
    qs = RankHistory.objects.filter(tmt__lte=on).order_by("employee_id", "-tmt", "-id")
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    if connection.vendor == "postgresql":
        qs = qs.distinct("employee_id")  # only the latest row of each employee comes back
    return Read(qs.values_list("employee_id", "rank__order", "tmt"), _latest_rank_each)


def current_ranks(ids: list[int] | None, on: dt.date) -> dict[int, tuple[int, dt.date]]:
    return read(current_ranks_read(ids, on))


_STANDARD_KINDS = (Competency.Kind.MANAGERIAL, Competency.Kind.SOCIOCULTURAL)


def standard_competency_count_read() -> Read:
    """The number of managerial and socio-cultural competencies (each level's default standard)."""
    return Read(
        Competency.objects.filter(kind__in=_STANDARD_KINDS).order_by().values_list("pk"),
        len,
    )


def latest_competency_sums_read(ids: list[int] | None, *, caps: tuple[int, ...]) -> Read:
    """Per employee, over the managerial and socio-cultural competencies, the latest assessed
    level of each (as ``latest_assessed_levels``): their sum, their count and their sum with
    each level capped at each of ``caps``. The database picks the latest level of each
    competency and adds them up, so one row per employee comes back whatever the number of
    assessments. It keeps a level unless a later assessment of the same employee measured
    the same competency: hash joins on the employee (only a later assessment, rare, is looked
    into), so the work grows linearly, with no sort of everyone's levels."""
    q = connection.ops.quote_name
    assessed = q(AssessedCompetency._meta.db_table)
    assessment = q(CompetencyAssessment._meta.db_table)
    competency = q(Competency._meta.db_table)
    params: list = list(_STANDARD_KINDS)
    only = ""
    if ids is not None:
        # An empty list matches no row (an IN () the SQL could not parse).
        only = f" AND a.employee_id IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"
        params += list(ids)
    capped = ", ".join(f"SUM(CASE WHEN ac.level > {int(cap)} THEN {int(cap)} ELSE ac.level END)" for cap in caps)
    sql = (
        f"SELECT a.employee_id, SUM(ac.level), COUNT(*), {capped} "  # noqa: S608 (names from the models)
        f"FROM {assessed} ac JOIN {assessment} a ON a.id = ac.assessment_id "
        f"JOIN {competency} c ON c.id = ac.competency_id WHERE c.kind IN (%s, %s){only} "
        f"AND NOT EXISTS (SELECT 1 FROM {assessment} later WHERE later.employee_id = a.employee_id "
        "AND (later.assessed_on > a.assessed_on OR (later.assessed_on = a.assessed_on AND later.id > a.id)) "
        f"AND EXISTS (SELECT 1 FROM {assessed} remeasured WHERE remeasured.assessment_id = later.id "
        "AND remeasured.competency_id = ac.competency_id)) "
        "GROUP BY a.employee_id"
    )

    def shape(rows) -> dict[int, dict]:
        return {
            employee_id: {
                "total": int(total),
                "count": int(count),
                "capped": {cap: int(value) for cap, value in zip(caps, by_cap, strict=True)},
            }
            for employee_id, total, count, *by_cap in rows
        }

    return Read(sql, shape, params)


def latest_competency_sums(ids: list[int] | None, *, caps: tuple[int, ...]) -> tuple[dict[int, dict], int]:
    """``latest_competency_sums_read`` with the number of such competencies (two queries)."""
    got = read_all({"sums": latest_competency_sums_read(ids, caps=caps), "n": standard_competency_count_read()})
    return got["sums"], got["n"]


def _levels_each(rows) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for employee_id, level in rows:
        result.setdefault(employee_id, set()).add(level)
    return result


def discipline_levels_read(ids: list[int] | None, on: dt.date, *, levels: tuple[str, ...]) -> Read:
    """{employee id: the sanction levels among ``levels`` decided on or before ``on``}."""
    qs = DisciplinaryRecord.objects.filter(decided_on__lte=on, level__in=levels)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return Read(qs.order_by().values_list("employee_id", "level"), _levels_each)


def discipline_levels(ids: list[int] | None, on: dt.date, *, levels: tuple[str, ...]) -> dict[int, set[str]]:
    return read(discipline_levels_read(ids, on, levels=levels))


def latest_levels_for(ids: list[int]) -> dict[int, dict[str, int]]:
    """{employee id: {competency code: latest assessed level}} for many employees, one query."""
    levels: dict[int, dict[str, int]] = {}
    for employee_id, code, level in (
        AssessedCompetency.objects.filter(assessment__employee_id__in=ids)
        .order_by("assessment__employee_id", "competency__code", "-assessment__assessed_on", "-assessment_id")
        .values_list("assessment__employee_id", "competency__code", "level")
    ):
        levels.setdefault(employee_id, {}).setdefault(code, level)
    return levels


def merit_figures(on: dt.date | None = None) -> dict:
    """Needs planning, discipline and data for the merit dashboard: the seat totals (one query)
    and counts as querysets, read together with the other apps' figures by the dashboard
    (core.figures.read_together). The active employees are counted by training's kept
    per-OPD counts (training.selectors.compliance_totals)."""
    on = on or timezone.localdate()
    active = Employee.objects.active()
    if kept_counts.kept():  # the counts PostgreSQL keeps current (positions.kept_counts)
        with_account = Total(EmployeeCount.objects.filter(name="with_account"), "n")
        assessed = Total(EmployeeCount.objects.filter(name="assessed"), "n")
    else:
        with_account = active.filter(user__isnull=False)
        assessed = active.filter(Exists(CompetencyAssessment.objects.filter(employee=OuterRef("pk"))))
    return {
        **seat_totals(on),
        "with_account": with_account,
        "assessed": assessed,
        "discipline_this_year": DisciplinaryRecord.objects.filter(decided_on__year=on.year),
    }


def seat_totals(on: dt.date | None = None) -> dict[str, int]:
    """The city's formasi, bezetting, vacant seats and Plt count (the HR home page): the
    totals of ``opd_summary`` over every OPD, vacant seats summed per position as there."""
    if kept_counts.kept():  # summed from the counts PostgreSQL keeps per position (positions.kept_counts)
        with connection.cursor() as cursor:
            cursor.execute(kept_counts.seat_totals_sql(), [on or timezone.localdate()] * 2)
            formasi, bezetting, acting, vacant = cursor.fetchone()
        return {"formasi": formasi, "bezetting": bezetting, "vacant": vacant, "acting": acting}
    totals = {"formasi": 0, "bezetting": 0, "vacant": 0, "acting": 0}
    rows = Position.objects.filter(is_active=True).with_seat_counts(on).values_list("formasi", "bezetting", "acting")
    for formasi, bezetting, acting in rows.order_by():
        totals["formasi"] += formasi
        totals["bezetting"] += bezetting
        totals["acting"] += acting
        totals["vacant"] += max(formasi - bezetting, 0)
    return totals
