"""Hole 7: master-data edits (inputs of eligibility) leave audit rows with before and after,
whether made through the form, the import or the admin."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from positions import columns, importing, services
from positions.models import Employee
from semarang_asn.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form_data(employee: Employee, **changes) -> dict:
    data = model_to_dict(employee, fields=services.EMPLOYEE_AUDITED_FIELDS)
    data["birth_date"] = employee.birth_date.isoformat()
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_editing_an_employee_by_form_audits_the_changed_fields_with_before_and_after(
    client_for, hr_staff, employee_record
):
    old_name, old_education = employee_record.name, employee_record.education
    response = client_for(hr_staff).post(
        reverse("positions:employee_edit", args=[employee_record.pk]),
        _form_data(employee_record, name="Nama Baru", education="S2", status="leave"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="employee.update")
    assert event.actor == hr_staff
    assert event.target_id == str(employee_record.pk)
    assert event.before == {"name": old_name, "education": old_education, "status": "active"}
    assert event.after == {"name": "Nama Baru", "education": "S2", "status": "leave"}


def test_saving_the_form_unchanged_adds_no_audit_row(client_for, hr_staff, employee_record):
    client_for(hr_staff).post(
        reverse("positions:employee_edit", args=[employee_record.pk]), _form_data(employee_record)
    )
    assert not AuditEvent.objects.filter(action="employee.update").exists()


def test_an_invalid_edit_writes_neither_the_employee_nor_an_audit_row(client_for, hr_staff, employee_record):
    response = client_for(hr_staff).post(
        reverse("positions:employee_edit", args=[employee_record.pk]), _form_data(employee_record, name="")
    )
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="employee.update").exists()


def test_an_import_updating_employees_audits_each_change_in_one_insert(
    hr_staff, employee_record, other_employee_record, django_assert_max_num_queries
):
    def row(e: Employee, **changes) -> list:
        values = {
            "nip": e.nip,
            "nama": e.name,
            "tanggal_lahir": e.birth_date.isoformat(),
            "jenis_kelamin": e.sex,
            "pendidikan": e.education,
            "status": e.status,
        }
        values.update(changes)
        return [values.get(column, "") for column in columns.EMPLOYEE_COLUMNS]

    import tablib

    dataset = tablib.Dataset(
        row(employee_record, nama="Dewi Baru", pendidikan="S2"),
        row(other_employee_record),  # unchanged: no audit row
        headers=columns.EMPLOYEE_COLUMNS,
    )
    old_name = employee_record.name
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=True, commit=True)
    assert report.applied, [r.errors for r in report.rows]
    events = list(AuditEvent.objects.filter(action="employee.update"))
    assert [(e.target_id, e.before, e.after, e.actor) for e in events] == [
        (
            str(employee_record.pk),
            {"name": old_name, "education": employee_record.education},
            {"name": "Dewi Baru", "education": "S2"},
            hr_staff,
        )
    ]
    assert events[0].reason == "Impor data pegawai"


def test_an_import_creating_employees_audits_their_creation(hr_staff, org):
    import datetime as dt

    import tablib

    from tests.factories import make_nip

    nip = make_nip(dt.date(1992, 4, 10), (2018, 3), "P", 12)
    values = {"nip": nip, "nama": "Siti", "tanggal_lahir": "1992-04-10", "jenis_kelamin": "P", "pendidikan": "S1"}
    dataset = tablib.Dataset([values.get(c, "") for c in columns.EMPLOYEE_COLUMNS], headers=columns.EMPLOYEE_COLUMNS)
    assert importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True).applied
    event = AuditEvent.objects.get(action="employee.create")
    assert event.after["nip"] == nip and event.after["name"] == "Siti" and event.before is None


def test_editing_an_employee_in_admin_is_audited_too(admin_user, employee_record, rf):
    from django.contrib import admin

    request = rf.post("/")
    request.user = admin_user
    employee = Employee.objects.get(pk=employee_record.pk)
    employee.education = "S3"
    admin.site._registry[Employee].save_model(request, employee, form=None, change=True)
    event = AuditEvent.objects.get(action="employee.update")
    assert event.after == {"education": "S3"} and event.actor == admin_user
