"""Issued documents: one valid code per document while its content is unchanged, a new code
(and the old one marked superseded) when it changes; the public verification page."""

import pytest
from django.urls import reverse

from semarang_asn.core.documents import ReportDocument, Section, Signature, Table, render_report_pdf
from semarang_asn.core.models import IssuedDocument
from semarang_asn.core.services import document_issue
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def issue(rows):
    return document_issue(
        kind=IssuedDocument.Kind.ANNOUNCEMENT,
        key="vacancy:1:tahap-1",
        subject="Seleksi Terbuka Kepala Dinas - Wawancara akhir",
        content=rows,
        facts=[("Tahap", "Wawancara akhir")],
    )


def verify(client, code):
    return client.get(reverse("core:document_verify_code", args=[code]))


def test_the_same_content_keeps_its_code_and_new_content_supersedes_it(anonymous):
    first = issue([["001", "Ani", "Lulus"]])
    assert issue([["001", "Ani", "Lulus"]]).code == first.code

    second = issue([["001", "Ani", "Tidak lulus"]])

    first.refresh_from_db()
    assert second.code != first.code and first.is_revoked and first.superseded_by == second
    assert IssuedDocument.objects.filter(revoked_at__isnull=True).get() == second
    old = verify(anonymous, first.code).content.decode()
    assert "tidak berlaku lagi" in old and "diganti dengan terbitan yang lebih baru" in old
    assert "Seleksi Terbuka Kepala Dinas" not in old
    assert "Dokumen sah" in verify(anonymous, second.code).content.decode()


def test_an_unknown_code_is_not_found(anonymous):
    response = verify(anonymous, "AAAA-BBBB-CCCC")
    assert response.status_code == 404 and "Kode tidak dikenal" in response.content.decode()


def test_the_search_form_goes_to_the_code_page(anonymous):
    response = anonymous.get(reverse("core:document_verify"), {"kode": " abcd-efgh-jkmn "})
    assert response["Location"] == reverse("core:document_verify_code", args=["ABCD-EFGH-JKMN"])
    assert anonymous.get(reverse("core:document_verify")).status_code == 200


def test_the_verification_page_speaks_english_when_chosen(anonymous, settings):
    document = issue([["001", "Ani", "Lulus"]])
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = verify(anonymous, document.code).content.decode()
    assert "Valid document" in html and "Stage" in html and "Tahap" not in html.split("<main", 1)[-1]


def test_a_long_report_flows_over_pages_and_keeps_the_code_on_each(settings):
    rows = [[str(i), f"Pelamar nomor {i}", "Lulus"] for i in range(1, 120)]
    pdf = render_report_pdf(
        ReportDocument(
            title="Pengumuman",
            sections=[Section("Hasil", table=Table(["No", "Nama", "Hasil"], [10, 60, 20], rows))],
            signatures=[Signature("Panitia Seleksi", "SEL-1")],
            code="ABCD-EFGH-JKMN",
            verify_url="http://testserver/dokumen/verifikasi/ABCD-EFGH-JKMN/",
        )
    )
    from io import BytesIO

    from pypdf import PdfReader

    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 3
    assert all("ABCD-EFGH-JKMN" in page.extract_text() for page in pages)
    text = pdf_text(pdf)
    assert "Pelamar nomor 1\n" in text or "Pelamar nomor 1 " in text
    assert "Pelamar nomor 119" in text and "http://testserver/dokumen/verifikasi/ABCD-EFGH-JKMN/" in text
