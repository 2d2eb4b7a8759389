"""Browser journey: HR closes the annual cycle (the evaluations become final), a real Celery
worker recomputes eligibility, the employee's "Kelayakan saya" changes, and HR sees them in
the promotion-window list. The new pages pass axe-core (no serious or critical violation)
and do not scroll sideways at 390 px. Screenshots go to /tmp/shots/eligibility_*.png."""

import datetime as dt
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from performance import rules as perf
from performance.eligibility import rules, scheduling, services
from performance.models import EligibilityResult
from positions.models import RankHistory
from tests.factories import annual_cycle, kp_reguler_years

SHOTS = Path("/tmp/shots")


def log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("sandi-rahasia-123")
    page.locator("main").get_by_role("button", name="Masuk").click()
    expect(page.locator("main h1")).to_contain_text("Selamat datang")


def check_page(page, name: str) -> None:
    """Screenshots at 1366 and 390 px, no sideways scroll at 390 px, axe-core clean."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"eligibility_{name}.png"), full_page=True)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"eligibility_{name}_390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})


def _status(employee):
    return (
        EligibilityResult.objects.filter(snapshot__is_current=True, employee=employee, rule=rules.KP_REGULER)
        .values_list("status", flat=True)
        .first()
    )


@pytest.mark.e2e
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_hr_closes_the_cycle_and_the_employee_becomes_eligible_after_the_worker_runs(
    page, live_server, redis_worker, monkeypatch, head, kabid, supervisor_employee, employee_record, hr_staff
):
    monkeypatch.setattr(scheduling, "QUEUE", redis_worker)
    monkeypatch.setattr(scheduling, "COUNTDOWN", 0)
    earlier, last = kp_reguler_years()
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2010, 4, 1))
    people = {head: perf.BAIK, kabid: perf.BAIK, supervisor_employee: perf.BAIK, employee_record: perf.BAIK}
    annual_cycle(earlier, people, status="closed")
    cycle = annual_cycle(last, people, status="calibration")
    services.eligibility_recompute_all()
    assert _status(employee_record) == rules.UNKNOWN

    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kinerja/kelayakan/saya/")
    expect(page.get_by_text(f"Predikat tahun {last} belum tercatat").first).to_be_visible()
    check_page(page, "mine_before")

    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/kinerja/siklus/{cycle.pk}/")
    page.get_by_role("button", name="Tutup siklus").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirm page says what freezes
    expect(page.locator(".alert-success")).to_be_visible()

    deadline = time.monotonic() + 30
    while _status(employee_record) != rules.MET and time.monotonic() < deadline:
        time.sleep(0.25)
    assert _status(employee_record) == rules.MET

    page.goto(f"{live_server.url}/kinerja/kelayakan/")
    expect(page.get_by_role("link", name=employee_record.full_name)).to_be_visible()
    check_page(page, "promotion_list")
    page.goto(f"{live_server.url}/kinerja/talenta/")
    check_page(page, "nine_box")
    page.goto(f"{live_server.url}/kinerja/suksesi/")
    check_page(page, "succession")
    page.goto(f"{live_server.url}/kinerja/suksesi/{kabid.assignments.get().position.reports_to_id}/")
    check_page(page, "succession_position")
    page.goto(f"{live_server.url}/dasbor-merit/")
    check_page(page, "merit")

    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kinerja/kelayakan/saya/")
    section = page.locator("section", has=page.get_by_role("heading", name="Kenaikan pangkat reguler"))
    expect(section.get_by_text("Memenuhi").first).to_be_visible()
    expect(section.get_by_text("Periode")).to_be_visible()
    check_page(page, "mine_after")
