"""Open selection end to end in the browser.

HR opens and publishes a vacancy, two employees apply, HR verifies them and announces the
administration result, three assessors declare no conflict and score both applicants in both
stages, HR locks and announces each stage, the appointing official appoints the top-ranked
applicant, and the public page shows the result.

Shortcuts, each standing for something a browser cannot do: the committee minimum for a
non-JPT post is configured to 3 (Setting ``assessments.committee_min_non_jpt``) so three
assessors form the whole committee; the registration window is moved into the past in the
database once both have applied (time passing); the proposal to the official is made through
the service with a date after the objection window (masa sanggah) of the last announcement.
Set ASSESSMENTS_SHOTS=/some/dir to save screenshots along the way.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import services
from assessments.models import Vacancy
from positions.models import Assignment
from semarang_asn.core import roles
from semarang_asn.core.models import Setting
from tests.factories import PositionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("ASSESSMENTS_SHOTS")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1366, "height": 900}}


@pytest.fixture(autouse=True)
def _predikat_baik(monkeypatch):
    monkeypatch.setattr(
        "assessments.eligibility.predikat_by_year", lambda ids, years: {i: {y: "baik" for y in years} for i in ids}
    )


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/assessments_journey_{name}.png", full_page=True)


def _log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("sandi-rahasia-123")
    page.locator("main").get_by_role("button", name="Masuk").click()
    expect(page.locator("main h1")).to_contain_text("Selamat datang")


def _confirmed(page, button, confirm):
    """Click an irreversible action, read the confirm page, then confirm."""
    page.get_by_role("button", name=button).click()
    expect(page.locator("main")).to_contain_text("Setelah dikonfirmasi")
    page.get_by_role("button", name=confirm).click()


def _score_all(page, live_server, assessors, vacancy, applicants, values, first_time):
    for username in assessors:
        _log_in(page, live_server, username)
        page.goto(f"{live_server.url}/seleksi/pansel/")
        page.get_by_role("link", name=vacancy.title).click()
        for app_no in applicants:
            page.get_by_role("link", name=app_no).click()
            if first_time:
                expect(page.locator("main")).to_contain_text("Pernyataan konflik kepentingan")
                page.get_by_label("Tidak ada", exact=True).check()
                _confirmed(page, "Simpan pernyataan", "Ya, kirim pernyataan")
            page.get_by_label("Nilai (0–100)").fill(str(values[app_no]))
            page.get_by_label("Catatan penilaian").fill("Sesuai rubrik dan bukti.")
            _confirmed(page, "Kirim nilai", "Ya, kirim nilai")
            expect(page.locator("main")).to_contain_text("sudah dikirim dan terkunci")
            page.get_by_role("link", name=vacancy.code).click()


def test_a_selection_from_publication_to_appointment(
    page, live_server, org, hr_staff, official, employee_record, other_employee_record
):
    Setting.objects.filter(key="assessments.committee_min_non_jpt").update(value=3)
    seat = PositionFactory(
        code="P-SEK",
        title="Analis Kebijakan Ahli Madya",
        org_unit=org["opd"],
        type="JF",
        level="ahli_madya",
        kelas_jabatan=12,
        reports_to=org["head"],
    )
    assessors = []
    for i, name in enumerate(["Prof. Sri Wahyuni", "Dr. Bambang Hartono", "Dra. Endang Lestari"], start=1):
        first, last = name.split(" ", 1)
        assessors.append(UserFactory(username=f"penilai{i}", groups=[roles.ASSESSOR], first_name=first, last_name=last))
    today = timezone.localdate()

    # HR finds the seat by typing part of its name, picks it from the results, opens the
    # vacancy with two stages, seats the pansel by typing names, and publishes it.
    _log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/seleksi/kelola/baru/")
    page.get_by_label("Cari kursi kosong: nama jabatan, kode atau unit").fill("analis kebijakan")
    result = page.get_by_role("button", name="Analis Kebijakan Ahli Madya P-SEK · Dinas Contoh")
    expect(result).to_be_visible()
    expect(page.locator("[data-picker-value]")).to_have_count(1)
    result.click()
    expect(page.get_by_label("Kode jabatan (kursi kosong)")).to_have_value("P-SEK")
    page.get_by_label("Judul pengumuman").fill("Seleksi Terbuka Analis Kebijakan Ahli Madya")
    page.get_by_label("Pendaftaran dibuka").fill(today.isoformat())
    page.get_by_label("Pendaftaran ditutup").fill((today + dt.timedelta(days=20)).isoformat())
    for kind in ("administration", "paper", "presentation"):
        page.locator(f"input[name=weight_{kind}]").fill("")
    page.locator("input[name=weight_competency]").fill("40")
    page.locator("input[name=weight_interview]").fill("60")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator("main")).to_contain_text("Draf lowongan disimpan")
    for i, user in enumerate(assessors):
        page.get_by_label("Cari asesor: nama atau nama pengguna").fill(user.last_name)
        page.locator(f"[data-picker-value='{user.username}']").click()
        expect(page.get_by_label("Nama pengguna asesor")).to_have_value(user.username)
        if i == 0:
            page.get_by_label("Anggota internal Pemerintah Kota Semarang").check()
            page.get_by_label("Ketua pansel").check()
        page.get_by_role("button", name="Tambah anggota").click()
    page.get_by_role("button", name="Tetapkan pansel").click()
    expect(page.locator("main")).to_contain_text("Pansel ditetapkan")
    _confirmed(page, "Umumkan lowongan", "Ya, umumkan")
    expect(page.locator("main")).to_contain_text("Lowongan diumumkan")
    vacancy = Vacancy.objects.get()
    _shot(page, "hr_detail")

    # Two employees apply online after seeing the screening.
    numbers = []
    for username in ("pegawai", "pegawai2"):
        _log_in(page, live_server, username)
        page.goto(f"{live_server.url}/seleksi/")
        if username == "pegawai":
            # On a phone each vacancy is a card: its status is on screen, not past the table's edge.
            page.set_viewport_size({"width": 390, "height": 844})
            box = page.get_by_role("row", name=vacancy.title).locator(".badge").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            page.set_viewport_size({"width": 1366, "height": 900})
        page.get_by_role("link", name=vacancy.title).click()
        page.get_by_role("link", name="Daftar sekarang").click()
        expect(page.locator("main")).to_contain_text("Memenuhi")
        page.get_by_label("Saya menyatakan data dan dokumen yang saya sampaikan benar.").check()
        page.get_by_role("button", name="Kirim pendaftaran").click()
        expect(page.locator("main")).to_contain_text("Nomor pendaftaran Anda")
        numbers.append(f"{vacancy.code}-{len(numbers) + 1:03d}")
    _shot(page, "my_application")

    # Registration closes (time passes); HR verifies both and starts the first stage.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        registration_opens=today - dt.timedelta(days=21), registration_closes=today - dt.timedelta(days=1)
    )
    _log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/seleksi/kelola/{vacancy.pk}/")
    for _ in numbers:
        page.locator("input[name=passed][value='1']").first.check()
        page.get_by_role("button", name="Simpan").first.click()
        expect(page.locator("main")).to_contain_text("Verifikasi administrasi")
    page.get_by_role("button", name="Umumkan hasil administrasi").click()
    expect(page.locator("main")).to_contain_text("Hasil seleksi administrasi diumumkan")

    # The administration announcement has its own objection window: an applicant objects,
    # scoring cannot start until HR answers in writing.
    _log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/seleksi/lamaran/")
    page.get_by_role("link", name=numbers[0]).click()
    page.get_by_label("Ajukan sanggahan atas hasil seleksi administrasi").fill("Mohon nama saya ditulis lengkap.")
    page.get_by_role("button", name="Ajukan sanggahan").click()
    expect(page.locator("main")).to_contain_text("Sanggahan diajukan")
    _shot(page, "objection_filed")
    _log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/seleksi/kelola/tahap/{vacancy.stages.order_by('order').first().pk}/")
    page.get_by_role("button", name="Mulai penilaian").click()
    expect(page.locator("main")).to_contain_text("Jawab dulu sanggahan")
    page.goto(f"{live_server.url}/seleksi/kelola/{vacancy.pk}/")
    page.get_by_label("Jawaban").fill("Nama sudah dibetulkan pada pengumuman.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("main")).to_contain_text("Jawaban sanggahan disimpan")

    stages = list(vacancy.stages.order_by("order"))
    scores = [
        {numbers[0]: 70, numbers[1]: 82},  # competency
        {numbers[0]: 88, numbers[1]: 75},  # interview
    ]
    for index, stage in enumerate(stages):
        _log_in(page, live_server, "hr")
        page.goto(f"{live_server.url}/seleksi/kelola/tahap/{stage.pk}/")
        page.get_by_role("button", name="Mulai penilaian").click()
        expect(page.locator("main")).to_contain_text("Penilaian tahap dimulai")
        _score_all(page, live_server, [a.username for a in assessors], vacancy, numbers, scores[index], index == 0)
        _log_in(page, live_server, "hr")
        page.goto(f"{live_server.url}/seleksi/kelola/tahap/{stage.pk}/")
        _shot(page, f"board_{stage.kind}")
        _confirmed(page, "Kunci tahap", "Ya, lanjutkan")
        expect(page.locator("main")).to_contain_text("Tahap dikunci")
        _confirmed(page, "Umumkan hasil tahap", "Ya, lanjutkan")
        expect(page.locator("main")).to_contain_text("Hasil tahap diumumkan")

    # After the objection window, the best names go to the official.
    services.vacancy_propose(vacancy=vacancy, actor=hr_staff, on=today + dt.timedelta(days=4))

    # competency 40 %, interview 60 %: 001 = 28 + 52.8 = 80.80; 002 = 32.8 + 45 = 77.80.
    _log_in(page, live_server, "ppk")
    page.goto(f"{live_server.url}/seleksi/ppk/")
    page.get_by_role("link", name=vacancy.title).click()
    expect(page.locator("main")).to_contain_text("80,80")
    page.get_by_label(f"1. {employee_record.full_name}", exact=False).check()
    page.get_by_label("TMT pelantikan").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Nomor SK").fill("821.2/001/2026")
    _confirmed(page, "Tetapkan dan angkat", "Ya, tetapkan")
    expect(page.locator("main")).to_contain_text("jabatan terisi secara definitif")

    assignment = Assignment.objects.get(position=seat)
    assert assignment.employee == employee_record and assignment.kind == "definitive"

    # The public sees the ranking with per-stage scores and the appointment, without logging in.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/seleksi/{vacancy.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Pengumuman hasil seleksi administrasi")
    expect(main).to_contain_text("Peringkat akhir")
    expect(main).to_contain_text("80,80")
    expect(main).to_contain_text("77,80")
    expect(main).to_contain_text(f"telah mengangkat {employee_record.full_name}")
    _shot(page, "public_result")
