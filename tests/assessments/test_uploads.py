"""Hole 10: applicant documents go through the one upload validator."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Application, ApplicationDocument

from .conftest import DURING, make_vacancy, publish

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-<html><script>alert(1)</script></html>"


def test_an_html_page_named_pdf_is_refused_on_submission(vacancy, employee_record, employee):
    with pytest.raises(ValidationError, match="bukan PDF yang sah"):
        services.application_submit(
            vacancy=vacancy,
            employee=employee_record,
            documents={"paper": SimpleUploadedFile("makalah.pdf", FAKE_PDF)},
            actor=employee,
            on=DURING,
        )
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


def test_the_apply_page_shows_the_refusal_and_saves_nothing(client_for, employee, seat, hr_staff):
    today = timezone.localdate()
    vacancy = make_vacancy(seat, hr_staff, opens=today - dt.timedelta(days=1), closes=today + dt.timedelta(days=20))
    publish(vacancy, hr_staff, on=today)
    response = client_for(employee).post(
        reverse("assessments:apply", args=[vacancy.pk]),
        {"confirm": "on", "paper": SimpleUploadedFile("makalah.pdf", FAKE_PDF, content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert "isi berkas bukan PDF yang sah" in response.content.decode()
    assert not Application.objects.exists()


def test_a_later_document_upload_is_checked_the_same_way(vacancy, applications, employee):
    application = next(a for a in applications if a.employee.user == employee)
    with pytest.raises(ValidationError, match="bukan PDF yang sah"):
        services.document_upload(
            application=application,
            kind="lhkpn",
            upload=SimpleUploadedFile("lhkpn.pdf", FAKE_PDF),
            actor=employee,
        )
    assert not application.documents.filter(kind="lhkpn").exists()
