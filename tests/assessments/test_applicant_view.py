"""Hole 1: an applicant, like the public, sees a stage's result and the administration
verification only once they are announced; nothing on their pages gives them away earlier."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Application, Stage
from tests.factories import PDF_BYTES

from .conftest import AFTER, declare_all, score_stage

pytestmark = pytest.mark.django_db

HIDDEN_REASON = "Ijazah S2 belum dilegalisir"


def _pages(client, application) -> dict[str, str]:
    """The applicant's pages, without the per-request CSRF token."""
    pages = {
        "list": client.get(reverse("assessments:my_applications")),
        "detail": client.get(reverse("assessments:my_application", args=[application.pk])),
        "home": client.get(reverse("dashboard:home")),
        "notifications": client.get(reverse("core:notifications")),
    }
    assert all(r.status_code == 200 for r in pages.values())
    return {k: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode()) for k, r in pages.items()}


def test_an_unannounced_administration_failure_and_its_reason_stay_hidden(
    client_for, hr_staff, vacancy, applications, employee
):
    application = next(a for a in applications if a.employee.user == employee)
    client = client_for(employee)
    before = _pages(client, application)
    services.application_verify(application=application, passed=False, reason=HIDDEN_REASON, actor=hr_staff)

    after = _pages(client, application)
    assert after == before  # not a badge, a reason or a missing form changes
    detail = after["detail"]
    assert "Tidak memenuhi syarat" not in detail and HIDDEN_REASON not in detail
    assert "Belum diumumkan" in detail
    assert 'enctype="multipart/form-data"' in detail  # the upload form is still there
    # and using it does not tell them either
    services.document_upload(
        application=Application.objects.get(pk=application.pk),
        kind="lhkpn",
        upload=SimpleUploadedFile("lhkpn.pdf", PDF_BYTES),
        actor=employee,
    )


def test_the_administration_result_shows_once_announced(client_for, hr_staff, vacancy, applications, employee):
    application = next(a for a in applications if a.employee.user == employee)
    for app in applications:
        passed = app.pk != application.pk
        services.application_verify(
            application=app, passed=passed, reason="" if passed else HIDDEN_REASON, actor=hr_staff
        )
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    detail = _pages(client_for(employee), application)["detail"]
    assert "Tidak memenuhi syarat administrasi" in detail and HIDDEN_REASON in detail
    assert 'enctype="multipart/form-data"' not in detail


@pytest.fixture
def locked_with_a_failure(vacancy, committee, verified, hr_staff, employee):
    """Stage 1 scored and locked, not announced; the employee's application is under the pass mark."""
    mine = next(a for a in verified if a.employee.user == employee)
    other = next(a for a in verified if a.pk != mine.pk)
    declare_all(committee, verified)
    stage = vacancy.stages.get(order=1)
    services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
    score_stage(stage, committee, {mine: [40] * 5, other: [80] * 5})
    return stage, mine


def test_a_locked_but_unannounced_stage_gives_nothing_away(client_for, hr_staff, employee, locked_with_a_failure):
    stage, mine = locked_with_a_failure
    client = client_for(employee)
    before = _pages(client, mine)
    services.stage_lock(stage=stage, actor=hr_staff)
    assert Application.objects.get(pk=mine.pk).stopped_at_id == stage.pk  # HR knows already

    after = _pages(client, mine)
    assert after == before
    assert "Tidak lulus" not in after["list"] and "Tidak lulus" not in after["detail"]
    assert 'enctype="multipart/form-data"' in after["detail"]


def test_the_stage_result_shows_once_announced(client_for, hr_staff, employee, locked_with_a_failure):
    stage, mine = locked_with_a_failure
    services.stage_lock(stage=stage, actor=hr_staff)
    services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=AFTER)
    pages = _pages(client_for(employee), mine)
    assert "Tidak lulus tahap" in pages["list"]
    assert "Tidak lulus" in pages["detail"]
    assert 'enctype="multipart/form-data"' not in pages["detail"]


def _stage_cell(page: str) -> str:
    """The "Tahap seleksi" cell of the applicant's only row."""
    return re.search(r'<span class="badge text-bg-\w+">([^<]+)</span>', page.split("<tbody>", 1)[1]).group(1)


def test_my_applications_show_the_selections_real_stage_as_announced(
    client_for, hr_staff, vacancy, applications, employee
):
    client = client_for(employee)
    mine = next(a for a in applications if a.employee.user == employee)
    page = _pages(client, mine)["list"]
    assert _stage_cell(page) == "Seleksi administrasi"  # registration closed, nothing announced
    assert "Masih mengikuti seleksi" in page and "Diumumkan" not in page
    for app in applications:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    assert _stage_cell(_pages(client, mine)["list"]) == "Administrasi dan rekam jejak"


def test_the_stage_moves_on_in_my_applications_only_when_announced(
    client_for, hr_staff, employee, locked_with_a_failure
):
    stage, mine = locked_with_a_failure
    client = client_for(employee)
    services.stage_lock(stage=stage, actor=hr_staff)
    locked = _pages(client, mine)["list"]
    assert _stage_cell(locked) == "Administrasi dan rekam jejak" and "Masih mengikuti seleksi" in locked
    services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=AFTER)
    announced = _pages(client, mine)["list"]
    assert _stage_cell(announced) == "Asesmen kompetensi"
    assert "Tidak lulus tahap Administrasi dan rekam jejak" in announced


def test_my_applications_keep_a_constant_number_of_queries(
    client_for, hr_staff, org, vacancy, applications, employee, django_assert_max_num_queries
):
    from tests.factories import PositionFactory

    from .conftest import make_vacancy, publish

    client = client_for(employee)
    url = reverse("assessments:my_applications")
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    mine = next(a for a in applications if a.employee.user == employee)
    for i in range(3):
        seat = PositionFactory(code=f"P-LAIN{i}", org_unit=org["opd"], type="JF", level="ahli_madya")
        other = publish(make_vacancy(seat, hr_staff), hr_staff, prefix=f"pansel{i}-")
        Application.objects.create(
            vacancy=other, employee=mine.employee, seq=1, registration_number=f"X{i}-001", nip=mine.nip, name=mine.name
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("Masih mengikuti seleksi") == 4
