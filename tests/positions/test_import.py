import datetime as dt

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import columns, importing
from positions.models import Assignment, Employee, Position, RankHistory
from semarang_asn.core.models import AuditEvent, Job
from tests.factories import EmployeeFactory, make_nip

pytestmark = pytest.mark.django_db

EMPLOYEE_HEADER = ",".join(columns.EMPLOYEE_COLUMNS)
GOOD_NIP = make_nip(dt.date(1992, 4, 10), (2018, 3), "P", 12)
GOOD_NIP_2 = make_nip(dt.date(1988, 11, 30), (2012, 1), "L", 7)


def _employee_csv(*rows: str) -> bytes:
    return "\n".join([EMPLOYEE_HEADER, *rows]).encode()


def _good_row(nip=GOOD_NIP, name="Siti Rahayu", rank="III/a", position="", tmt_position="") -> str:
    birth = f"{nip[0:4]}-{nip[4:6]}-{nip[6:8]}"
    sex = "P" if nip[14] == "2" else "L"
    return f"{nip},{name},,S.E.,Semarang,{birth},{sex},PNS,S1,aktif,{rank},2018-03-01,{position},{tmt_position}"


def _upload(client, content: bytes, kind="employees", name="data.csv", update=False):
    """Upload, let the check job run, and open its preview (or return the re-rendered form)."""
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if update:
        data["update_existing"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("positions:import"), data)
    if response.status_code != 302:
        return response
    job = Job.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    return client.get(job.next_url) if job.next_url else client.get(response.url)


def _confirm(client, preview):
    """Confirm a preview; the apply job runs. Returns the redirect to the job's page."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("positions:import_confirm", args=[preview.context["job"].pk]))


# --- employees ----------------------------------------------------------------------------


def test_the_preview_lists_new_rows_and_writes_nothing(client_for, hr_staff, org):
    client = client_for(hr_staff)
    response = _upload(client, _employee_csv(_good_row(), _good_row(GOOD_NIP_2, "Agus Salim")))
    assert response.status_code == 200
    report = response.context["report"]
    assert [(r.line, r.status) for r in report.rows] == [(2, "new"), (3, "new")]
    assert not report.has_errors
    assert not Employee.objects.filter(nip__in=[GOOD_NIP, GOOD_NIP_2]).exists()
    assert not AuditEvent.objects.exists()


def test_confirming_imports_employees_with_their_rank_and_position(client_for, hr_staff, org):
    client = client_for(hr_staff)
    preview = _upload(client, _employee_csv(_good_row(position="P-STAF", tmt_position="2023-01-02")))
    response = _confirm(client, preview)
    assert response.status_code == 302
    employee = Employee.objects.get(nip=GOOD_NIP)
    assert (employee.name, employee.back_title, employee.sex, employee.birth_date) == (
        "Siti Rahayu",
        "S.E.",
        "P",
        dt.date(1992, 4, 10),
    )
    assert employee.rank_history.get().rank.code == "III/a"
    assert employee.assignments.get().position == org["staff"]
    assert AuditEvent.objects.filter(action="assignment.create", actor=hr_staff).exists()


def test_a_file_with_one_bad_row_imports_nothing_and_reports_the_row(client_for, hr_staff, org):
    client = client_for(hr_staff)
    bad = _good_row(nip="19921310201803212", name="Salah NIP")
    preview = _upload(client, _employee_csv(_good_row(), bad, _good_row(GOOD_NIP_2, "Agus Salim")))
    report = preview.context["report"]
    assert [r.status for r in report.rows] == ["new", "error", "new"]
    assert report.rows[1].line == 3
    assert "NIP" in " ".join(report.rows[1].errors)
    body = preview.content.decode()
    assert "Salah NIP" in body
    assert 'id="import-blocked"' in body
    assert reverse("positions:import_confirm", args=[preview.context["job"].pk]) not in body
    assert not Employee.objects.filter(nip__in=[GOOD_NIP, GOOD_NIP_2]).exists()


def test_confirming_a_file_that_turned_bad_imports_nothing(client_for, hr_staff, org):
    """Between preview and confirm someone registered one of the NIPs: the whole import rolls back."""
    client = client_for(hr_staff)
    preview = _upload(client, _employee_csv(_good_row(), _good_row(GOOD_NIP_2, "Agus Salim")))
    assert not preview.context["report"].has_errors
    Employee.objects.create(nip=GOOD_NIP_2, name="Sudah Ada", birth_date=dt.date(1988, 11, 30), sex="L", education="S1")
    response = _confirm(client, preview)
    job = Job.objects.get(kind=Job.Kind.IMPORT_APPLY)
    assert response.url == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.FAILED
    assert "Tidak ada data yang disimpan" in client.get(response.url).content.decode()
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (_good_row(rank="III/z"), "Golongan tidak dikenal"),
        (_good_row(position="NOPE", tmt_position="2023-01-01"), "Kode jabatan tidak dikenal"),
        (_good_row(position="P-STAF"), "TMT jabatan wajib"),
        (_good_row().replace(",S1,", ",S9,"), "Pendidikan tidak dikenal"),
        (_good_row().replace("1992-04-10", "1992-04-11"), "tidak sesuai NIP"),
        (_good_row().replace(",P,PNS", ",L,PNS"), "Jenis kelamin tidak sesuai"),
        ("12345,Pendek,,,,,,,S1,,,,,", "18 digit"),
        (_good_row().replace("1992-04-10", "10 April 1992"), "tidak dikenali"),
    ],
)
def test_each_bad_row_is_reported_with_its_reason(hr_staff, org, row, reason):
    dataset = importing.read_dataset(_employee_csv(row), "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert report.rows[0].status == "error"
    assert reason in " ".join(report.rows[0].errors)
    assert not report.applied
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


def test_a_nip_twice_in_the_file_is_an_error(hr_staff, org):
    dataset = importing.read_dataset(_employee_csv(_good_row(), _good_row(name="Kembar")), "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert [r.status for r in report.rows] == ["new", "error"]
    assert "baris 2" in report.rows[1].errors[0]
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


def test_a_registered_nip_is_an_error_unless_updates_are_allowed(hr_staff, org, employee_record):
    row = _good_row(nip=employee_record.nip, name="Nama Diperbarui", rank="III/b").replace("2018-03-01", "2022-04-01")
    dataset = importing.read_dataset(_employee_csv(row), "csv")
    refused = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert "sudah terdaftar" in refused.rows[0].errors[0]
    employee_record.refresh_from_db()
    assert employee_record.name != "Nama Diperbarui"

    updated = importing.import_employees(dataset, actor=hr_staff, allow_update=True, commit=True)
    assert updated.applied and updated.rows[0].status == "update", updated.rows[0].errors
    employee_record.refresh_from_db()
    assert employee_record.name == "Nama Diperbarui"
    assert RankHistory.objects.filter(employee=employee_record, rank__code="III/b").exists()


def test_a_missing_required_column_rejects_the_file(hr_staff, db):
    dataset = importing.read_dataset(b"nama,golongan\nSiti,III/a\n", "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert report.has_errors and "NIP" in report.file_errors[0]


def test_xlsx_files_import_like_csv(client_for, hr_staff, org):
    data = tablib.Dataset(headers=columns.EMPLOYEE_COLUMNS)
    data.append(_good_row().split(","))
    client = client_for(hr_staff)
    preview = _upload(client, data.export("xlsx"), name="pegawai.xlsx")
    assert [r.status for r in preview.context["report"].rows] == ["new"]
    assert _confirm(client, preview).status_code == 302
    assert Employee.objects.filter(nip=GOOD_NIP).exists()


def test_an_unreadable_file_re_renders_the_form(client_for, hr_staff, db):
    response = _upload(client_for(hr_staff), b"not a zip", name="rusak.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Job.objects.exists()


def test_another_extension_is_refused(client_for, hr_staff, db):
    response = _upload(client_for(hr_staff), b"x", name="data.pdf")
    assert response.context["form"].errors["file"]


def test_confirming_someone_elses_check_imports_nothing(client_for, hr_staff, org):
    from tests.factories import UserFactory

    preview = _upload(client_for(hr_staff), _employee_csv(_good_row()))
    other_hr = UserFactory(username="hr-lain")
    other_hr.groups.set(hr_staff.groups.all())
    job = preview.context["job"]
    assert client_for(other_hr).post(reverse("positions:import_confirm", args=[job.pk])).status_code == 404
    assert client_for(other_hr).get(reverse("positions:import_preview", args=[job.pk])).status_code == 404
    assert client_for(other_hr).get(reverse("core:job", args=[job.pk])).status_code == 404
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


def test_import_pages_are_hr_only(client_for, employee, anonymous):
    client = client_for(employee)
    assert _upload(client, _employee_csv(_good_row())).status_code == 403
    assert client.post(reverse("positions:import_confirm", args=[1])).status_code == 403
    assert anonymous.get(reverse("positions:import")).status_code == 302
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


def test_templates_hold_the_import_header_and_an_example_row_the_import_skips(client_for, hr_staff, org):
    client = client_for(hr_staff)
    body = client.get(reverse("positions:import_template", args=["employees"])).content.decode("utf-8-sig")
    header, example = body.strip().splitlines()
    assert header == "NIP,Nama,Gelar depan,Gelar belakang,Tempat lahir,Tanggal lahir,Jenis kelamin," + (
        "Jenis kepegawaian,Pendidikan,Status,Golongan,TMT golongan,Kode jabatan,TMT jabatan"
    )
    assert example.startswith("#199001152015031002,Contoh Nama Pegawai,")
    report = importing.import_employees(
        importing.read_dataset(body.encode(), "csv"), actor=hr_staff, allow_update=False, commit=False
    )
    assert report.rows == [] and not report.has_errors
    body = client.get(reverse("positions:import_template", args=["positions"])).content.decode("utf-8-sig")
    assert body.strip().splitlines()[0] == "Kode,Nama jabatan,Kode unit,Jenis,Jenjang,Kelas jabatan,Formasi,Kode atasan"
    assert client.get(reverse("positions:import_template", args=["lain"])).status_code == 404


def test_the_xlsx_template_carries_sheets_of_allowed_codes(client_for, hr_staff, org):
    import io

    from openpyxl import load_workbook

    response = client_for(hr_staff).get(reverse("positions:import_template_xlsx", args=["employees"]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Pegawai", "Kode", "Kode jabatan"]
    codes = list(book["Kode"].iter_rows(values_only=True))
    assert ("Golongan", "III/a", "Penata Muda") in codes
    assert ("Pendidikan", "S1", "S1") in codes
    assert ("P-STAF", org["staff"].title, org["staff"].org_unit.name) in list(
        book["Kode jabatan"].iter_rows(values_only=True)
    )
    row = list(book["Pegawai"].iter_rows(values_only=True))[1]
    assert row[5] == dt.datetime(1990, 1, 15)  # a date cell, not text


# --- positions ----------------------------------------------------------------------------

POSITION_HEADER = ",".join(columns.POSITION_COLUMNS)


def _positions_csv(*rows: str) -> bytes:
    return "\n".join([POSITION_HEADER, *rows]).encode()


def test_positions_import_with_a_superior_named_later_in_the_file(client_for, hr_staff, org):
    client = client_for(hr_staff)
    content = _positions_csv(
        "P-ANL,Analis Kepegawaian Ahli Pertama,DIN01.1,JF,Ahli Pertama,8,2,P-KASI2",
        "P-KASI2,Kepala Seksi Dua,DIN01.1,JA,pengawas,9,1,P-KABID",
    )
    preview = _upload(client, content, kind="positions")
    assert [r.status for r in preview.context["report"].rows] == ["new", "new"]
    assert not Position.objects.filter(code="P-ANL").exists()
    assert _confirm(client, preview).status_code == 302
    analyst = Position.objects.get(code="P-ANL")
    assert (analyst.level, analyst.formasi, analyst.reports_to.code) == ("ahli_pertama", 2, "P-KASI2")
    assert Position.objects.get(code="P-KASI2").reports_to == org["kabid"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("P-X,Jabatan X,NOUNIT,JA,pelaksana,7,1,", "Kode unit tidak dikenal"),
        ("P-X,Jabatan X,DIN01.1,JA,pelaksana,7,1,P-NOPE", "Kode atasan tidak dikenal"),
        ("P-X,Jabatan X,DIN01.1,JA,ahli_muda,7,1,", "bukan jenjang"),
        ("P-X,Jabatan X,DIN01.1,JX,pelaksana,7,1,", "Jenis jabatan tidak dikenal"),
        ("P-X,Jabatan X,DIN01.1,JA,pelaksana,tujuh,1,", "Kelas jabatan harus bilangan bulat"),
        ("P-X,Jabatan X,DIN01.1,JA,pelaksana,18,1,", "17"),
        ("P-STAF,Pengolah Data,DIN01.1,JA,pelaksana,7,3,", "sudah terdaftar"),
    ],
)
def test_each_bad_position_row_is_reported_and_nothing_is_imported(hr_staff, org, row, reason):
    good = "P-OK,Jabatan Baik,DIN01.1,JA,pelaksana,7,1,P-KASI"
    dataset = importing.read_dataset(_positions_csv(good, row), "csv")
    report = importing.import_positions(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert report.rows[1].status == "error"
    assert reason in " ".join(report.rows[1].errors)
    assert not report.applied
    assert not Position.objects.filter(code__in=["P-OK", "P-X"]).exists()


def test_a_position_code_twice_in_the_file_is_an_error(hr_staff, org):
    row = "P-X,Jabatan X,DIN01.1,JA,pelaksana,7,1,"
    report = importing.import_positions(
        importing.read_dataset(_positions_csv(row, row), "csv"), actor=hr_staff, allow_update=False, commit=True
    )
    assert [r.status for r in report.rows] == ["new", "error"]
    assert not Position.objects.filter(code="P-X").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_position_export_reimports_as_updates(client_for, hr_staff, org, fmt):
    response = client_for(hr_staff).get(reverse("positions:position_export", args=[fmt]))
    content = response.content
    dataset = importing.read_dataset(content, fmt)
    assert dataset.headers == columns.POSITION_HEADERS  # readable, and the import reads them
    by_code = {row["Kode"]: row for row in dataset.dict}
    assert by_code["P-STAF"]["Kode atasan"] == "P-KASI"
    report = importing.import_positions(dataset, actor=hr_staff, allow_update=True, commit=True)
    assert report.applied
    assert {r.status for r in report.rows} == {"update"}
    assert Position.objects.get(code="P-STAF").reports_to == org["kasi"]


def test_an_assignment_import_ends_the_previous_definitive_position(hr_staff, org, employee_record):
    target = Position.objects.create(
        code="P-BARU", title="Jabatan Baru", org_unit=org["bidang"], type="JA", level="pelaksana", kelas_jabatan=7
    )
    row = _good_row(nip=employee_record.nip, name=employee_record.name, position="P-BARU", tmt_position="2024-03-01")
    row = row.replace(",III/a,2018-03-01,", ",,,")
    report = importing.import_employees(
        importing.read_dataset(_employee_csv(row), "csv"), actor=hr_staff, allow_update=True, commit=True
    )
    assert report.applied, report.rows[0].errors
    assert Assignment.objects.get(employee=employee_record, position=org["staff"]).end_date == dt.date(2024, 2, 29)
    assert Assignment.objects.get(employee=employee_record, position=target).end_date is None


def test_each_upload_is_its_own_job_listed_under_my_jobs(client_for, hr_staff, org):
    client = client_for(hr_staff)
    _upload(client, _employee_csv(_good_row()))
    _upload(client, _employee_csv(_good_row(GOOD_NIP_2, "Agus Salim")))
    jobs = Job.objects.filter(owner=hr_staff, kind=Job.Kind.IMPORT_CHECK)
    assert [job.status for job in jobs] == [Job.Status.DONE, Job.Status.DONE]
    body = client.get(reverse("core:jobs")).content.decode()
    assert body.count("Pemeriksaan impor pegawai") == 2
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_never_carry_a_formula(client_for, hr_staff, employee_record, fmt):
    employee_record.name = '=HYPERLINK("http://x")'
    employee_record.save()
    response = client_for(hr_staff).get(reverse("positions:employee_export", args=[fmt]), {"q": employee_record.nip})
    dataset = importing.read_dataset(response.content, fmt)
    assert dataset.dict[0]["Nama"] == '\'=HYPERLINK("http://x")'


# --- set-based employee import ------------------------------------------------------------


def _many_rows(count: int, position="", tmt_position="") -> bytes:
    rows = [
        _good_row(
            nip=make_nip(dt.date(1980, 1, 1) + dt.timedelta(days=i), (2010, 1), "L", 1),
            name=f"Pegawai {i}",
            position=position,
            tmt_position=tmt_position,
        )
        for i in range(count)
    ]
    return _employee_csv(*rows)


def test_the_employee_import_reads_the_database_a_fixed_number_of_times(
    hr_staff, org, django_assert_num_queries, django_assert_max_num_queries
):
    small = importing.read_dataset(_many_rows(3), "csv")
    large = importing.read_dataset(_many_rows(60), "csv")
    with django_assert_max_num_queries(12) as small_queries:
        importing.import_employees(small, actor=hr_staff, allow_update=False, commit=False)
    with django_assert_num_queries(len(small_queries.captured_queries)):
        report = importing.import_employees(large, actor=hr_staff, allow_update=False, commit=False)
    assert report.counts == {"new": 60, "update": 0, "error": 0}


def test_a_confirmed_employee_import_writes_in_bulk_and_audits_every_change(hr_staff, org, django_assert_num_queries):
    org["staff"].formasi = 40
    org["staff"].save()
    small = importing.read_dataset(_many_rows(2, position="P-STAF", tmt_position="2024-01-02"), "csv")
    with CaptureQueriesContext(connection) as small_queries:
        assert importing.import_employees(small, actor=hr_staff, allow_update=False, commit=True).applied
    rows = _many_rows(30, position="P-STAF", tmt_position="2024-01-02").replace(b"Pegawai", b"Orang")
    large = importing.read_dataset(rows.replace(b"1980", b"1979"), "csv")
    with django_assert_num_queries(len(small_queries.captured_queries)):
        assert importing.import_employees(large, actor=hr_staff, allow_update=False, commit=True).applied
    assert Assignment.objects.filter(position=org["staff"], employee__name__startswith="Orang").count() == 30
    assert AuditEvent.objects.filter(action="assignment.create", actor=hr_staff).count() == 32
    assert AuditEvent.objects.filter(action="rank.add", actor=hr_staff).count() == 32


def test_rows_of_one_file_compete_for_the_same_seats(hr_staff, org):
    """P-STAF has 3 seats and the fixture's employee holds none: the file's fourth claimant is refused."""
    dataset = importing.read_dataset(_many_rows(4, position="P-STAF", tmt_position="2024-01-02"), "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert [r.status for r in report.rows] == ["new", "new", "new", "error"]
    assert "(P-STAF) sudah penuh (3 dari 3" in report.rows[3].errors[0]
    assert not Employee.objects.filter(name__startswith="Pegawai").exists()


def test_a_row_reports_all_its_problems_with_readable_field_names(hr_staff, org, employee_record):
    row = _good_row(nip=employee_record.nip, name="X", rank="II/a").replace("1992-04-10", "1990-01-01")
    row = row.replace(",P,PNS", ",L,PNS").replace("2018-03-01", "2022-01-01")
    report = importing.import_employees(
        importing.read_dataset(_employee_csv(row), "csv"), actor=hr_staff, allow_update=True, commit=True
    )
    errors = report.rows[0].errors
    assert any(e.startswith("Golongan II/a: Pangkat baru harus lebih tinggi dari III/a") for e in errors), errors
    assert not any(e.startswith(("rank:", "birth_date:", "tmt:")) for e in errors), errors


def test_an_import_moving_an_employee_audits_the_end_of_the_old_post(hr_staff, org, employee_record):
    target = Position.objects.create(
        code="P-BARU", title="Jabatan Baru", org_unit=org["bidang"], type="JA", level="pelaksana", kelas_jabatan=7
    )
    row = _good_row(nip=employee_record.nip, name=employee_record.name, position=target.code, tmt_position="2024-03-01")
    row = row.replace(",III/a,2018-03-01,", ",,,")
    report = importing.import_employees(
        importing.read_dataset(_employee_csv(row), "csv"), actor=hr_staff, allow_update=True, commit=True
    )
    assert report.applied
    ended = AuditEvent.objects.get(action="assignment.end")
    assert (ended.before, ended.after) == ({"end_date": None}, {"end_date": "2024-02-29"})


def test_a_long_preview_is_paged_and_can_show_only_the_rows_to_fix(client_for, hr_staff, org):
    client = client_for(hr_staff)
    content = _many_rows(230) + b"\n12345,Baris Rusak,,,,,,,S1,,,,,"
    response = _upload(client, content)
    assert response.context["report"].counts["error"] == 1
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (231, 100)
    job = response.context["job"]
    only_errors = client.get(reverse("positions:import_preview", args=[job.pk]), {"galat": "1"})
    assert [row.label for row in only_errors.context["page"]] == ["Baris Rusak"]
    assert "18 digit" in only_errors.content.decode()
    third = client.get(reverse("positions:import_preview", args=[job.pk]), {"page": 3})
    assert [row.line for row in third.context["page"]][-1] == 232


def test_the_error_rows_download_holds_the_failed_rows_with_their_errors_and_re_uploads(client_for, hr_staff, org):
    client = client_for(hr_staff)
    bad = _good_row(nip="19921310201803212", name="Salah NIP")
    preview = _upload(client, _employee_csv(_good_row(), bad))
    response = client.get(reverse("core:job_download", args=[preview.context["job"].pk]))
    assert response.status_code == 200
    dataset = importing.read_dataset(b"".join(response.streaming_content), "csv")
    assert dataset.headers[-1] == "Kesalahan"
    assert [row["Nama"] if "Nama" in row else row["nama"] for row in dataset.dict] == ["Salah NIP"]
    assert "NIP" in dataset.dict[0]["Kesalahan"]
    fixed = dataset.export("csv").replace("19921310201803212", GOOD_NIP_2).replace("1992-13-10", "1988-11-30")
    fixed = fixed.replace(",P,PNS", ",L,PNS")
    again = _upload(client, fixed.encode())
    assert [r.status for r in again.context["report"].rows] == ["new"], again.context["report"].rows


def test_a_file_over_the_row_limit_fails_its_job_with_a_clear_message(client_for, hr_staff, org, settings):
    settings.IMPORT_MAX_ROWS = 5
    client = client_for(hr_staff)
    response = _upload(client, _many_rows(6))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "paling banyak 5 baris" in job.message
    assert "paling banyak 5 baris" in response.content.decode()


def test_position_row_errors_name_the_field_in_indonesian(hr_staff, org):
    dataset = importing.read_dataset(_positions_csv("P-X,Jabatan X,DIN01.1,JA,ahli_muda,7,1,"), "csv")
    report = importing.import_positions(dataset, actor=hr_staff, allow_update=False, commit=False)
    assert report.rows[0].errors == ["Jenjang: Jenjang Ahli Muda bukan jenjang JA."]


def _position_rows(count: int) -> bytes:
    # Every other row reports to the row after it: superiors named later in the file.
    rows = [
        f"P-N{i},Analis {i},DIN01.1,JF,Ahli Pertama,8,2,{f'P-N{i + 1}' if i % 2 == 0 else 'P-KABID'}"
        for i in range(count)
    ]
    return _positions_csv(*rows)


def test_the_position_import_uses_the_same_number_of_queries_at_two_sizes(hr_staff, org, django_assert_num_queries):
    small = importing.read_dataset(_position_rows(4), "csv")
    with CaptureQueriesContext(connection) as small_queries:
        assert importing.import_positions(small, actor=hr_staff, allow_update=False, commit=True).applied
    large = importing.read_dataset(_position_rows(30).replace(b"P-N", b"P-M"), "csv")  # one insert batch
    with django_assert_num_queries(len(small_queries.captured_queries)):
        assert importing.import_positions(large, actor=hr_staff, allow_update=False, commit=True).applied
    assert Position.objects.get(code="P-M0").reports_to.code == "P-M1"
    assert Position.objects.get(code="P-M1").reports_to == org["kabid"]
    assert Position.objects.get(code="P-M7").standard.count() == 9


def test_a_position_may_not_report_to_itself(hr_staff, org):
    dataset = importing.read_dataset(_positions_csv("P-X,Jabatan X,DIN01.1,JA,pelaksana,7,1,P-X"), "csv")
    report = importing.import_positions(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert "atasan dirinya sendiri" in report.rows[0].errors[0]
    assert not Position.objects.filter(code="P-X").exists()


def test_an_employee_cannot_be_imported_onto_an_inactive_position(hr_staff, org):
    org["staff"].is_active = False
    org["staff"].save()
    dataset = importing.read_dataset(_employee_csv(_good_row(position="P-STAF", tmt_position="2024-01-02")), "csv")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=False, commit=True)
    assert report.rows[0].errors == ["Jabatan P-STAF tidak aktif."]
    assert not Employee.objects.filter(nip=GOOD_NIP).exists()


def test_the_directory_export_is_for_people_and_still_imports_back(client_for, hr_staff, org, employee_record):
    from io import BytesIO

    from django.conf import settings
    from django.utils import translation
    from openpyxl import load_workbook

    client = client_for(hr_staff)
    response = client.get(reverse("positions:employee_export", args=["xlsx"]), {"q": employee_record.nip})
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Pegawai"]
    header, row = list(book["Pegawai"].iter_rows(values_only=True))
    record = dict(zip(header, row, strict=True))
    position = employee_record.assignments.get().position
    assert record["Golongan"] == "III/a" and record["Pangkat"] == "Penata Muda"
    assert record["Kode jabatan"] == position.code and record["Nama jabatan"] == position.title
    assert record["Unit"] == position.org_unit.name and record["OPD"] == org["opd"].name
    assert isinstance(record["Tanggal lahir"], dt.datetime)  # a date cell, not text
    dataset = importing.read_dataset(response.content, "xlsx")
    report = importing.import_employees(dataset, actor=hr_staff, allow_update=True, commit=False)
    assert [r.status for r in report.rows] == ["update"], report.rows[0].errors

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    with translation.override(settings.LANGUAGE_CODE):  # the request's language ends with it
        english = client.get(reverse("positions:employee_export", args=["csv"]), {"q": employee_record.nip})
    english_rows = importing.read_dataset(english.content, "csv")
    assert english_rows.headers[:2] == ["NIP", "Name"] and "Position name" in english_rows.headers
    report = importing.import_employees(english_rows, actor=hr_staff, allow_update=True, commit=False)
    assert [r.status for r in report.rows] == ["update"], report.rows[0].errors


def test_the_employee_check_reads_only_the_holders_that_can_overlap_the_files_dates(hr_staff, org):
    """A seat's old holders (ended before the earliest TMT jabatan in the file) cannot take a
    seat the file fills, so they are not read; current ones still count against formasi."""
    from positions.importing.employees import _EmployeePlan
    from positions.importing.reading import data_rows, header_errors

    for i in range(5):
        Assignment.objects.create(
            employee=EmployeeFactory(),
            position=org["staff"],
            start_date=dt.date(2010 + i, 1, 1),
            end_date=dt.date(2011 + i, 1, 1),
        )
    current = Assignment.objects.create(
        employee=EmployeeFactory(), position=org["staff"], start_date=dt.date(2020, 1, 1)
    )
    dataset = importing.read_dataset(_many_rows(3, position="P-STAF", tmt_position="2024-01-02"), "csv")
    headers, _errors = header_errors(dataset, columns.EMPLOYEE_REQUIRED)
    plan = _EmployeePlan(list(data_rows(dataset, headers)), allow_update=False, lock=False, progress=lambda *a: None)
    assert {seat.pk for seat in plan.holders_of[org["staff"].pk] if seat.pk} == {current.pk}
    # P-STAF has 3 seats: the current holder and two of the file's rows fill them.
    assert [r.status for r in plan.results] == ["new", "new", "error"]
