"""Selection documents: the announcement of each announced stage and the final ranking
(public, only once announced, only what is published) and the applicant's registration card
(the applicant and HR only); each verifiable by its code."""

import re

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Stage
from semarang_asn.core.models import IssuedDocument
from tests.assessments.test_views import SECRET_VALUE, leaks, shown
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def announcement(vacancy, part):
    return reverse("assessments:announcement_pdf", args=[vacancy.pk, part])


def card(application):
    return reverse("assessments:registration_card", args=[application.pk])


def code_of(response) -> str:
    return re.search(r"-([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\.pdf", response["Content-Disposition"])[1]


def test_every_announcement_and_the_final_ranking_are_public_pdfs_with_names_and_scores(anonymous, finished):
    a, b = finished.applications.order_by("seq")
    for part, expected in (
        ("administrasi", ["Seleksi administrasi", "Memenuhi syarat"]),
        ("tahap-1", ["Administrasi dan rekam jejak", shown("80.00"), shown("70.00"), "Lulus"]),
        ("tahap-3", ["Wawancara akhir", shown("90.00"), shown("65.00")]),
        ("peringkat", ["PERINGKAT AKHIR", shown("83.50"), shown("67.50"), "diusulkan ke PPK", "nomor pendaftaran"]),
    ):
        response = anonymous.get(announcement(finished, part))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", part
        text = pdf_text(response.content)
        code = code_of(response)
        for value in [finished.title, a.name, a.registration_number, b.registration_number, code, *expected]:
            assert value in text, (part, value)
        assert f"http://testserver{reverse('core:document_verify_code', args=[code])}" in text


def test_the_public_page_links_the_announced_documents_only(anonymous, scoring, hr_staff):
    page = anonymous.get(reverse("assessments:public_detail", args=[scoring.vacancy_id])).content.decode()
    assert announcement(scoring.vacancy, "administrasi") in page
    assert announcement(scoring.vacancy, "tahap-1") not in page
    assert announcement(scoring.vacancy, "peringkat") not in page


def test_nothing_unannounced_is_printed(anonymous, scoring, committee, verified, hr_staff):
    for m in committee:
        for app in verified:
            services.score_submit(
                stage=scoring, application=app, member=m, value=SECRET_VALUE, comment="c", actor=m.user
            )
    services.stage_lock(stage=scoring, actor=hr_staff)
    vacancy = scoring.vacancy
    for part in ("tahap-1", "tahap-2", "peringkat", "tahap-x", "lainnya"):
        assert anonymous.get(announcement(vacancy, part)).status_code == 404, part
    assert not leaks(pdf_text(anonymous.get(announcement(vacancy, "administrasi")).content))

    services.stage_announce(stage=Stage.objects.get(pk=scoring.pk), actor=hr_staff)
    assert shown(SECRET_VALUE) in pdf_text(anonymous.get(announcement(vacancy, "tahap-1")).content)
    assert anonymous.get(announcement(vacancy, "tahap-2")).status_code == 404


def test_a_draft_vacancy_has_no_announcement(anonymous, draft):
    assert anonymous.get(announcement(draft, "administrasi")).status_code == 404


def test_the_announcement_verification_shows_the_stage_and_no_scores(anonymous, finished):
    code = code_of(anonymous.get(announcement(finished, "tahap-3")))
    response = anonymous.get(reverse("core:document_verify_code", args=[code]))
    html = response.content.decode()
    assert response.status_code == 200 and "Dokumen sah" in html
    assert "Wawancara akhir" in html and finished.code in html
    assert shown("90.00") not in html and "90.00" not in html
    assert reverse("assessments:public_detail", args=[finished.pk]) in html


def test_the_registration_card_carries_the_applicant_the_vacancy_and_the_code(client_for, applications, employee):
    application = applications[0]
    response = client_for(employee).get(card(application))
    assert response.status_code == 200
    text = pdf_text(response.content)
    code = code_of(response)
    for value in (
        "KARTU PENDAFTARAN",
        application.name,
        application.nip,
        application.registration_number,
        application.vacancy.title,
        "Wawancara akhir",
        code,
    ):
        assert value in text, value


@pytest.mark.parametrize(
    ("who", "status"),
    [("employee", 200), ("hr_staff", 200), ("other_employee", 404), ("supervisor", 404), ("assessor", 404)],
)
def test_only_the_applicant_and_hr_get_the_registration_card(request, client_for, applications, who, status):
    assert client_for(request.getfixturevalue(who)).get(card(applications[0])).status_code == status


def test_anonymous_is_sent_to_log_in_for_a_card(anonymous, applications):
    response = anonymous.get(card(applications[0]))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_card_verification_confirms_name_and_number_without_the_nip(client_for, anonymous, applications, employee):
    application = applications[0]
    code = code_of(client_for(employee).get(card(application)))
    html = anonymous.get(reverse("core:document_verify_code", args=[code])).content.decode()
    assert "Kartu pendaftaran seleksi" in html
    assert application.name in html and application.registration_number in html
    assert application.nip not in html
    assert IssuedDocument.objects.get(code=code).kind == IssuedDocument.Kind.REGISTRATION_CARD


def test_the_applicant_and_hr_pages_link_the_card(client_for, applications, employee, hr_staff):
    application = applications[0]
    mine = client_for(employee).get(reverse("assessments:my_application", args=[application.pk])).content.decode()
    assert card(application) in mine
    hr_page = reverse("assessments:hr_applicants", args=[application.vacancy_id])
    assert card(application) in client_for(hr_staff).get(hr_page).content.decode()
