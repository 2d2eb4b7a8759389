"""An employee finds a course, completes its lessons and the quiz, downloads the certificate,
opens the verification URL printed on it and sees the JP bar grow; HR sees the compliance
change. axe-core checks each new page for serious or critical WCAG violations.

Set TRAINING_SHOTS=/some/dir to also save screenshots of the pages."""

import io
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.training.conftest import build_course
from training.models import Option

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("TRAINING_SHOTS")
axe = Axe()


def _check(page, name: str) -> None:
    """No serious or critical axe-core violation, and no sideways scrolling."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/training_{name}.png", full_page=True)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], f"{name}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name


def test_an_employee_learns_gets_a_verifiable_certificate_and_hr_sees_the_compliance_change(
    page, live_server, login, hr_staff, employee_record, other_employee_record
):
    build_course(hr_staff, code="TEK-1", title="Penulisan Naskah Dinas", jp="20", lessons=2, questions=2)
    build_course(hr_staff, code="ETIKA-1", title="Integritas ASN", jp="6")
    right = set(Option.objects.filter(is_correct=True).values_list("text", flat=True))

    login("hr")
    page.goto(f"{live_server.url}/pelatihan/kelola/kepatuhan/")
    expect(page.get_by_text("0 dari 5 pegawai aktif mencapai target.")).to_be_visible()
    page.context.clear_cookies()

    login("pegawai")
    nav = page.locator("#mainnav")
    nav.get_by_role("button", name="Pelatihan").or_(nav.get_by_role("link", name="Pelatihan", exact=True)).click()
    nav.get_by_role("link", name="Pelatihan saya").click()
    expect(page.locator(".jp-bar").first).to_contain_text("0 dari 20 JP")
    _check(page, "mine_before")

    page.locator("#main").get_by_role("link", name="Katalog pelatihan").click()
    page.get_by_role("textbox", name="Cari").fill("naskah")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text("1 kursus ditemukan")).to_be_visible()
    _check(page, "catalogue")
    page.get_by_role("link", name="Penulisan Naskah Dinas").click()
    page.get_by_role("button", name="Daftar kursus ini").click()
    _check(page, "course")

    page.get_by_role("link", name="Mulai belajar").click()
    _check(page, "lesson")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    expect(page.get_by_role("heading", name="Materi 2")).to_be_visible()
    page.get_by_role("button", name="Tandai selesai", exact=True).click()
    expect(page.get_by_text("Semua materi selesai.")).to_be_visible()

    page.get_by_role("link", name="Kerjakan kuis akhir").click()
    page.get_by_role("button", name="Mulai kuis").click()
    _check(page, "attempt")
    for fieldset in page.locator("fieldset").all():
        for label in fieldset.locator("label").all():
            if label.inner_text() in right:
                label.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Selamat, Anda lulus dengan nilai 100.")).to_be_visible()

    page.get_by_role("link", name="Ke halaman kursus").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert employee_record.full_name in text and employee_record.nip in text
    verify_url = re.search(r"http://\S+/pelatihan/verifikasi/[A-Z0-9-]+/", text.replace("\n", "")).group(0)

    page.goto(verify_url)
    expect(page.get_by_text("Sertifikat sah.")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("Penulisan Naskah Dinas")
    _check(page, "verify")

    page.goto(f"{live_server.url}/pelatihan/saya/")
    expect(page.locator(".jp-bar").first).to_contain_text("20 dari 20 JP")
    assert page.locator(".jp-bar progress").first.get_attribute("value") == "100"
    _check(page, "mine_after")

    page.context.clear_cookies()
    login("hr")
    page.goto(f"{live_server.url}/pelatihan/kelola/kepatuhan/")
    expect(page.get_by_text("1 dari 5 pegawai aktif mencapai target.")).to_be_visible()
    row = page.locator("section[aria-labelledby=emp-title] tr", has_text=employee_record.nip)
    expect(row).to_contain_text("Tercapai")
    _check(page, "compliance")


def test_the_training_pages_work_at_390_px(page, live_server, login, hr_staff, employee_record):
    build_course(hr_staff, code="TEK-1", title="Penulisan Naskah Dinas", jp="4")
    page.set_viewport_size({"width": 390, "height": 844})
    login("pegawai")
    for path in ("/pelatihan/", "/pelatihan/saya/", "/pelatihan/rekomendasi/", "/pelatihan/eksternal/ajukan/"):
        page.goto(f"{live_server.url}{path}")
        _check(page, "390" + path.replace("/", "_"))
    page.context.clear_cookies()
    login("hr")
    for path in ("/pelatihan/kelola/", "/pelatihan/kelola/kepatuhan/", "/pelatihan/kelola/eksternal/"):
        page.goto(f"{live_server.url}{path}")
        _check(page, "390" + path.replace("/", "_"))
