"""The Dokumen Evaluasi Kinerja Pegawai: generated for a finished evaluation, for the
employee, the rater and HR only, verifiable by its code without showing the ratings."""

import re

import pytest
from django.urls import reverse

from performance import documents, rules, services
from performance.models import Evaluation, HasilKerja, PerilakuKerja, UnitCalibration
from semarang_asn.core.models import IssuedDocument
from tests.pdf_text import pdf_text
from tests.performance.test_services import add_row, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(open_cycle, team, hr_staff, employee, supervisor):
    evaluation = open_cycle.evaluations.get(employee=team["employee"])
    row = add_row(evaluation, employee)
    services.hasil_kerja_add(
        evaluation=evaluation, actor=employee, kind=HasilKerja.Kind.TAMBAHAN, indicator="Narasumber", target="2"
    )
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.ABOVE, feedback="Tepat waktu")
    rate(evaluation, supervisor, rules.ABOVE, rules.ABOVE)
    for other in open_cycle.evaluations.filter(rater__isnull=False, predikat="").select_related("rater__user"):
        rate(other, other.rater.user)
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.UNIT_BAIK)
    services.calibration_close(calibration=calibration, actor=hr_staff, justification="ok")
    services.cycle_close(cycle=open_cycle, actor=hr_staff)
    return Evaluation.objects.select_related("employee", "rater", "rater_superior", "cycle").get(pk=evaluation.pk)


def url(evaluation):
    return reverse("performance:evaluation_document", args=[evaluation.pk])


def test_the_document_carries_identity_period_rater_superior_ratings_predikat_and_signatures(
    client_for, finished, employee
):
    response = client_for(employee).get(url(finished))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    document = IssuedDocument.objects.get(key=f"evaluation:{finished.pk}")
    for expected in (
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        finished.employee.full_name,
        finished.employee.nip,
        finished.cycle.name,
        "1 Januari 2025",
        "31 Desember 2025",
        finished.rater.full_name,
        finished.rater_superior.full_name,
        "Laporan",
        "Narasumber",
        "Berorientasi Pelayanan",
        "Di atas ekspektasi",
        "Sangat Baik",
        "Pejabat penilai kinerja",
        document.code,
        f"http://testserver{reverse('core:document_verify_code', args=[document.code])}",
    ):
        assert expected in text, expected
    # The row-number column reads "No", not Django's own Indonesian "Tidak" (the answer "no").
    assert re.search(r"^No\s+Jenis", text, re.M) and "Tidak" not in text


def test_every_download_of_an_unchanged_document_carries_the_same_code(client_for, finished, employee, hr_staff):
    first = client_for(employee).get(url(finished))
    second = client_for(hr_staff).get(url(finished))
    codes = {
        re.search(r"dokumen-evaluasi-kinerja-\d+-(\S+)\.pdf", r["Content-Disposition"])[1] for r in (first, second)
    }
    assert len(codes) == 1 and IssuedDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("employee", 200),
        ("supervisor", 200),  # the rater
        ("hr_staff", 200),
        ("kabid", 403),  # the rater's superior reads the SKP page, but the document is not theirs
        ("other_employee", 404),
        ("head", 404),
        ("assessor", 404),
    ],
)
def test_only_the_employee_the_rater_and_hr_may_download_it(request, client_for, finished, who, status):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    assert client_for(user).get(url(finished)).status_code == status


def test_anonymous_is_sent_to_log_in(anonymous, finished):
    response = anonymous.get(url(finished))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_there_is_no_document_before_the_evaluation_is_final(client_for, evaluation, supervisor, employee):
    rate(evaluation, supervisor)
    assert client_for(employee).get(url(evaluation)).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_the_verification_page_confirms_name_and_period_and_shows_nothing_private(
    client_for, anonymous, finished, employee
):
    client_for(employee).get(url(finished))
    document = IssuedDocument.objects.get()

    response = anonymous.get(reverse("core:document_verify_code", args=[document.code.lower()]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Dokumen sah" in html and "Dokumen Evaluasi Kinerja Pegawai" in html
    assert finished.employee.full_name in html and finished.cycle.name in html
    for private in (
        finished.employee.nip,
        "Sangat Baik",
        "Di atas ekspektasi",
        "Laporan",
        "Tepat waktu",
        finished.rater.full_name,
    ):
        assert private not in html, private


def test_the_evaluation_page_links_the_document_for_its_readers_only(client_for, finished, employee, kabid):
    page = reverse("performance:evaluation", args=[finished.pk])
    assert url(finished) in client_for(employee).get(page).content.decode()
    assert url(finished) not in client_for(kabid.user).get(page).content.decode()


def test_unwritten_perilaku_values_certify_as_empty_as_rows_stored_empty(finished):
    """No perilaku row stored (a cycle opened since rows are stored on first write) certifies
    the same content as seven rows stored empty (a cycle opened before)."""
    unwritten = documents.skp_issue(Evaluation.objects.get(pk=finished.pk))["content"]["perilaku"]
    assert unwritten == [(value, "", "") for value in PerilakuKerja.Value.values]
    PerilakuKerja.objects.bulk_create(
        [PerilakuKerja(evaluation=finished, value=value) for value in reversed(PerilakuKerja.Value.values)]
    )
    assert documents.skp_issue(Evaluation.objects.get(pk=finished.pk))["content"]["perilaku"] == unwritten
    PerilakuKerja.objects.filter(evaluation=finished, value="3_kompeten").update(expectation="Terus belajar")
    content = documents.skp_issue(Evaluation.objects.get(pk=finished.pk))["content"]["perilaku"]
    assert (
        content[2] == ("3_kompeten", "Terus belajar", "") and content[:2] + content[3:] == unwritten[:2] + unwritten[3:]
    )
