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
