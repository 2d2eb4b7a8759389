"""HR adds a position to an OPD through the form and sees its vacant seats in the OPD table.

Set POSITIONS_SHOTS=/some/dir to also save screenshots of the main positions pages.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from positions import services
from positions.models import Competency, Position
from tests.factories import EmployeeFactory, make_nip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("POSITIONS_SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/positions_{name}.png", full_page=True)


def test_hr_adds_a_position_and_sees_its_vacant_seat(page, live_server, login, org, hr_staff, employee_record):
    login("hr")
    page.get_by_role("button", name="Kepegawaian").or_(page.get_by_role("link", name="Kepegawaian")).click()
    page.get_by_role("link", name="OPD & Formasi").click()
    _shot(page, "opd_list")
    page.get_by_role("link", name="Dinas Contoh").click()
    expect(page.locator("#opd-vacant")).to_have_text("2")

    page.get_by_role("link", name="Tambah jabatan").click()
    page.wait_for_load_state("load")  # forms.js filters the levels once loaded
    page.get_by_label("Kode").fill("P-ANALIS")
    page.get_by_label("Nama jabatan").fill("Analis Kebijakan Ahli Muda")
    page.get_by_label("Jenis jabatan").select_option("JF")
    hidden = "o => o.hidden"
    assert page.eval_on_selector("select[name=level] option[value=pengawas]", hidden)  # a JA level
    assert not page.eval_on_selector("select[name=level] option[value=ahli_muda]", hidden)
    page.get_by_label("Jenjang").select_option("ahli_muda")
    page.get_by_label("Kelas jabatan").fill("9")
    page.get_by_label("Formasi (kebutuhan)").fill("1")
    page.get_by_label("Atasan langsung (jabatan)").select_option(label="P-KEP · Kepala Dinas Contoh")
    _shot(page, "position_form")
    page.get_by_role("button", name="Simpan").click()

    row = page.locator("#position-table tr", has_text="Analis Kebijakan Ahli Muda")
    expect(row).to_be_visible()
    expect(row.locator(".badge-vacant")).to_have_text("1")
    expect(page.locator("#opd-vacant")).to_have_text("3")
    assert Position.objects.get(code="P-ANALIS").org_unit == org["opd"]
    _shot(page, "opd_detail")


def test_hr_reviews_records_and_is_told_what_is_wrong_in_a_form_and_an_import(
    page, live_server, login, org, hr_staff, employee_record, employee
):
    services.position_set_standard(
        position=org["staff"], levels={c.pk: 1 for c in Competency.objects.exclude(kind="technical")}
    )
    services.competency_assessment_record(
        employee=employee_record, method="ac", assessed_on=dt.date(2024, 5, 1), levels={"M.01": 1, "M.02": 2}
    )
    services.assignment_create(
        employee=EmployeeFactory(nip=make_nip(seq=990), name="Rina Plt"),
        position=org["kabid"],
        start_date=dt.date(2024, 1, 1),
        kind="plt",
    )
    login("hr")
    page.goto(f"{live_server.url}/jabatan/{org['staff'].pk}/")
    expect(page.locator("main")).to_contain_text(employee_record.name)
    _shot(page, "position_detail")
    page.goto(f"{live_server.url}/pegawai/")
    _shot(page, "employee_list")
    page.goto(f"{live_server.url}/pegawai/{employee_record.pk}/")
    expect(page.locator("main")).to_contain_text("JPM")
    _shot(page, "employee_detail_hr")
    page.goto(f"{live_server.url}/pegawai/baru/")
    page.get_by_label("NIP").fill("19900315 201501 1 003")
    page.get_by_label("Nama").first.fill("Budi")
    page.get_by_label("Tanggal lahir").fill("1990-03-16")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Tanggal lahir tidak sesuai NIP")
    _shot(page, "employee_form_errors")
    page.goto(f"{live_server.url}/impor/")
    _shot(page, "import")
    header = "nip,nama,tanggal_lahir,jenis_kelamin,pendidikan,golongan,tmt_golongan"
    rows = ["199204102018032012,Siti Rahayu,1992-04-10,P,S1,III/a,2018-03-01", "123,Salah,,,S1,III/z,"]
    csv = "\n".join([header, *rows]).encode()
    page.set_input_files("input[type=file]", files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": csv}])
    page.get_by_role("button", name="Periksa berkas").click()
    page.get_by_role("link", name="Lanjutkan").click()
    expect(page.locator("main")).to_contain_text("III/z")
    _shot(page, "import_preview")
    page.goto(f"{live_server.url}/jabatan/{org['staff'].pk}/standar/")
    _shot(page, "standard_form")
