import datetime as dt

import pytest
from django.urls import reverse

from positions import services
from positions.models import Competency, CompetencyAssessment
from semarang_asn.core.models import AuditEvent

CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]


@pytest.fixture
def standard(org):
    comps = Competency.objects.filter(code__in=CODES)
    services.position_set_standard(position=org["staff"], levels={c.pk: 2 for c in comps})
    return org["staff"]


def _record(employee, level=2, on=dt.date(2025, 6, 1)):
    return services.competency_assessment_record(
        employee=employee, method="ac", assessed_on=on, levels=dict.fromkeys(CODES, level), potential="menengah"
    )


# The page: sessions, JPM and band ---------------------------------------------------------------


def test_an_employee_sees_their_own_jpm_and_band(client_for, employee, employee_record, standard):
    _record(employee_record, level=2)
    page = client_for(employee).get(reverse("positions:competency_list", args=[employee_record.pk])).content.decode()
    assert "100,00%" in page or "100.00%" in page
    assert "Memenuhi Syarat" in page
    assert "Catat hasil asesmen" not in page


def test_hr_sees_any_employees_jpm_against_another_position(client_for, hr_staff, employee_record, standard, org):
    comps = Competency.objects.filter(code__in=CODES)
    services.position_set_standard(position=org["kasi"], levels={c.pk: 3 for c in comps})
    _record(employee_record, level=2)
    url = reverse("positions:competency_list", args=[employee_record.pk])
    page = client_for(hr_staff).get(url, {"jabatan": "P-KASI"}).content.decode()
    assert "Kepala Seksi Satu" in page
    assert "Kurang Memenuhi Syarat" in page  # 18 / 27 = 66.67 %
    assert "Catat hasil asesmen" in page


def test_another_employee_cannot_see_the_record(client_for, other_employee, employee_record, anonymous):
    url = reverse("positions:competency_list", args=[employee_record.pk])
    assert client_for(other_employee).get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


# Recording by form -----------------------------------------------------------------------------


def test_hr_records_an_assessment_by_form(client_for, hr_staff, employee_record):
    data = {"method": "cact", "assessed_on": "2025-07-01", "potential": "tinggi", "level_M.01": "3", "level_SK.01": "2"}
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 302
    session = CompetencyAssessment.objects.get()
    assert (session.method, session.potential) == ("cact", "tinggi")
    assert dict(session.levels.values_list("competency__code", "level")) == {"M.01": 3, "SK.01": 2}
    assert AuditEvent.objects.filter(action="competency_assessment.record").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"method": "ac", "assessed_on": "2025-07-01"},  # no level
        {"method": "ac", "assessed_on": "2999-01-01", "level_M.01": "3"},  # future
        {"method": "xx", "assessed_on": "2025-07-01", "level_M.01": "3"},
        {"method": "ac", "assessed_on": "2025-07-01", "level_M.01": "7"},
    ],
)
def test_invalid_input_re_renders_with_errors(client_for, hr_staff, employee_record, data):
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CompetencyAssessment.objects.exists()


def test_a_duplicate_session_re_renders_with_the_error(client_for, hr_staff, employee_record):
    _record(employee_record, on=dt.date(2025, 7, 1))
    data = {"method": "ac", "assessed_on": "2025-07-01", "level_M.01": "3"}
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 400 and response.context["form"].errors
    assert CompetencyAssessment.objects.count() == 1


def test_only_hr_records(client_for, employee, employee_record):
    assert (
        client_for(employee).get(reverse("positions:competency_record", args=[employee_record.pk])).status_code == 403
    )
