"""Permission-scoped reads of cycles, evaluations and their results.

Other apps read performance only through this module; ``predikat_by_year`` is the one the
promotion and selection rules use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from positions import selectors as position_selectors
from positions.models import Employee
from semarang_asn.core import roles
from semarang_asn.core.prepared import Prepared, read_rows

from . import kept_counts, rules
from .models import (
    CoachingAction,
    CreditPoint,
    Evaluation,
    EvaluationCount,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)

ACTIVE = (EvaluationCycle.Status.OPEN, EvaluationCycle.Status.CALIBRATION)


def predikat_by_year(employee_ids: Iterable[int], years: Iterable[int]) -> dict[int, dict[int, str]]:
    """{employee_id: {year: predikat}} from CLOSED annual cycles, for promotion and selection
    rules ("at least Baik in each of the last 2 years"). A year with no closed annual cycle or
    no rating is simply absent. One query."""
    rows = (
        Evaluation.objects.filter(
            employee_id__in=list(employee_ids),
            cycle__year__in=list(years),
            cycle__kind=EvaluationCycle.Kind.ANNUAL,
            cycle__status=EvaluationCycle.Status.CLOSED,
        )
        .exclude(predikat="")
        .order_by("cycle__period_end")
        .values_list("employee_id", "cycle__year", "predikat")
    )
    result: dict[int, dict[int, str]] = {}
    for employee_id, year, predikat in rows:
        result.setdefault(employee_id, {})[year] = predikat
    return result


def credit_points_total(employee_id: int) -> dict:
    """The employee's credit points from closed annual cycles: rows and the running total.
    Of each cycle only its year (not its stored kurva)."""
    rows = list(
        CreditPoint.objects.filter(employee_id=employee_id)
        .select_related("cycle")
        .only("predikat", "amount", "cycle__year")
        .order_by("cycle__year")
    )
    return {"rows": rows, "total": sum((row.amount for row in rows), start=0)}


# --- what a user may see ------------------------------------------------------


@dataclass
class EvaluationAccess:
    evaluation: Evaluation
    is_owner: bool
    is_rater: bool
    is_superior: bool
    is_hr: bool
    unit_closed: bool = False
    today: dt.date = dataclass_field(default_factory=timezone.localdate)

    @property
    def shows_rating(self) -> bool:
        """The employee sees the rating once the rater has submitted it; the others always."""
        return self.evaluation.is_rated or not self.is_owner

    @property
    def has_objection(self) -> bool:
        return hasattr(self.evaluation, "objection")

    @property
    def can_rate(self) -> bool:
        """The rater rates while the cycle runs, until the unit's calibration closes or the
        employee objects."""
        return (
            self.is_rater and self.evaluation.cycle.status in ACTIVE and not self.unit_closed and not self.has_objection
        )

    @property
    def gets_document(self) -> bool:
        """The Dokumen Evaluasi Kinerja Pegawai goes to the employee, the rater and HR."""
        return self.is_owner or self.is_rater or self.is_hr

    @property
    def sees_coaching(self) -> bool:
        """The coaching plan is between the employee and the rater only."""
        return (self.is_owner or self.is_rater) and self.evaluation.needs_coaching and self.shows_rating

    # What the SKP page offers to do: the page builds and shows a form only when its rule holds
    # (the services still decide; these only spare everyone else the form).

    @property
    def editable(self) -> bool:
        """Rows and realisations change while the cycle is open and the SKP is not rated."""
        return self.evaluation.cycle.status == EvaluationCycle.Status.OPEN and not self.evaluation.is_rated

    @property
    def may_add_rows(self) -> bool:
        return self.editable and (self.is_owner or self.is_rater)

    @property
    def may_file_objection(self) -> bool:
        """The employee objects to a submitted rating until the cycle's objection deadline."""
        cycle = self.evaluation.cycle
        return (
            not self.has_objection
            and self.is_owner
            and self.evaluation.is_rated
            and not cycle.is_closed
            and self.today <= cycle.objection_deadline
        )

    @property
    def may_decide_objection(self) -> bool:
        """The rater's superior decides a pending objection while the cycle is not closed."""
        return (
            self.has_objection
            and self.is_superior
            and self.evaluation.objection.status == Objection.Status.PENDING
            and not self.evaluation.cycle.is_closed
        )

    @property
    def may_add_coaching(self) -> bool:
        return self.sees_coaching and self.is_rater


def _evaluation_qs() -> QuerySet[Evaluation]:
    # The three people (employee, rater, rater's superior) come in one query of their own
    # (_attach_people): joined as well, planning the nine-table query cost more than running it.
    # The OPD is read only by the document (one lookup there), the coaching plan only when it
    # is shown (evaluation_for): neither is joined or fetched for every view of the page. A
    # closed cycle's stored kurva is the monitoring's, not the SKP's: left in the database.
    return (
        Evaluation.objects.select_related("cycle", "position", "rater_position", "objection")
        .defer("cycle__closed_kurva")
        .prefetch_related(
            Prefetch("hasil_kerja", queryset=HasilKerja.objects.order_by("kind", "id")),
            Prefetch("perilaku_kerja", queryset=PerilakuKerja.objects.order_by("value")),
        )
    )


def _attach_people(evaluation: Evaluation) -> None:
    """Load the evaluation's employee, rater and rater's superior in one query."""
    ids = {evaluation.employee_id, evaluation.rater_id, evaluation.rater_superior_id} - {None}
    people = position_selectors.employees_by_id(ids)
    evaluation.employee = people[evaluation.employee_id]
    for field in ("rater", "rater_superior"):
        person_id = getattr(evaluation, f"{field}_id")
        setattr(evaluation, field, people.get(person_id) if person_id is not None else None)


def evaluation_for(user, pk: int) -> EvaluationAccess:
    """An evaluation for its employee, rater, rater's superior or HR; 404 for anyone else."""
    try:
        evaluation = _evaluation_qs().get(pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None
    _attach_people(evaluation)
    me = position_selectors.employee_for_user(user)
    my_id = me.pk if me else None
    access = EvaluationAccess(
        evaluation=evaluation,
        is_owner=my_id is not None and evaluation.employee_id == my_id,
        is_rater=my_id is not None and evaluation.rater_id == my_id,
        is_superior=my_id is not None and evaluation.rater_superior_id == my_id,
        is_hr=roles.is_hr(user),
    )
    if not (access.is_owner or access.is_rater or access.is_superior or access.is_hr):
        raise Http404
    if evaluation.cycle.status == EvaluationCycle.Status.CALIBRATION:
        access.unit_closed = UnitCalibration.objects.filter(
            cycle_id=evaluation.cycle_id, unit_id=evaluation.unit_id, closed_at__isnull=False
        ).exists()
    if access.sees_coaching:
        prefetch_related_objects(
            [evaluation], Prefetch("coaching_actions", queryset=CoachingAction.objects.select_related("owner"))
        )
    return access


def evaluation_document_for(user, pk: int) -> Evaluation:
    """A finished evaluation for the readers of its document: the employee, the rater and HR.
    The rater's superior reads the SKP page but is not given the document (403); anyone else,
    or any evaluation not yet final, 404."""
    access = evaluation_for(user, pk)
    if not access.gets_document:
        raise PermissionDenied
    if access.evaluation.status != Evaluation.Status.FINAL:
        raise Http404
    return access.evaluation


def team_evaluations(user, cycle: EvaluationCycle | None = None) -> QuerySet[Evaluation]:
    """ "Penilaian tim saya": the evaluations this user rates in open or calibrating cycles,
    with SKP progress."""
    me = position_selectors.employee_for_user(user)
    if me is None:
        return Evaluation.objects.none()
    qs = Evaluation.objects.filter(rater=me, cycle__status__in=ACTIVE)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return (
        qs.select_related("cycle", "employee", "position")
        .annotate(n_rows=F("skp_rows"), n_realised=F("skp_realised"))  # stored: performance.skp_counts
        .order_by("-cycle__period_end", "employee__name", "pk")
    )


class TeamRows:
    """``team_evaluations`` as "Penilaian tim saya" prints them, for its Paginator: the columns
    the list shows read as values, each row a dict (no four model instances a row, and a
    template lookup on a dict is a plain key lookup). Same rows, same order."""

    COLUMNS = (
        "pk",
        "predikat",
        "skp_rows",
        "skp_realised",
        "cycle__name",
        "cycle__status",
        "employee__front_title",
        "employee__name",
        "employee__back_title",
        "employee__nip",
        "position__title",
    )

    def __init__(self, user):
        self.rows = team_evaluations(user).values_list(*self.COLUMNS)

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [
            {
                "pk": pk,
                "predikat": predikat,
                "n_rows": n_rows,
                "n_realised": n_realised,
                "cycle_name": cycle_name,
                "cycle_status": cycle_status,
                "full_name": Employee.titled_name(front_title, name, back_title),
                "nip": nip,
                "position_title": position_title,
            }
            for (
                pk,
                predikat,
                n_rows,
                n_realised,
                cycle_name,
                cycle_status,
                front_title,
                name,
                back_title,
                nip,
                position_title,
            ) in self.rows[window]
        ]


MY_EVALUATION_FIELDS = (
    "employee_id",
    "predikat",
    "skp_rows",
    "cycle__name",
    "cycle__kind",
    "cycle__year",
    "cycle__status",
    "cycle__period_start",
    "cycle__period_end",
    "position__title",
)


def my_evaluations(user) -> list[Evaluation]:
    """ "Kinerja saya": the user's own evaluations, oldest first (for the chart), with only what
    the page and its chart read (a closed cycle's stored kurva is left in the database)."""
    me = position_selectors.employee_for_user(user)
    if me is None:
        return []
    return list(
        Evaluation.objects.filter(employee=me)
        .exclude(cycle__status=EvaluationCycle.Status.DRAFT)
        .select_related("cycle", "position")
        .only(*MY_EVALUATION_FIELDS)
        .annotate(n_rows=F("skp_rows"))
        .order_by("cycle__period_end", "cycle_id")
    )


def objections_to_decide(user) -> QuerySet[Objection]:
    me = position_selectors.employee_for_user(user)
    if me is None:
        return Objection.objects.none()
    return (
        objections_decided_by(me.pk)
        .select_related("evaluation__employee", "evaluation__cycle", "evaluation__rater")
        .order_by("filed_at")
    )


def objections_decided_by(employee_id: int) -> QuerySet[Objection]:
    """Pending objections to ratings given under this employee (the rater's superior decides)."""
    return Objection.objects.filter(evaluation__rater_superior_id=employee_id, status=Objection.Status.PENDING)


def pending_objections(user) -> QuerySet[Objection]:
    """Every objection still waiting for the rater's superior, oldest first: HR's overview.
    Nobody else gets any."""
    if not roles.is_hr(user):
        return Objection.objects.none()
    return (
        Objection.objects.filter(status=Objection.Status.PENDING)
        .select_related("evaluation__employee", "evaluation__cycle", "evaluation__rater_superior")
        .order_by("filed_at", "pk")
    )


def _evaluation_count(**conditions) -> Subquery:
    """Per cycle: its evaluations (matching ``conditions``), the sum of the cycle's few hundred
    kept counts (performance.kept_counts), else counted on the (cycle, predikat) index."""
    if kept_counts.kept():
        rows = EvaluationCount.objects.filter(cycle=OuterRef("pk"), **conditions).values("cycle")
        rows = rows.order_by().annotate(n=Sum("evaluations")).values("n")
    else:
        rows = (
            Evaluation.objects.filter(cycle=OuterRef("pk"), **conditions)
            .order_by()
            .values("cycle")
            .annotate(n=Count("*"))  # COUNT(*), not of the id: the index alone answers it
            .values("n")
        )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cycles() -> QuerySet[EvaluationCycle]:
    """Cycles with how many evaluations each has and how many are rated: a closed cycle's
    counts as taken when it closed (it is read-only), the others from the kept counts (one
    sum per running cycle, not a count of its every evaluation)."""
    closed = Q(status=EvaluationCycle.Status.CLOSED, closed_evaluations__isnull=False, closed_rated__isnull=False)
    # Not the curve counts stored with a closed cycle: the list and the cycle page never show them.
    return (
        EvaluationCycle.objects.defer("closed_kurva")
        .annotate(
            n_evaluations=Case(When(closed, then=F("closed_evaluations")), default=_evaluation_count()),
            n_rated=Case(When(closed, then=F("closed_rated")), default=_evaluation_count(predikat__gt="")),
        )
        .order_by("-period_end", "-id")
    )


def cycle_detail(pk: int) -> EvaluationCycle:
    """A cycle with its counts (``cycles``), for its own page."""
    try:
        return cycles().get(pk=pk)
    except EvaluationCycle.DoesNotExist:
        raise Http404 from None


def cycle_get(pk: int) -> EvaluationCycle:
    """A cycle for the pages under it (monitoring, raters, export), which do not show its
    counts: no count of its evaluations."""
    try:
        return EvaluationCycle.objects.get(pk=pk)
    except EvaluationCycle.DoesNotExist:
        raise Http404 from None


def without_rater(cycle: EvaluationCycle) -> QuerySet[Evaluation]:
    """The list for HR: evaluations nobody can rate yet (no superior position or holder), then
    those whose objections nobody could decide (no rater's superior); by OPD and name (ties by
    id, so that pages neither repeat nor skip a row)."""
    return (
        Evaluation.objects.filter(cycle=cycle)
        .without_rater_or_superior()
        .select_related("employee", "position", "opd", "rater", "rater_superior")
        .order_by(F("rater").asc(nulls_first=True), "opd__name", "employee__name", "pk")
    )


def _employee_name():
    """The evaluation's employee's name, looked up by primary key for each row."""
    return Subquery(Employee.objects.filter(pk=OuterRef("employee_id")).order_by().values("name"))


class WithoutRater:
    """``without_rater`` as the paginator pages it. Sorting the list joined with the employee,
    their seat, OPD, rater and rater's superior made PostgreSQL hash every employee of the city
    for a few hundred rows; a page instead sorts the ids by each row's employee name, looked up
    by primary key, and reads its own rows with what they show, in the same order."""

    def __init__(self, cycle: EvaluationCycle):
        self.cycle = cycle

    def count(self) -> int:
        return without_rater(self.cycle).count()

    def __getitem__(self, window: slice) -> list[Evaluation]:
        page = (
            Evaluation.objects.filter(cycle=self.cycle)
            .without_rater_or_superior()
            .annotate(employee_name=_employee_name())
            .order_by(F("rater").asc(nulls_first=True), "opd__name", "employee_name", "pk")
            .values("pk")[window]
        )
        return list(without_rater(self.cycle).filter(pk__in=page))


def _units_by_name(ids) -> dict[int | None, tuple[int, str]]:
    """{unit id: (its place in name order, name)} for these org units; None (no unit) sorts
    last, as NULL does in PostgreSQL's ascending order. One query over the few units."""
    names = position_selectors.unit_names([pk for pk in ids if pk is not None])
    places: dict[int | None, tuple[int, str]] = {pk: (place, name) for place, (pk, name) in enumerate(names)}
    places[None] = (len(places), None)
    return places


PENGISIAN = ("opd_id", "total", "with_skp", "realised", "rated", "no_rater")


def _pengisian_counts(cycle: EvaluationCycle) -> list[dict]:
    """Per OPD id: the cycle's evaluations, SKPs with rows, realised, rated, without rater."""
    if kept_counts.kept():  # the cycle's few hundred kept counts, summed per OPD
        grouped = (
            EvaluationCount.objects.filter(cycle=cycle)
            .order_by()
            .values_list("opd_key")
            .annotate(
                n=Sum("evaluations"),
                skp=Sum("with_skp"),
                done=Sum("realised"),
                rated=Coalesce(Sum("evaluations", filter=~Q(predikat="")), 0),
                none=Sum("without_rater"),
            )
            .filter(n__gt=0)
        )
        return [dict(zip(PENGISIAN, (opd or None, *figures), strict=True)) for opd, *figures in grouped]
    # Counted on the (cycle, OPD) covering index alone: COUNT(cycle_id), never NULL, rather
    # than of the id, which the index does not hold.
    return list(
        Evaluation.objects.filter(cycle=cycle)
        .order_by()
        .values("opd_id")
        .annotate(
            total=Count("*"),
            with_skp=Count("cycle", filter=Q(skp_rows__gt=0)),
            realised=Count("cycle", filter=Q(skp_realised__gt=0)),
            rated=Count("cycle", filter=~Q(predikat="")),
            no_rater=Count("cycle", filter=Q(rater__isnull=True)),
        )
    )


def monitoring_pengisian(cycle: EvaluationCycle) -> list[dict]:
    """Completion per OPD: employees, SKPs with rows, realised, rated, without rater, by OPD
    name. Two queries: the counts per OPD id (kept by PostgreSQL, performance.kept_counts;
    else the cycle's evaluations grouped by OPD id alone, reading each SKP's stored row counts,
    performance.skp_counts), with no join to sort by name; then the names of those few OPDs."""
    rows = _pengisian_counts(cycle)
    opds = _units_by_name(row["opd_id"] for row in rows)
    rows.sort(key=lambda row: opds[row["opd_id"]][0])
    for row in rows:
        row["opd__name"] = opds[row["opd_id"]][1]
        row["percent_rated"] = round(row["rated"] * 100 / row["total"]) if row["total"] else 0
    return rows


def kurva_counts(cycle: EvaluationCycle) -> list[tuple]:
    """(unit_id, opd_id, predikat, n) of the cycle's evaluations, n without the unit heads:
    the kept counts (performance.kept_counts), else grouped on the (cycle, unit) covering
    index alone, as monitoring_pengisian."""
    if kept_counts.kept():
        grouped = (
            EvaluationCount.objects.filter(cycle=cycle)
            .order_by()
            .values_list("unit_key", "opd_key", "predikat")
            .annotate(n=Sum(F("evaluations") - F("unit_heads")), all=Sum("evaluations"))
            .filter(all__gt=0)
            .values_list("unit_key", "opd_key", "predikat", "n")
        )
        return [(unit or None, opd or None, predikat, n) for unit, opd, predikat, n in grouped]
    return list(
        Evaluation.objects.filter(cycle=cycle)
        .order_by()
        .values("unit_id", "opd_id", "predikat")
        .annotate(n=Count("cycle", filter=Q(is_unit_head=False)))
        .values_list("unit_id", "opd_id", "predikat", "n")
    )


def monitoring_kurva(cycle: EvaluationCycle) -> list[dict]:
    """The predikat distribution per calibration unit (an OPD, or a Bidang/Bagian when so
    configured) with its calibration and the curve's breaches, by OPD then unit name. The
    curve counts the employees under the unit's head, not the head. Three queries whatever
    the number of units: the cycle's evaluations grouped by ids (no join to sort every row by
    name; stored with a closed cycle), the names of those units, their calibrations."""
    if cycle.status == EvaluationCycle.Status.CLOSED and cycle.closed_kurva is not None:
        grouped = [tuple(row) for row in cycle.closed_kurva]  # read-only: counted when it closed
    else:
        grouped = kurva_counts(cycle)
    names = _units_by_name({unit for unit, *_ in grouped} | {opd for _, opd, *_ in grouped})
    # As ORDER BY opd name, unit name: a unit's first row in that order gives its OPD.
    grouped.sort(key=lambda row: (names[row[1]][0], names[row[0]][0]))
    counts: dict[int | None, dict] = {}
    for unit_id, opd_id, predikat, n in grouped:
        entry = counts.setdefault(
            unit_id, {"unit_id": unit_id, "name": names[unit_id][1], "opd_name": names[opd_id][1], "counts": {}}
        )
        entry["counts"][predikat] = entry["counts"].get(predikat, 0) + n
    calibrations = {c.unit_id: c for c in UnitCalibration.objects.filter(cycle=cycle)}
    labels = {p: str(rules.PREDIKAT_LABELS[p]) for p in rules.PREDIKAT_ORDER}  # translated once, not per cell
    result = []
    for unit_id, entry in counts.items():
        rated = {k: v for k, v in entry["counts"].items() if k}
        total = sum(rated.values())
        calibration = calibrations.get(unit_id)
        entry["calibration"] = calibration
        entry["total"] = total
        entry["unrated"] = entry["counts"].get("", 0)
        entry["cells"] = [
            {"key": p, "label": labels[p], "n": rated.get(p, 0), "pct": _pct(rated.get(p, 0), total)}
            for p in rules.PREDIKAT_ORDER
        ]
        entry["breaches"] = (
            rules.distribution_breaches(calibration.unit_predikat, rated)
            if calibration and calibration.unit_predikat
            else []
        )
        result.append(entry)
    return result


def _pct(n: int, total: int) -> int:
    return round(n * 100 / total) if total else 0


def calibration_for(user, pk: int) -> UnitCalibration:
    from .services import can_calibrate

    try:
        calibration = UnitCalibration.objects.select_related("cycle", "opd", "unit").get(pk=pk)
    except UnitCalibration.DoesNotExist:
        raise Http404 from None
    if not can_calibrate(user, calibration):
        raise Http404
    return calibration


MEMBER_ORDER = ("-is_unit_head", "employee__name", "pk")


def calibration_members(calibration: UnitCalibration) -> QuerySet[Evaluation]:
    """The unit's evaluations, its head first, then by the employee's name."""
    return (
        Evaluation.objects.filter(cycle_id=calibration.cycle_id, unit_id=calibration.unit_id)
        .select_related("employee", "position")
        .order_by(*MEMBER_ORDER)
    )


class CalibrationMembers:
    """``calibration_members`` as the paginator pages it: the unit's head(s) first, then the
    others by name.

    Sorting a large unit's evaluations joined with their employees and seats made PostgreSQL
    hash every employee of the city (DISDIK: 4,747 of 150,000, 40-50 ms). A page instead sorts
    the ids of the unit's evaluations other than the head's by each one's employee name,
    looked up by primary key, and reads its own rows with their employee and seat, in the same
    order; the head (one row, rarely a few) is read on its own for the first page. Sorting the
    head and the others in one query let PostgreSQL start a parallel worker to sort by head
    first, which cost more than the sort at 15,000 employees. The counts are the unit's kept
    counts (performance.kept_counts), else counted."""

    def __init__(self, calibration: UnitCalibration):
        self.calibration = calibration
        if kept_counts.kept():
            counts = EvaluationCount.objects.filter(cycle_id=calibration.cycle_id, unit_key=calibration.unit_id)
            counts = counts.aggregate(n=Coalesce(Sum("evaluations"), 0), heads=Coalesce(Sum("unit_heads"), 0))
        else:
            counts = calibration_members(calibration).aggregate(
                n=Count("pk"), heads=Count("pk", filter=Q(is_unit_head=True))
            )
        self._count, self.heads = counts["n"], counts["heads"]

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, window: slice) -> list[Evaluation]:
        start, stop = window.start or 0, min(window.stop, self._count)
        members = calibration_members(self.calibration)
        rows: list[Evaluation] = []
        if start < self.heads:
            rows += members.filter(is_unit_head=True)[start : min(stop, self.heads)]
        if stop > self.heads:
            page = (
                Evaluation.objects.filter(
                    cycle_id=self.calibration.cycle_id, unit_id=self.calibration.unit_id, is_unit_head=False
                )
                .annotate(employee_name=_employee_name())
                .order_by("employee_name", "pk")
                .values("pk")[max(start - self.heads, 0) : stop - self.heads]
            )
            rows += members.filter(pk__in=page)
        return rows


def calibrations_led_by(user) -> QuerySet[UnitCalibration]:
    """Open calibrations of units this user heads."""
    me = position_selectors.employee_for_user(user)
    if me is None:
        return UnitCalibration.objects.none()
    return calibrations_headed_by(me.pk).select_related("cycle", "opd", "unit")


def calibrations_headed_by(employee_id: int) -> QuerySet[UnitCalibration]:
    """Open calibrations of the units whose head, in that cycle, is this employee."""
    heads = Evaluation.objects.filter(
        employee_id=employee_id, is_unit_head=True, cycle_id=OuterRef("cycle_id"), unit_id=OuterRef("unit_id")
    )
    return UnitCalibration.objects.filter(
        Exists(heads), cycle__status=EvaluationCycle.Status.CALIBRATION, closed_at__isnull=True
    )


def export_rows(cycle: EvaluationCycle) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(cycle=cycle)
        .select_related("employee", "position", "opd", "rater", "rater_superior")
        .order_by("opd__name", "employee__name")
    )


def home_summary(user) -> dict:
    """What this user must do next in performance, for the home page: the counts are prepared
    figures, read together with the other apps' by the home page (core.figures.read_together)."""
    me = position_selectors.employee_for_user(user)
    summary = {"to_rate": 0, "my_open": None, "objections": 0, "calibrations": 0, "hr_cycles": 0}
    if me is not None:
        summary["to_rate"] = Prepared(evaluations_to_rate_by, me.pk)
        found = read_rows(Prepared(open_evaluation_of, me.pk))
        summary["my_open"] = OpenEvaluation(*found[0]) if found else None
        summary["objections"] = Prepared(objections_decided_by, me.pk)
        summary["calibrations"] = Prepared(calibrations_headed_by, me.pk)
    if roles.is_hr(user):
        summary["hr_cycles"] = Prepared(cycles_not_closed)
    return summary


class OpenEvaluation(NamedTuple):
    """The home page's line about the employee's own SKP in the running cycle."""

    pk: int
    cycle_name: str
    predikat: str
    n_rows: int

    @property
    def is_rated(self) -> bool:  # as Evaluation.is_rated
        return bool(self.predikat)

    @property
    def predikat_label(self) -> str:  # as Evaluation.get_predikat_display
        return rules.PREDIKAT_LABELS.get(self.predikat, self.predikat)


def open_evaluation_of(employee_id: int) -> QuerySet:
    """The employee's evaluation in the latest cycle still open or in calibration."""
    return (
        Evaluation.objects.filter(employee_id=employee_id, cycle__status__in=ACTIVE)
        .order_by("-cycle__period_end")
        .values_list("pk", "cycle__name", "predikat", "skp_rows")[:1]
    )


def evaluations_to_rate_by(rater_id: int) -> QuerySet[Evaluation]:
    """The open cycle's evaluations this employee rates and has not rated yet."""
    return Evaluation.objects.filter(rater_id=rater_id, cycle__status=EvaluationCycle.Status.OPEN, predikat="")


def cycles_not_closed() -> QuerySet[EvaluationCycle]:
    return EvaluationCycle.objects.exclude(status=EvaluationCycle.Status.CLOSED)


def cycle_evaluations(cycle: EvaluationCycle) -> QuerySet[Evaluation]:
    """Every evaluation of a cycle with what HR's list shows, by OPD then name."""
    return (
        Evaluation.objects.filter(cycle=cycle)
        .select_related("employee", "position", "opd", "rater", "rater_superior")
        .order_by("opd__name", "employee__name", "pk")
    )


def merit_figures() -> dict:
    """Performance management for the merit dashboard: the latest closed annual cycle's
    predikat per OPD against the curve, the city-wide distribution, and objections handled
    (querysets, counted by the dashboard)."""
    cycle = (
        EvaluationCycle.objects.filter(kind=EvaluationCycle.Kind.ANNUAL, status=EvaluationCycle.Status.CLOSED)
        .order_by("-period_end")
        .first()
    )
    units = monitoring_kurva(cycle) if cycle else []
    distribution = {p: sum(c["n"] for u in units for c in u["cells"] if c["key"] == p) for p in rules.PREDIKAT_ORDER}
    # Counted together with the other apps' figures by the dashboard (core.figures.read_together).
    objections = {
        "total": Objection.objects.all(),
        "decided": Objection.objects.exclude(status=Objection.Status.PENDING),
    }
    return {
        "cycle": cycle,
        "units": units,
        "distribution": distribution,
        "rated": sum(distribution.values()),
        "unrated": sum(u["unrated"] for u in units),
        "breached_units": sum(1 for u in units if u["breaches"]),
        "calibrated_units": sum(1 for u in units if u["calibration"] and u["calibration"].unit_predikat),
        "objections": objections,
    }
