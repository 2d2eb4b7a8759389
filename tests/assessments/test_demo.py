import datetime as dt

from assessments import demo
from assessments.models import Application, Score, Stage, Vacancy
from positions import services as position_services
from positions.models import AssessedCompetency, Competency, CompetencyAssessment, PositionCompetency
from semarang_asn.core.models import AuditEvent
from tests.factories import EmployeeFactory, PositionFactory, give_rank


def _world(org):
    """Three vacant Administrator seats with a competency standard, and twelve Pengawas of ten
    years mapped at that standard: applicants who meet the level's statutory requirements."""
    comps = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL))
    for i in range(3):
        seat = PositionFactory(
            code=f"P-DEMO{i}",
            title=f"Kepala Bagian {i}",
            org_unit=org["opd"],
            type="JA",
            level="administrator",
            kelas_jabatan=12,
        )
        PositionCompetency.objects.bulk_create(
            [PositionCompetency(position=seat, competency=c, required_level=3) for c in comps]
        )
    kasi = PositionFactory(
        code="P-KASI-DEMO", org_unit=org["opd"], type="JA", level="pengawas", kelas_jabatan=9, formasi=12
    )
    for i in range(12):
        e = EmployeeFactory(birth=dt.date(1980, 1, 1 + i), tmt=(2005, 3), education="S1", name=f"Calon {i:02d}")
        give_rank(e, "III/c", dt.date(2015, 4, 1))
        position_services.assignment_create(employee=e, position=kasi, start_date=dt.date(2016, 1, 4))
        session = CompetencyAssessment.objects.create(employee=e, method="ac", assessed_on=dt.date(2025, 6, 1))
        AssessedCompetency.objects.bulk_create(
            [AssessedCompetency(assessment=session, competency=c, level=3) for c in comps]
        )


def test_seed_builds_a_finished_a_scoring_and_an_open_selection_once(org):
    org["staff"].formasi = 20
    org["staff"].save()
    _world(org)
    demo.seed()
    assert Vacancy.objects.count() == 3
    finished = Vacancy.objects.get(status=Vacancy.Status.APPOINTED)
    assert finished.status == Vacancy.Status.APPOINTED and finished.decision.assignment is not None
    assert not Stage.objects.filter(vacancy=finished).exclude(state=Stage.State.ANNOUNCED).exists()
    scoring = Stage.objects.get(state=Stage.State.SCORING).vacancy
    assert Stage.objects.get(vacancy=scoring, state=Stage.State.SCORING).kind == "competency"
    assert Stage.objects.get(vacancy=scoring, order=1).state == Stage.State.ANNOUNCED
    assert Vacancy.objects.exclude(pk__in=[finished.pk, scoring.pk]).get().registration_is_open()
    counts = (Vacancy.objects.count(), Application.objects.count(), Score.objects.count(), AuditEvent.objects.count())
    demo.seed()
    assert (
        Vacancy.objects.count(),
        Application.objects.count(),
        Score.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
