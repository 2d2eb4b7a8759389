"""HR imports a city's worth of employees (15,000 rows): a worker checks the file while the
page shows its progress, and HR downloads the rows that failed to fix them.

Runs a real Celery worker consuming from Redis (tests/conftest.py ``redis_worker``)."""

import datetime as dt
import os
from pathlib import Path

import pytest
import tablib
from playwright.sync_api import expect

from positions import columns
from positions.models import Employee
from semarang_asn.core.models import Job

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROWS = 15_000
BAD_LINES = {2, 7_501, 15_001}  # file lines (line 1 is the header)


SHOTS = os.environ.get("IMPORT_SHOTS")


def _fits_phone(page, name: str) -> None:
    """The page does not scroll sideways at 390 px (tables scroll inside their own box)."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import_{name}_1366.png", full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import_{name}_390.png", full_page=True)
    page.set_viewport_size(size)


def _city_file() -> bytes:
    """15,000 employees with valid NIPs, three of them broken."""
    lines = [",".join(columns.EMPLOYEE_COLUMNS)]
    for i in range(ROWS):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 7300)  # (birth, sequence) is unique
        nip = f"{birth:%Y%m%d}2005{1 + i % 12:02d}{1 + i % 2}{i // 7300 + 1:03d}"
        sex = "L" if nip[14] == "1" else "P"
        line = f"{nip},Pegawai {i},,,Semarang,{birth:%Y-%m-%d},{sex},PNS,S1,aktif,III/a,2020-01-01,,"
        if i + 2 in BAD_LINES:
            line = f"{nip[:10]},Baris Rusak {i},,,,,,,S1,,,,,"
        lines.append(line)
    return "\n".join(lines).encode()


def test_hr_imports_15000_rows_watches_the_progress_and_downloads_the_error_rows(
    page, live_server, login, settings, redis_worker, hr_staff
):
    settings.JOBS_RUN_INLINE = False
    settings.JOBS_QUEUE = redis_worker
    content = _city_file()
    assert len(content.splitlines()) == ROWS + 1
    login("hr")
    page.goto(f"{live_server.url}/impor/")
    expect(page.locator("#import-limits")).to_contain_text("25.000")
    page.set_input_files("input[type=file]", files=[{"name": "kota.csv", "mimeType": "text/csv", "buffer": content}])
    page.get_by_role("button", name="Periksa berkas").click()

    progress = page.locator("progress.job-progress")
    expect(progress).to_be_visible()
    # The page opens before the worker is through 15,000 rows, and reaches 100 % by polling
    # alone (htmx swaps the partial; the page is never reloaded).
    assert int(progress.get_attribute("value")) < 100
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "done", timeout=60_000)
    expect(progress).to_have_attribute("value", "100")
    expect(page.locator("#job-outcome")).to_contain_text("3 baris bergalat dari 15.000")

    with page.expect_download() as caught:
        page.locator("#job-download").click()
    errors = tablib.Dataset().load(Path(caught.value.path()).read_text(encoding="utf-8-sig"), "csv")
    assert sorted(row["nama"] for row in errors.dict) == ["Baris Rusak 0", "Baris Rusak 14999", "Baris Rusak 7499"]
    assert all("NIP" in row["Kesalahan"] for row in errors.dict)

    _fits_phone(page, "job")

    page.get_by_role("link", name="Lanjutkan").click()
    expect(page.locator("#import-blocked")).to_be_visible()
    page.get_by_role("link", name="Hanya galat").click()
    expect(page.locator("#import-report tbody tr")).to_have_count(3)
    _fits_phone(page, "preview")
    assert not Employee.objects.filter(name__startswith="Pegawai ").exists()
    assert Job.objects.get(kind=Job.Kind.IMPORT_CHECK).result["counts"] == {"new": ROWS - 3, "update": 0, "error": 3}
