import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from positions.models import Assignment, Employee, OrgUnit, Position, RankHistory
from positions.rules import parse_nip
from positions.selectors import direct_superior, employee_for_user, is_supervisor
from semarang_asn.core import roles

pytestmark = pytest.mark.django_db


def _counts():
    return (
        OrgUnit.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        Assignment.objects.count(),
        RankHistory.objects.count(),
    )


@pytest.fixture
def seeded(settings):
    settings.DEMO_LOGINS_ALLOWED = True
    call_command("seed_demo", "--employees", "300", stdout=io.StringIO())


def test_seed_demo_builds_a_valid_semarang_with_vacant_seats_and_plt(seeded):
    assert OrgUnit.objects.filter(parent__isnull=True).count() >= 40
    assert OrgUnit.objects.filter(name="Dinas Pendidikan").exists()
    assert Employee.objects.count() == 300
    for nip, birth, sex in Employee.objects.values_list("nip", "birth_date", "sex")[:300]:
        parts = parse_nip(nip)
        assert (parts.birth_date, parts.sex) == (birth, sex)
    seats = Position.objects.with_seat_counts()
    assert seats.filter(vacant__gt=0).exists()
    assert not seats.filter(vacant__lt=0).exists()
    assert Assignment.objects.filter(kind=Assignment.Kind.ACTING).exists()
    assert not Employee.objects.exclude(rank_history__isnull=False).exists()


def test_seed_demo_run_twice_duplicates_nothing(seeded):
    before = _counts()
    call_command("seed_demo", "--employees", "300", stdout=io.StringIO())
    assert _counts() == before


def test_seed_demo_refuses_to_grow_an_existing_demo_to_another_size_and_says_why(seeded):
    before = _counts()
    with pytest.raises(CommandError, match=r"sudah ada dengan 300 pegawai aktif.*mencapai 450"):
        call_command("seed_demo", "--employees", "450", stdout=io.StringIO())
    assert _counts() == before


def test_seed_demo_without_a_size_completes_the_existing_demo_and_says_it_added_no_one(seeded):
    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "300 pegawai aktif; tidak ada pegawai yang ditambah" in out.getvalue()
    assert "300 pegawai aktif." in out.getvalue()


def test_seed_demo_makes_one_login_per_role(seeded):
    User = get_user_model()
    atasan = User.objects.get(username="atasan")
    pegawai = User.objects.get(username="pegawai")
    assert is_supervisor(atasan)
    assert direct_superior(employee_for_user(pegawai)) == employee_for_user(atasan)
    assert direct_superior(employee_for_user(atasan)) == employee_for_user(User.objects.get(username="kabid"))
    assert roles.is_hr(User.objects.get(username="hr"))
    assert roles.is_assessor(User.objects.get(username="asesor"))
    assert roles.is_appointing_official(User.objects.get(username="ppk"))
    assert User.objects.get(username="admin").is_superuser
    assert atasan.check_password("merit-semarang-2026")


def test_seed_demo_refuses_demo_logins_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.DEMO_LOGINS_ALLOWED = False
    with pytest.raises(CommandError, match="allow-demo-logins"):
        call_command("seed_demo", "--employees", "50", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="atasan").exists()


def test_no_evaluation_in_the_demo_is_rated_by_a_pelaksana(seeded):
    from performance.models import Evaluation
    from performance.rules import RATER_LEVELS

    rated = Evaluation.objects.filter(rater__isnull=False)
    assert rated.exists()
    assert not rated.exclude(rater_position__level__in=RATER_LEVELS).exists()
    assert not Evaluation.objects.filter(rater_superior__isnull=False, rater__isnull=True).exists()
    # Nor does a Pelaksana act (Plt) in a seat that rates.
    acting_pelaksana = Assignment.objects.filter(
        kind=Assignment.Kind.ACTING,
        position__level__in=RATER_LEVELS,
        employee__assignments__kind=Assignment.Kind.DEFINITIVE,
        employee__assignments__position__level="pelaksana",
    )
    assert not acting_pelaksana.exists()


def test_every_closed_demo_cycle_was_calibrated_on_the_staff_under_each_head(seeded):
    from django.utils import timezone

    from performance import rules
    from performance.eligibility.rules import annual_years_read
    from performance.models import EvaluationCycle, UnitCalibration
    from performance.services import unit_predikat_counts

    closed = EvaluationCycle.objects.filter(status=EvaluationCycle.Status.CLOSED)
    assert sorted(closed.values_list("year", flat=True)) == annual_years_read(timezone.localdate())
    calibrations = UnitCalibration.objects.filter(cycle__in=closed)
    assert calibrations.exists()
    for calibration in calibrations:
        assert calibration.is_closed and calibration.unit_predikat
        breaches = rules.distribution_breaches(calibration.unit_predikat, unit_predikat_counts(calibration))
        assert calibration.breaches == breaches
        assert not breaches or calibration.justification.strip()


def test_the_demo_selections_screen_applicants_by_the_level_requirements(seeded):
    from assessments.models import Application, Vacancy

    vacancies = Vacancy.objects.exclude(status=Vacancy.Status.DRAFT)
    assert vacancies.count() == 3
    for vacancy in vacancies:
        assert vacancy.age_reference_date == vacancy.registration_closes
        checks = {c["key"] for a in Application.objects.filter(vacancy=vacancy) for c in a.screening}
        assert {"experience", "predikat", "jpm"} <= checks, vacancy.position.level


def test_the_default_demo_city_leaves_10_to_20_percent_of_formasi_empty(db):
    from positions import demo as positions_demo

    positions_demo.seed(employees=1500)
    seats = list(Position.objects.with_seat_counts())
    formasi = sum(p.formasi for p in seats)
    vacant = sum(max(p.vacant, 0) for p in seats)
    assert Employee.objects.count() == 1500
    assert 0.10 <= vacant / formasi <= 0.20


def test_the_demo_stores_each_employees_current_rank_position_and_opd(seeded):
    from tests.positions.test_current import from_history, stored

    truth = from_history()
    assert stored() == truth
    assert sum(1 for rank, position, _type, opd in truth.values() if rank and position and opd) > 250
