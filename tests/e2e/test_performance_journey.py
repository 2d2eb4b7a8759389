"""Browser journey: the supervisor rates, the employee sees the predikat and objects,
the rater's superior decides. Screenshots go to /tmp/shots/performance_*.png."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from performance import rules, services
from performance.models import Evaluation, EvaluationCycle, Objection, UnitCalibration
from tests.performance.conftest import ON, make_cycle

SHOTS = Path("/tmp/shots")


@pytest.fixture
def browser_context_args(browser_context_args):
    # The product is Indonesian first; Chromium would otherwise ask for English.
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1366, "height": 900}}


def log_in(page, live_server, username: str) -> None:
    """Through the real login form, by field name (labels follow the language)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("sandi-rahasia-123")
    page.locator("main").get_by_role("button", name="Masuk").click()
    expect(page.locator("main h1")).to_contain_text("Selamat datang")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"performance_{name}.png"), full_page=True)


@pytest.fixture
def journey_cycle(head, kabid, supervisor_employee, employee_record, other_employee_record, hr_staff):
    cycle = make_cycle(hr_staff, objection_deadline=dt.date(2999, 12, 31))
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    evaluation = Evaluation.objects.get(cycle=cycle, employee=employee_record)
    row = services.hasil_kerja_add(
        evaluation=evaluation,
        actor=employee_record.user,
        kind="utama",
        indicator="Persentase data kepegawaian yang dimutakhirkan",
        target="100 %",
    )
    services.hasil_kerja_report(
        row=row, actor=employee_record.user, realisation="98 % data mutakhir", evidence_link="https://bukti.test/1"
    )
    return cycle


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_supervisor_rates_employee_objects_superior_decides(page, live_server, journey_cycle, employee_record):
    evaluation = Evaluation.objects.get(cycle=journey_cycle, employee=employee_record)

    # The supervisor (Kasi) rates from "Penilaian tim saya".
    log_in(page, live_server, "atasan")
    page.goto(f"{live_server.url}/kinerja/tim/")
    expect(page.get_by_role("heading", name="Penilaian tim saya")).to_be_visible()
    shot(page, "team")
    # On a phone each staff member is a card: the rating link is on screen, not past the
    # table's right edge.
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.get_by_role("row", name=employee_record.name).get_by_role("link", name="Nilai").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "team_390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("row", name=employee_record.name).get_by_role("link", name="Nilai").click()
    page.get_by_label("Penilaian baris").select_option(rules.BELOW)
    page.get_by_role("button", name="Simpan umpan balik").click()
    expect(page.get_by_text("Umpan balik disimpan.")).to_be_visible()
    page.get_by_label("Ekspektasi Berorientasi Pelayanan").fill("Menjawab setiap permintaan data dalam 2 hari kerja")
    page.get_by_role("row", name="Berorientasi Pelayanan").get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Perilaku kerja disimpan.")).to_be_visible()
    page.get_by_label("Rating hasil kerja").select_option(rules.ABOVE)
    page.get_by_label("Rating perilaku kerja").select_option(rules.MEETS)
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("main")).to_contain_text("Setelah dikonfirmasi")
    page.get_by_role("button", name="Ya, kirim penilaian").click()
    expect(page.get_by_text("hasil kerja utama di bawah ekspektasi").first).to_be_visible()
    page.get_by_label("Rating hasil kerja").select_option(rules.BELOW)
    page.get_by_label("Rating perilaku kerja").select_option(rules.MEETS)
    page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.locator("main")).to_contain_text("Butuh Perbaikan")  # the confirm page names the predikat
    page.get_by_role("button", name="Ya, kirim penilaian").click()
    expect(page.locator("#predikat")).to_have_text("Butuh Perbaikan")
    shot(page, "rating_form")

    # The employee sees the predikat and files an objection.
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kinerja/saya/")
    expect(page.locator("svg circle >> visible=true")).to_have_count(1)
    shot(page, "mine")
    # On a phone each SKP is a card, its link on screen; the chart drawn for a phone is shown
    # instead of the wide one, its labels at least 10 px high.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("svg circle >> visible=true")).to_have_count(1)
    label_height = page.locator("svg text >> visible=true").first.bounding_box()["height"]
    assert label_height >= 10, label_height
    box = page.get_by_role("link", name="Buka SKP").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="Buka SKP").click()
    expect(page.locator("#predikat")).to_have_text("Butuh Perbaikan")
    page.get_by_label("Alasan keberatan").fill("Realisasi 98 % belum dipertimbangkan sebagai sesuai ekspektasi.")
    page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.locator("#objection-status")).to_have_text("Menunggu keputusan")
    shot(page, "employee_skp")
    # Someone else's SKP by its URL: nothing of it shows.
    other = Evaluation.objects.exclude(employee=employee_record).filter(cycle=journey_cycle).first()
    response = page.goto(f"{live_server.url}/kinerja/penilaian/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_text(other.employee.name)).to_have_count(0)

    # The rater's superior (Kabid) decides with a written reason.
    log_in(page, live_server, "kabid")
    page.goto(f"{live_server.url}/kinerja/keberatan/")
    shot(page, "objections")
    page.get_by_role("link", name="Putuskan").click()
    page.locator("#id_decision").select_option("accept")
    page.get_by_label("Rating hasil kerja baru").select_option(rules.MEETS)
    page.get_by_label("Rating perilaku kerja baru").select_option(rules.MEETS)
    page.get_by_label("Alasan keputusan").fill("Realisasi 98 % memenuhi ekspektasi pimpinan.")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("#objection-status")).to_have_text("Diterima")
    expect(page.locator("#predikat")).to_have_text("Baik")
    shot(page, "objection_decided")

    evaluation.refresh_from_db()
    assert evaluation.predikat == rules.BAIK
    assert Objection.objects.get().status == Objection.Status.ACCEPTED


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_hr_moves_the_cycle_to_calibration_and_sets_the_unit_predikat(page, live_server, journey_cycle):
    for evaluation in Evaluation.objects.filter(cycle=journey_cycle, rater__isnull=False).select_related("rater__user"):
        services.evaluation_rate(
            evaluation=evaluation, actor=evaluation.rater.user, hasil=rules.MEETS, perilaku=rules.MEETS
        )
    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/kinerja/siklus/")
    shot(page, "cycles")
    page.get_by_role("link", name=journey_cycle.name).click()
    expect(page.get_by_text("Pegawai tanpa pejabat penilai")).to_be_visible()
    shot(page, "cycle_detail")
    page.get_by_role("button", name="Mulai kalibrasi").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()
    expect(page.get_by_text("Siklus masuk tahap kalibrasi.")).to_be_visible()
    assert EvaluationCycle.objects.get(pk=journey_cycle.pk).status == EvaluationCycle.Status.CALIBRATION
    page.get_by_role("link", name="Monitoring Pengisian").click()
    expect(page.get_by_role("cell", name="Dinas Contoh")).to_be_visible()
    shot(page, "pengisian")
    page.goto(f"{live_server.url}/kinerja/siklus/{journey_cycle.pk}/monitoring-kurva/")
    shot(page, "kurva")
    page.get_by_role("link", name="Dinas Contoh").click()
    page.get_by_label("Predikat unit").select_option(rules.UNIT_BAIK)
    page.get_by_role("button", name="Tetapkan predikat unit").click()
    expect(page.get_by_text("Baik paling banyak 70%").first).to_be_visible()
    shot(page, "calibration")
    assert UnitCalibration.objects.get().unit_predikat == rules.UNIT_BAIK
