"""Demo history for performance: the closed annual cycles the promotion rules read today (two;
three in December, when the next window reads the current year) and
one open quarterly cycle with some evaluations done. Idempotent and set-based: cycles are
found by name, evaluations are inserted by the set-based ``cycle_open``, ratings and rows in
a few bulk statements. Historical ratings are written in bulk without per-row audit records:
they stand for data migrated from e-Kinerja, not for decisions taken in this system."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from positions.models import AssessedCompetency, Competency, CompetencyAssessment, Employee
from semarang_asn.core.rows import copy_rows
from semarang_asn.core.services import audit_bulk

from . import rules, services, skp_counts
from .eligibility import rules as eligibility_rules
from .eligibility import services as eligibility_services
from .models import Evaluation, EvaluationCycle, HasilKerja, UnitCalibration

# Deterministic spread by employee id (mod 20), within the curve of a "Baik" unit.
SPREAD = [
    (range(0, 5), rules.ABOVE, rules.ABOVE),  # Sangat Baik 25 %
    (range(5, 18), rules.MEETS, rules.MEETS),  # Baik 65 %
    (range(18, 19), rules.BELOW, rules.MEETS),  # Butuh Perbaikan 5 %
    (range(19, 20), rules.MEETS, rules.BELOW),  # Kurang 5 %
]


def _rate_in_bulk(evaluations) -> int:
    """Rate every evaluation of the queryset from SPREAD, in one UPDATE: each column is a CASE
    on the employee id's bucket (the buckets of SPREAD follow one another from 0)."""
    bucket = Mod(F("employee_id"), Value(20))

    def by_bucket(value_of) -> Case:
        *first, last = SPREAD
        return Case(
            *[When(LessThan(bucket, buckets.stop), then=Value(value_of(h, p))) for buckets, h, p in first],
            default=Value(value_of(last[1], last[2])),
        )

    return evaluations.update(
        hasil_rating=by_bucket(lambda h, p: h),
        perilaku_rating=by_bucket(lambda h, p: p),
        predikat=by_bucket(rules.predikat),
        status=Evaluation.Status.RATED,
        rated_at=timezone.now(),
    )


def _annual(year: int, today: dt.date, stdout) -> None:
    name = f"Penilaian Kinerja Tahunan {year}"
    if EvaluationCycle.objects.filter(name=name).exists():
        return
    cycle = services.cycle_create(
        actor=None,
        name=name,
        kind=EvaluationCycle.Kind.ANNUAL,
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        open_date=dt.date(year, 1, 2),
        rating_deadline=dt.date(year + 1, 1, 31),
        objection_deadline=dt.date(year + 1, 2, 14),
    )
    services.cycle_open(cycle=cycle, on=today)
    rated = _rate_in_bulk(Evaluation.objects.filter(cycle=cycle, rater__isnull=False))
    services.cycle_move_to_calibration(cycle=cycle)
    _calibrate(cycle)
    services.cycle_close(cycle=cycle, actor=None)
    if stdout:
        stdout.write(f"Kinerja: {name} ditutup, {rated} penilaian.")


def _calibrate(cycle: EvaluationCycle) -> None:
    """Every unit calibrated as the product requires of HR: a unit predikat, the curve checked
    on the staff under the head, each breach recorded and closed with a written justification.
    The unit predikat is Baik, or Istimewa where the staff's results fit its curve and not
    Baik's. Heads take the unit's result as their hasil kerja. A few statements in all."""
    counts: dict[int, dict[str, int]] = {}
    staff = Evaluation.objects.filter(cycle=cycle, is_unit_head=False).exclude(predikat="")
    for unit_id, predikat, n in staff.values_list("unit_id", "predikat").annotate(n=Count("id")).order_by():
        counts.setdefault(unit_id, {})[predikat] = n
    now = timezone.now()
    calibrations = list(UnitCalibration.objects.filter(cycle=cycle))
    for calibration in calibrations:
        tally = counts.get(calibration.unit_id, {})
        fitting = [u for u in (rules.UNIT_BAIK, rules.ISTIMEWA) if not rules.distribution_breaches(u, tally)]
        calibration.unit_predikat = fitting[0] if fitting else rules.UNIT_BAIK
        calibration.breaches = rules.distribution_breaches(calibration.unit_predikat, tally)
        calibration.justification = (
            f"Sebaran mengikuti capaian individu yang terdokumentasi pada {sum(tally.values())} pegawai; "
            "disetujui tim penilai kinerja."
            if calibration.breaches
            else ""
        )
        calibration.closed_at = now
    UnitCalibration.objects.bulk_update(
        calibrations, ["unit_predikat", "breaches", "justification", "closed_at"], batch_size=1000
    )
    by_unit = {c.unit_id: c.unit_predikat for c in calibrations}
    heads = []
    for pk, unit_id, perilaku in Evaluation.objects.filter(
        cycle=cycle, is_unit_head=True, rater__isnull=False
    ).values_list("pk", "unit_id", "perilaku_rating"):
        if unit_id not in by_unit or not perilaku:
            continue
        hasil = rules.HEAD_HASIL_FROM_UNIT[by_unit[unit_id]]
        heads.append(Evaluation(pk=pk, hasil_rating=hasil, predikat=rules.predikat(hasil, perilaku)))
    Evaluation.objects.bulk_update(heads, ["hasil_rating", "predikat"], batch_size=1000)
    audit_bulk(
        actor=None,
        action="performance.calibration_close",
        rows=[(c, None, {"unit_predikat": c.unit_predikat, "breaches": c.breaches}) for c in calibrations],
        reason="Kalibrasi data historis e-Kinerja.",
    )


def _current_quarter(today: dt.date, stdout) -> None:
    quarter = (today.month - 1) // 3
    start = dt.date(today.year, quarter * 3 + 1, 1)
    end = (dt.date(today.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
    name = f"Penilaian Triwulan {['I', 'II', 'III', 'IV'][quarter]} {today.year}"
    if EvaluationCycle.objects.filter(name=name).exists():
        return
    cycle = services.cycle_create(
        actor=None,
        name=name,
        kind=EvaluationCycle.Kind.QUARTERLY,
        year=today.year,
        period_start=start,
        period_end=end,
        open_date=start,
        rating_deadline=end + dt.timedelta(days=14),
    )
    services.cycle_open(cycle=cycle, on=today)
    evaluations = Evaluation.objects.filter(cycle=cycle)
    # Every SKP gets an agreed Utama row; a third (by id) are already realised and rated. The
    # rows are written as they end up (one COPY), then the kept SKP counts follow from them.
    done = evaluations.filter(rater__isnull=False).filter(Exact(Mod(F("employee_id"), Value(3)), 0))
    done_ids = set(done.values_list("pk", flat=True))
    # (copy_rows takes its columns from the first row: every row names the same ones.)
    agreed = {"realisation": "", "evidence_link": "", "rating": ""}
    realised = {
        "realisation": "96 % layanan selesai tepat waktu",
        "evidence_link": "https://e-kinerja.semarangkota.go.id/bukti",
        "rating": rules.MEETS,
    }
    copy_rows(
        HasilKerja,
        (
            {
                "evaluation_id": pk,
                "kind": HasilKerja.Kind.UTAMA.value,
                "indicator": "Persentase layanan diselesaikan tepat waktu",
                "target": "95 %",
                **(realised if pk in done_ids else agreed),
            }
            for pk in evaluations.values_list("pk", flat=True)
        ),
    )
    skp_counts.refresh(evaluations)
    rated = _rate_in_bulk(done)
    if stdout:
        stdout.write(f"Kinerja: {name} dibuka, {rated} penilaian sudah selesai.")


DEMO_INSTITUTION = "UPT Asesmen BKPP (demo)"
# Levels of the nine managerial and socio-cultural competencies per potential band; their
# means (2.33, 3.33, 4.33) fall in low / middle / high under the default cut-offs.
BAND_LEVELS = {
    "low": [2, 2, 3, 2, 3, 2, 3, 2, 2],
    "middle": [3, 4, 3, 3, 4, 3, 3, 4, 3],
    "high": [4, 5, 4, 4, 5, 4, 4, 5, 4],
}


def _band(employee_id: int) -> str:
    # Independent of the predikat spread (employee id mod 20), so every nine-box cell fills.
    k = (employee_id // 20) % 10
    return "low" if k < 3 else "middle" if k < 7 else "high"


def _competency_assessments(today: dt.date, stdout) -> None:
    """Two employees in three have an assessment-centre result (the rest stay "unknown" for
    competency); set-based and idempotent: only employees with no assessment get one."""
    codes = list(
        Competency.objects.filter(kind__in=[Competency.Kind.MANAGERIAL, Competency.Kind.SOCIOCULTURAL])
        .order_by("code")
        .values_list("pk", flat=True)
    )
    employees = (
        Employee.objects.active()
        .filter(competency_assessments__isnull=True)
        .annotate(third=Mod(F("id"), Value(3)))
        .exclude(third=0)
        .values_list("pk", flat=True)
    )
    assessed_on = today - dt.timedelta(days=120)
    # Only employees with no assessment at all: none of these rows can exist yet.
    copy_rows(
        CompetencyAssessment,
        (
            {"employee_id": pk, "method": "ac", "assessed_on": assessed_on, "institution": DEMO_INSTITUTION}
            for pk in employees
        ),
    )
    sessions = CompetencyAssessment.objects.filter(institution=DEMO_INSTITUTION, levels__isnull=True).values_list(
        "pk", "employee_id"
    )
    rows = []
    for session_id, employee_id in sessions:
        levels = BAND_LEVELS[_band(employee_id)]
        shift = employee_id % len(levels)
        rows += [
            {"assessment_id": session_id, "competency_id": pk, "level": levels[(i + shift) % len(levels)]}
            for i, pk in enumerate(codes)
        ]
    copy_rows(AssessedCompetency, rows)
    if stdout:
        stdout.write(f"Kinerja: {len(rows) // max(len(codes), 1)} hasil pemetaan kompetensi demo.")


@transaction.atomic
def seed(*, stdout=None) -> None:
    today = timezone.localdate()
    for year in eligibility_rules.annual_years_read(today):
        _annual(year, today, stdout)
    _current_quarter(today, stdout)
    _competency_assessments(today, stdout)
    snapshot = eligibility_services.eligibility_recompute_all(on=today)
    if stdout:
        stdout.write(f"Kelayakan: {snapshot.employees} pegawai, {snapshot.results} hasil aturan.")
