"""The competency results import (pemetaan kompetensi): a checked job, a paged preview, an
all-or-nothing apply job, the error rows to download, and one eligibility announcement."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from positions import importing
from positions.models import AssessedCompetency, CompetencyAssessment
from semarang_asn.core import events, roles
from semarang_asn.core.models import AuditEvent, Job
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]
HEADER = ["nip", "tanggal", "metode", "potensi", "lembaga", *CODES]


def _csv(rows, header=HEADER) -> bytes:
    return "\n".join(",".join(map(str, r)) for r in [header, *rows]).encode()


def _upload(client, content: bytes, name="pemetaan.csv"):
    """Upload, let the check job run, and open where it leads (the preview, or the job's page)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("positions:competency_import"), {"file": SimpleUploadedFile(name, content)})
    if response.status_code != 302:
        return response
    job = Job.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    return client.get(job.next_url) if job.next_url else client.get(response.url)


def _confirm(client, preview):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("positions:import_confirm", args=[preview.context["job"].pk]))


@pytest.fixture
def announcements():
    """Every ``events.employees_changed`` call made while the test runs."""
    calls = []

    def record(*, employee_ids, reason):
        calls.append((employee_ids, reason))

    events.subscribe(record)
    yield calls
    events._subscribers.remove(record)


def test_a_good_file_is_checked_previewed_and_applied_through_jobs(
    client_for, hr_staff, employee_record, other_employee_record, announcements
):
    client = client_for(hr_staff)
    content = _csv(
        [
            [employee_record.nip, "2025-06-01", "AC", "menengah", "UPT", *[3] * 9],
            [other_employee_record.nip, "01-06-2025", "sjt", "", "", 2, 2, "", "", "", "", "", "", 1],
        ]
    )
    preview = _upload(client, content)
    assert preview.status_code == 200
    report = preview.context["report"]
    assert [(r.line, r.key, r.status) for r in report.rows] == [
        (2, employee_record.nip, "new"),
        (3, other_employee_record.nip, "new"),
    ]
    assert report.rows[0].label == employee_record.full_name
    assert not CompetencyAssessment.objects.exists()  # the check writes nothing
    assert reverse("positions:competency_import") in preview.content.decode()  # "upload another" goes back here

    response = _confirm(client, preview)
    job = Job.objects.get(kind=Job.Kind.IMPORT_APPLY)
    assert response.url == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.DONE, job.message
    assert job.next_url == reverse("positions:competency_import")
    sessions = CompetencyAssessment.objects.order_by("employee__nip")
    assert sessions.count() == 2
    assert AssessedCompetency.objects.count() == 9 + 3
    assert {s.recorded_by for s in sessions} == {hr_staff}
    by_employee = {s.employee_id: s for s in sessions}
    assert by_employee[employee_record.pk].method == "ac" and by_employee[employee_record.pk].potential == "menengah"
    assert by_employee[other_employee_record.pk].assessed_on == dt.date(2025, 6, 1)
    audits = AuditEvent.objects.filter(action="competency_assessment.record", actor=hr_staff)
    assert audits.count() == 2
    assert {tuple(sorted(a.after["levels"].items())) for a in audits} >= {(("M.01", 2), ("M.02", 2), ("SK.01", 1))}
    assert announcements == [(sorted([employee_record.pk, other_employee_record.pk]), "competency")]


def test_a_file_with_one_bad_row_applies_nothing_and_offers_the_error_rows(client_for, hr_staff, employee_record):
    client = client_for(hr_staff)
    good = [employee_record.nip, "2025-06-01", "AC", "menengah", "", *[3] * 9]
    rows = [
        good,
        ["199999999999999999", "2025-06-01", "AC", "", "", *[3] * 9],
        [employee_record.nip, "kemarin", "XYZ", "super", "", 6, *[""] * 8],
        [employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9],
    ]
    preview = _upload(client, _csv(rows))
    report = preview.context["report"]
    assert [r.status for r in report.rows] == ["new", "error", "error", "error"]
    assert "tidak terdaftar" in report.rows[1].errors[0]
    errors = " ".join(report.rows[2].errors)
    assert "Tanggal" in errors and "Metode" in errors and "Potensi" in errors and "M.01" in errors
    assert "ganda" in report.rows[3].errors[0] and "baris 2" in report.rows[3].errors[0]
    body = preview.content.decode()
    assert reverse("positions:import_confirm", args=[preview.context["job"].pk]) not in body
    assert reverse("core:job_download", args=[preview.context["job"].pk]) in body

    refused = _confirm(client, preview)  # posted anyway: refused, nothing applied
    assert refused.url == reverse("positions:import_preview", args=[preview.context["job"].pk])
    assert not Job.objects.filter(kind=Job.Kind.IMPORT_APPLY).exists()
    assert not CompetencyAssessment.objects.exists()

    download = client.get(reverse("core:job_download", args=[preview.context["job"].pk]))
    content = b"".join(download.streaming_content)
    dataset = importing.read_dataset(content, "csv")
    assert dataset.headers[-1] == "Kesalahan"
    assert [row[0] for row in dataset] == ["199999999999999999", employee_record.nip, employee_record.nip]
    assert "tidak terdaftar" in dataset[0][-1]
    # Fix a failed row in that file (its Kesalahan column left in place) and upload it again.
    lines = content.decode("utf-8-sig").splitlines()
    fixed = lines[2].replace("kemarin", "2025-05-01").replace("XYZ", "CACT").replace("super", "tinggi")
    fixed = fixed.replace(",6,", ",4,", 1)
    again = _upload(client, "\n".join([lines[0], fixed]).encode())
    assert [r.status for r in again.context["report"].rows] == ["new"], again.context["report"].rows


def test_xlsx_and_semicolon_csv_files_import_like_comma_csv(client_for, hr_staff, employee_record):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([employee_record.nip, dt.datetime(2025, 6, 1), "CACT", "tinggi", "BKD", *[4] * 9])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(hr_staff)
    preview = _upload(client, buffer.getvalue(), name="pemetaan.xlsx")
    assert [r.status for r in preview.context["report"].rows] == ["new"]
    semicolons = "\n".join(
        ";".join(map(str, r)) for r in [HEADER, [employee_record.nip, "2025-07-01", "SJT", "", "", *[2] * 9]]
    )
    preview = _upload(client, semicolons.encode())
    assert [r.status for r in preview.context["report"].rows] == ["new"], preview.context["report"].rows


def test_an_unknown_competency_column_rejects_the_file(client_for, hr_staff):
    preview = _upload(client_for(hr_staff), _csv([], header=["nip", "tanggal", "metode", "Z.99"]))
    assert "Z.99" in " ".join(preview.context["report"].file_errors)
    assert "Z.99" in preview.content.decode()


def test_a_file_over_the_row_limit_fails_its_job_with_a_clear_message(client_for, hr_staff, employee_record, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [[employee_record.nip, f"2025-06-0{day}", "AC", "", "", *[3] * 9] for day in (1, 2, 3)]
    response = _upload(client_for(hr_staff), _csv(rows))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "paling banyak 2 baris" in job.message
    assert "paling banyak 2 baris" in response.content.decode()
    assert not CompetencyAssessment.objects.exists()


def test_a_file_over_the_size_limit_is_refused_on_upload(client_for, hr_staff, employee_record, settings):
    settings.IMPORT_MAX_BYTES = 50
    response = _upload(client_for(hr_staff), _csv([[employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9]]))
    assert response.status_code == 400
    assert "Ukuran berkas paling besar" in response.content.decode()
    assert not Job.objects.exists()


def test_the_import_is_hr_only(client_for, employee, supervisor, assessor, anonymous, hr_staff, employee_record):
    url = reverse("positions:competency_import")
    for user in (employee, supervisor, assessor):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url).status_code == 403
    assert anonymous.get(url).status_code == 302
    preview = _upload(client_for(hr_staff), _csv([[employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9]]))
    other_hr = UserFactory(username="hr2", groups=[roles.HR])
    job = preview.context["job"]
    assert client_for(other_hr).get(reverse("positions:import_preview", args=[job.pk])).status_code == 404
    assert client_for(other_hr).post(reverse("positions:import_confirm", args=[job.pk])).status_code == 404
    assert client_for(employee).post(reverse("positions:import_confirm", args=[job.pk])).status_code == 403
    assert not CompetencyAssessment.objects.exists()


def test_the_templates_hold_the_header_an_example_row_the_import_skips_and_the_allowed_codes(
    client_for, hr_staff, employee_record
):
    client = client_for(hr_staff)
    body = client.get(reverse("positions:competency_import_template")).content.decode("utf-8-sig")
    header, example = body.splitlines()[:2]
    assert header.startswith("NIP,Tanggal,Metode,Potensi,Lembaga,M.01")
    assert example.startswith("#")
    preview = _upload(client, body.encode())
    assert preview.context["report"].rows == [] and not preview.context["report"].file_errors

    response = client.get(reverse("positions:import_template_xlsx", args=["competencies"]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Pemetaan kompetensi", "Kode", "Kode kompetensi"]
    codes = list(book["Kode"].iter_rows(values_only=True))
    assert ("Metode", "ac", "Assessment Center") in codes
    assert ("Potensi", "tinggi", "Tinggi") in codes
    assert any(row[0] == "Level kompetensi" and row[1] == 5 for row in codes)
    competencies = [row[0] for row in book["Kode kompetensi"].iter_rows(values_only=True)]
    assert "M.01" in competencies and "SK.01" in competencies


def _dataset(employees, day="2025-06-01"):
    return importing.read_dataset(_csv([[e.nip, day, "AC", "menengah", "BKD", *[3] * 9] for e in employees]), "csv")


def test_the_apply_step_uses_the_same_number_of_queries_at_two_sizes(hr_staff, org, django_assert_num_queries):
    small = EmployeeFactory.create_batch(3, birth=dt.date(1980, 1, 1))
    # 30 sessions of 9 levels stay within one SQLite insert batch, as 3 do.
    large = EmployeeFactory.create_batch(30, birth=dt.date(1981, 1, 1))
    with CaptureQueriesContext(connection) as small_queries:
        assert importing.import_competencies(_dataset(small), actor=hr_staff, commit=True).applied
    with django_assert_num_queries(len(small_queries.captured_queries)):
        report = importing.import_competencies(_dataset(large), actor=hr_staff, commit=True)
    assert report.applied and report.counts == {"new": 30, "update": 0, "error": 0}
    assert CompetencyAssessment.objects.count() == 33
    assert AssessedCompetency.objects.count() == 33 * 9
    assert AuditEvent.objects.filter(action="competency_assessment.record").count() == 33
    # The check alone reads a fixed number of times as well.
    with CaptureQueriesContext(connection) as small_check:
        importing.import_competencies(_dataset(small, "2025-05-01"), actor=hr_staff, commit=False)
    with django_assert_num_queries(len(small_check.captured_queries)):
        importing.import_competencies(_dataset(large, "2025-05-01"), actor=hr_staff, commit=False)


def test_a_session_recorded_since_the_check_fails_the_apply_and_writes_nothing(
    client_for, hr_staff, employee_record, other_employee_record
):
    from positions import services

    client = client_for(hr_staff)
    rows = [
        [employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9],
        [other_employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9],
    ]
    preview = _upload(client, _csv(rows))
    services.competency_assessment_record(
        employee=other_employee_record, method="ac", assessed_on=dt.date(2025, 6, 1), levels={"M.01": 2}
    )
    _confirm(client, preview)
    job = Job.objects.get(kind=Job.Kind.IMPORT_APPLY)
    assert job.status == Job.Status.FAILED
    assert "Tidak ada data yang disimpan" in job.message
    assert CompetencyAssessment.objects.count() == 1
