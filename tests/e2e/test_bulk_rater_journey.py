"""Browser journey: HR names one rater for 50 evaluations in one action, finding the rater by
typing part of the name. Screenshots go to /tmp/shots/bulk_*.png (1280 and 390 px)."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from performance import services
from performance.models import Evaluation
from semarang_asn.core.models import AuditEvent
from tests.e2e.test_performance_journey import log_in
from tests.factories import EmployeeFactory, make_nip
from tests.performance.conftest import ON, make_cycle

SHOTS = Path("/tmp/shots")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_hr_names_a_rater_for_fifty_evaluations_in_one_action(page, live_server, org, kabid, hr_staff):
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    staff = [
        EmployeeFactory(nip=make_nip(dt.date(1990, 1, 1), (2015, 2), seq=500 + i), name=f"Staf Baru {i:02d}")
        for i in range(50)
    ]
    Evaluation.objects.bulk_create([Evaluation(cycle=cycle, employee=e, opd=org["opd"]) for e in staff])

    log_in(page, live_server, "hr")
    page.goto(f"{live_server.url}/kinerja/siklus/{cycle.pk}/penilai/")
    page.get_by_label("NIP atau nama pegawai").fill("Staf Baru")
    page.get_by_label("Penilai", exact=True).select_option("none")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("main")).to_contain_text("50 penilaian sesuai filter")
    page.get_by_label("Pilih semua di halaman ini").check()
    expect(page.locator("input[name=evaluation]:checked")).to_have_count(50)
    page.get_by_label("Cari pejabat penilai: nama atau NIP").fill(kabid.name[:5])
    page.locator(f"[data-picker-value='{kabid.nip}']").click()
    expect(page.get_by_label("NIP pejabat penilai")).to_have_value(kabid.nip)
    page.get_by_label("Alasan", exact=False).and_(page.get_by_role("textbox")).fill(
        "Kepala seksi belum dilantik; kabid menilai sementara."
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "bulk_rater_1280.png"), full_page=True)
    page.get_by_role("button", name="Tetapkan penilai untuk yang dicentang").click()

    expect(page.locator("main")).to_contain_text("Pejabat penilai ditetapkan untuk 50 penilaian")
    expect(page.locator("main")).to_contain_text("0 penilaian sesuai filter")
    assert set(Evaluation.objects.filter(employee__in=staff).values_list("rater", flat=True)) == {kabid.pk}
    assert AuditEvent.objects.filter(action="performance.rater_set").count() == 50
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/kinerja/siklus/{cycle.pk}/penilai/")
    page.screenshot(path=str(SHOTS / "bulk_rater_390.png"), full_page=True)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
