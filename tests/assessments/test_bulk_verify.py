"""HR verifies many applicants' administration at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Application
from semarang_asn.core.models import AuditEvent
from tests.assessments.conftest import make_vacancy, publish


def _external(vacancy, hr, n, start=0):
    return [
        services.application_register_external(
            vacancy=vacancy,
            nip=f"198001012005011{start + i + 1:03d}",
            name=f"Pelamar {start + i}",
            origin_agency="Kab. Demak",
            education="S1",
            documents={},
            actor=hr,
        )
        for i in range(n)
    ]


def test_hr_passes_many_applicants_in_one_audited_action(vacancy, applications, hr_staff):
    ids = [a.pk for a in applications]
    assert (
        services.applications_verify(vacancy=vacancy, application_ids=ids, passed=True, reason="", actor=hr_staff) == 2
    )
    assert set(Application.objects.values_list("admin_status", flat=True)) == {"passed"}
    assert AuditEvent.objects.filter(action="application.verify").count() == 2


def test_failing_needs_a_reason_and_changes_nothing_without_one(vacancy, applications, hr_staff):
    with pytest.raises(ValidationError, match="alasan"):
        services.applications_verify(
            vacancy=vacancy, application_ids=[a.pk for a in applications], passed=False, reason=" ", actor=hr_staff
        )
    assert set(Application.objects.values_list("admin_status", flat=True)) == {"pending"}
    assert not AuditEvent.objects.filter(action="application.verify").exists()


def test_another_vacancys_applicant_refuses_the_whole_action(vacancy, applications, hr_staff, org):
    from tests.factories import PositionFactory

    other = publish(make_vacancy(PositionFactory(code="P-LAIN", org_unit=org["opd"]), hr_staff), hr_staff)
    stranger = _external(other, hr_staff, 1)[0]
    with pytest.raises(ValidationError, match="bukan pelamar lowongan ini"):
        services.applications_verify(
            vacancy=vacancy, application_ids=[applications[0].pk, stranger.pk], passed=True, reason="", actor=hr_staff
        )
    assert set(Application.objects.values_list("admin_status", flat=True)) == {"pending"}


def test_verification_closes_once_the_result_is_announced(verified, vacancy, hr_staff):
    with pytest.raises(ValidationError, match="sudah diumumkan"):
        services.applications_verify(
            vacancy=vacancy, application_ids=[verified[0].pk], passed=False, reason="x", actor=hr_staff
        )


def test_leadership_training_needs_the_certificate_accepted_for_internal_applicants(
    seat, hr_staff, employee_record, employee
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.assessments.conftest import DURING
    from tests.factories import PDF_BYTES

    vacancy = publish(make_vacancy(seat, hr_staff, leadership_training="PKA"), hr_staff)
    app = services.application_submit(
        vacancy=vacancy,
        employee=employee_record,
        documents={"training": SimpleUploadedFile("s.pdf", PDF_BYTES)},
        actor=employee,
        on=DURING,
    )
    with pytest.raises(ValidationError, match="Sertifikat"):
        services.applications_verify(vacancy=vacancy, application_ids=[app.pk], passed=True, reason="", actor=hr_staff)
    services.applications_verify(
        vacancy=vacancy, application_ids=[app.pk], passed=True, reason="", training_certificate_ok=True, actor=hr_staff
    )
    assert Application.objects.get(pk=app.pk).admin_status == "passed"


# The page ---------------------------------------------------------------------------------------


def url(vacancy):
    return reverse("assessments:hr_applicants", args=[vacancy.pk])


def test_hr_ticks_applicants_and_fails_them_with_a_reason(client_for, hr_staff, vacancy, applications):
    response = client_for(hr_staff).post(
        url(vacancy), {"application": [applications[0].pk], "passed": "0", "reason": "Ijazah belum dilegalisasi"}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=applications[0].pk).admin_status == "failed"
    assert Application.objects.get(pk=applications[1].pk).admin_status == "pending"


def test_a_missing_reason_re_renders_with_the_error(client_for, hr_staff, vacancy, applications):
    response = client_for(hr_staff).post(url(vacancy), {"application": [applications[0].pk], "passed": "0"})
    assert response.status_code == 400
    assert "Tulis alasan ketidaklulusan" in response.content.decode()


def test_the_applicant_list_searches_filters_and_sorts(client_for, hr_staff, vacancy, applications):
    client = client_for(hr_staff)
    page = client.get(url(vacancy), {"q": applications[1].name}).content.decode()
    assert applications[1].registration_number in page and applications[0].registration_number not in page
    page = client.get(url(vacancy), {"ordering": "-nomor"}).content.decode()
    assert page.index(applications[1].registration_number) < page.index(applications[0].registration_number)


def test_the_applicant_list_is_for_hr_only(client_for, vacancy, employee, assessor, anonymous):
    for user in (employee, assessor):
        assert client_for(user).get(url(vacancy)).status_code == 403
    assert anonymous.get(url(vacancy)).status_code == 302


def test_the_applicant_list_uses_the_same_number_of_queries_at_two_sizes(
    client_for, hr_staff, vacancy, django_assert_max_num_queries
):
    client = client_for(hr_staff)
    _external(vacancy, hr_staff, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(url(vacancy))
    _external(vacancy, hr_staff, 30, start=10)
    with django_assert_max_num_queries(len(small)):
        client.get(url(vacancy))
