import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import models, services
from positions.models import OrgUnit
from tests.factories import EmployeeFactory, PositionFactory, make_nip

pytestmark = pytest.mark.django_db

MODELS = [
    models.OrgUnit,
    models.Rank,
    models.Competency,
    models.Position,
    models.Employee,
    models.Assignment,
    models.RankHistory,
    models.DisciplinaryRecord,
    models.CompetencyAssessment,
]
SERVICE_ONLY = {models.Assignment, models.RankHistory, models.DisciplinaryRecord}


def test_every_positions_model_is_in_the_admin():
    registered = {m for m in admin.site._registry if m._meta.app_label == "positions"}
    assert set(MODELS) <= registered


@pytest.mark.parametrize("model", MODELS)
def test_each_changelist_search_and_add_page_opens(client_for, admin_user, employee_record, model):
    client = client_for(admin_user)
    base = f"admin:positions_{model._meta.model_name}"
    assert client.get(reverse(f"{base}_changelist")).status_code == 200
    assert client.get(reverse(f"{base}_changelist"), {"q": "Contoh"}).status_code == 200
    expected = 403 if model in SERVICE_ONLY else 200
    assert client.get(reverse(f"{base}_add")).status_code == expected


def test_appointments_ranks_and_discipline_are_read_only_in_admin(client_for, admin_user, employee_record):
    """They change only through the HR pages, whose services check the rules and audit."""
    client = client_for(admin_user)
    assignment = employee_record.assignments.get()
    url = reverse("admin:positions_assignment_change", args=[assignment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    client.post(url, {"end_date": "2024-01-01"})
    assignment.refresh_from_db()
    assert assignment.end_date is None
    assert (
        client.post(reverse("admin:positions_assignment_delete", args=[assignment.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_the_position_list_shows_derived_seat_counts(client_for, admin_user, org, employee_record):
    response = client_for(admin_user).get(reverse("admin:positions_position_changelist"), {"q": "P-STAF"})
    staff = response.context["cl"].result_list[0]
    assert (staff.formasi, staff.bezetting, staff.vacant) == (3, 1, 2)
    assert "Pengolah Data" in response.content.decode()


def test_the_employee_page_has_rank_and_assignment_inlines(client_for, admin_user, employee_record):
    response = client_for(admin_user).get(reverse("admin:positions_employee_change", args=[employee_record.pk]))
    names = {type(inline.opts).__name__ for inline in response.context["inline_admin_formsets"]}
    assert {"RankHistoryInline", "AssignmentInline"} <= names


def test_a_unit_added_in_the_admin_gets_its_opd_derived(client_for, admin_user, org):
    response = client_for(admin_user).post(
        reverse("admin:positions_orgunit_add"),
        {"code": "DIN01.1.9", "name": "Seksi Baru", "kind": "subunit", "parent": org["bidang"].pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="DIN01.1.9").opd == org["opd"]


@pytest.mark.parametrize("model", ["position", "employee", "assignment"])
def test_changelists_use_the_same_number_of_queries_at_two_data_sizes(
    client_for, admin_user, org, employee_record, model, django_assert_max_num_queries
):
    client = client_for(admin_user)
    url = reverse(f"admin:positions_{model}_changelist")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for i in range(12):
        services.assignment_create(
            employee=EmployeeFactory(nip=make_nip(seq=700 + i)),
            position=PositionFactory(org_unit=org["bidang"]),
            start_date=dt.date(2022, 1, 1),
        )
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(url)


def test_formasi_below_bezetting_is_a_form_error_in_the_admin(client_for, admin_user, org, employee_record):
    staff = org["staff"]
    data = {
        "code": staff.code,
        "title": staff.title,
        "org_unit": staff.org_unit_id,
        "type": staff.type,
        "level": staff.level,
        "kelas_jabatan": staff.kelas_jabatan,
        "formasi": 0,
        "reports_to": staff.reports_to_id,
        "is_active": "on",
        "standard-TOTAL_FORMS": 0,
        "standard-INITIAL_FORMS": 0,
    }
    response = client_for(admin_user).post(reverse("admin:positions_position_change", args=[staff.pk]), data)
    assert response.status_code == 200
    assert "lebih kecil dari bezetting 1" in str(response.context["adminform"].form.errors)
    staff.refresh_from_db()
    assert staff.formasi == 3
