"""HR's one list of every pending objection: performance keberatan and selection sanggahan."""

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import Application
from assessments.models import Objection as Sanggahan
from performance import services as performance_services
from performance.models import Evaluation
from performance.models import Objection as Keberatan
from tests.assessments.conftest import make_vacancy
from tests.factories import PositionFactory
from tests.performance.conftest import ON, make_cycle

URL = "/keberatan-dan-sanggahan/"


def _keberatan(evaluation, days_ago: int) -> Keberatan:
    objection = Keberatan.objects.create(evaluation=evaluation, reason="Realisasi saya belum dinilai.")
    Keberatan.objects.filter(pk=objection.pk).update(filed_at=timezone.now() - dt.timedelta(days=days_ago))
    return objection


def _sanggahan(vacancy, n: int, days_ago: int) -> Sanggahan:
    application = Application.objects.create(
        vacancy=vacancy, seq=n, registration_number=f"SEL-X-{n:03d}", nip=f"{n:018d}", name=f"Pelamar {n}"
    )
    objection = Sanggahan.objects.create(application=application, text="Nilai saya keliru.")
    Sanggahan.objects.filter(pk=objection.pk).update(filed_at=timezone.now() - dt.timedelta(days=days_ago))
    return objection


@pytest.fixture
def team(head, kabid, supervisor_employee, employee_record, other_employee_record):
    return {"kabid": kabid, "employee": employee_record, "other": other_employee_record}


@pytest.fixture
def world(team, hr_staff, org):
    cycle = make_cycle(hr_staff)
    performance_services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    seat = PositionFactory(code="P-JF", org_unit=org["opd"], type="JF", level="ahli_madya", kelas_jabatan=12)
    return {"cycle": cycle, "vacancy": make_vacancy(seat, hr_staff)}


def test_hr_sees_every_pending_objection_oldest_first_with_how_long_it_waited(client_for, hr_staff, team, world):
    evaluations = Evaluation.objects.filter(cycle=world["cycle"], employee__in=[team["employee"], team["other"]])
    _keberatan(evaluations[0], days_ago=3)
    answered = _keberatan(evaluations[1], days_ago=30)
    Keberatan.objects.filter(pk=answered.pk).update(status=Keberatan.Status.REJECTED)
    _sanggahan(world["vacancy"], 1, days_ago=10)
    done = _sanggahan(world["vacancy"], 2, days_ago=40)
    Sanggahan.objects.filter(pk=done.pk).update(answer="Sudah dijawab.", answered_at=timezone.now())
    page = client_for(hr_staff).get(URL)
    assert page.status_code == 200
    rows = list(page.context["page"])
    assert [(r["days"], str(r["kind"])) for r in rows] == [
        (10, "Sanggahan seleksi terbuka"),
        (3, "Keberatan penilaian kinerja"),
    ]
    assert rows[1]["decides"] == team["kabid"].full_name
    assert "10 hari" in page.content.decode()


@pytest.mark.parametrize("who", ["employee", "supervisor", "assessor", "official"])
def test_nobody_but_hr_sees_the_list(client_for, request, who, world):
    assert client_for(request.getfixturevalue(who)).get(URL).status_code == 403


def test_the_list_needs_a_login(anonymous):
    response = anonymous.get(URL)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_list_costs_the_same_queries_for_more_objections(
    client_for, hr_staff, team, world, django_assert_max_num_queries
):
    client = client_for(hr_staff)
    _keberatan(Evaluation.objects.filter(cycle=world["cycle"]).first(), days_ago=1)
    _sanggahan(world["vacancy"], 1, days_ago=1)
    with django_assert_max_num_queries(8):
        client.get(URL)
    for i, evaluation in enumerate(Evaluation.objects.filter(cycle=world["cycle"]).exclude(objection__isnull=False)):
        _keberatan(evaluation, days_ago=i + 2)
    for n in range(2, 12):
        _sanggahan(world["vacancy"], n, days_ago=n)
    with django_assert_max_num_queries(8):
        assert len(client.get(URL).context["page"]) >= 14
