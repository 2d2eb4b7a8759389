import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from positions import services
from positions.models import AssessedCompetency, Competency, CompetencyAssessment
from semarang_asn.core.models import AuditEvent

CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01"]


@pytest.fixture
def standard(org):
    comps = Competency.objects.filter(code__in=CODES)
    services.position_set_standard(position=org["staff"], levels={c.pk: 2 for c in comps})
    return org["staff"]


def _record(employee, level=2, on=dt.date(2025, 6, 1)):
    return services.competency_assessment_record(
        employee=employee, method="ac", assessed_on=on, levels=dict.fromkeys(CODES, level), potential="menengah"
    )


def _csv(rows, header=None):
    header = header or ["nip", "tanggal", "metode", "potensi", "lembaga", *CODES]
    text = "\n".join(",".join(map(str, r)) for r in [header, *rows])
    return SimpleUploadedFile("pemetaan.csv", text.encode(), content_type="text/csv")


# The page: sessions, JPM and band ---------------------------------------------------------------


def test_an_employee_sees_their_own_jpm_and_band(client_for, employee, employee_record, standard):
    _record(employee_record, level=2)
    page = client_for(employee).get(reverse("positions:competency_list", args=[employee_record.pk])).content.decode()
    assert "100,00%" in page or "100.00%" in page
    assert "Memenuhi Syarat" in page
    assert "Catat hasil asesmen" not in page


def test_hr_sees_any_employees_jpm_against_another_position(client_for, hr_staff, employee_record, standard, org):
    comps = Competency.objects.filter(code__in=CODES)
    services.position_set_standard(position=org["kasi"], levels={c.pk: 3 for c in comps})
    _record(employee_record, level=2)
    url = reverse("positions:competency_list", args=[employee_record.pk])
    page = client_for(hr_staff).get(url, {"jabatan": "P-KASI"}).content.decode()
    assert "Kepala Seksi Satu" in page
    assert "Kurang Memenuhi Syarat" in page  # 18 / 27 = 66.67 %
    assert "Catat hasil asesmen" in page


def test_another_employee_cannot_see_the_record(client_for, other_employee, employee_record, anonymous):
    url = reverse("positions:competency_list", args=[employee_record.pk])
    assert client_for(other_employee).get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


# Recording by form -----------------------------------------------------------------------------


def test_hr_records_an_assessment_by_form(client_for, hr_staff, employee_record):
    data = {"method": "cact", "assessed_on": "2025-07-01", "potential": "tinggi", "level_M.01": "3", "level_SK.01": "2"}
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 302
    session = CompetencyAssessment.objects.get()
    assert (session.method, session.potential) == ("cact", "tinggi")
    assert dict(session.levels.values_list("competency__code", "level")) == {"M.01": 3, "SK.01": 2}
    assert AuditEvent.objects.filter(action="competency_assessment.record").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"method": "ac", "assessed_on": "2025-07-01"},  # no level
        {"method": "ac", "assessed_on": "2999-01-01", "level_M.01": "3"},  # future
        {"method": "xx", "assessed_on": "2025-07-01", "level_M.01": "3"},
        {"method": "ac", "assessed_on": "2025-07-01", "level_M.01": "7"},
    ],
)
def test_invalid_input_re_renders_with_errors(client_for, hr_staff, employee_record, data):
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CompetencyAssessment.objects.exists()


def test_a_duplicate_session_re_renders_with_the_error(client_for, hr_staff, employee_record):
    _record(employee_record, on=dt.date(2025, 7, 1))
    data = {"method": "ac", "assessed_on": "2025-07-01", "level_M.01": "3"}
    response = client_for(hr_staff).post(reverse("positions:competency_record", args=[employee_record.pk]), data)
    assert response.status_code == 400 and response.context["form"].errors
    assert CompetencyAssessment.objects.count() == 1


def test_only_hr_records(client_for, employee, employee_record):
    assert (
        client_for(employee).get(reverse("positions:competency_record", args=[employee_record.pk])).status_code == 403
    )


# Import ------------------------------------------------------------------------------------------


def test_import_previews_then_saves_every_row(client_for, hr_staff, employee_record, other_employee_record):
    c = client_for(hr_staff)
    upload = _csv(
        [
            [employee_record.nip, "2025-06-01", "AC", "menengah", "UPT", *[3] * 9],
            [other_employee_record.nip, "01-06-2025", "sjt", "", "", 2, 2, "", "", "", "", "", "", 1],
        ]
    )
    preview = c.post(reverse("positions:competency_import"), {"file": upload})
    assert preview.status_code == 200
    assert not CompetencyAssessment.objects.exists()  # preview writes nothing
    token = preview.context["token"]
    c.post(reverse("positions:competency_import_confirm"), {"token": token})
    assert CompetencyAssessment.objects.count() == 2
    assert AssessedCompetency.objects.count() == 9 + 3


def test_import_reports_errors_row_by_row_and_saves_nothing(client_for, hr_staff, employee_record):
    c = client_for(hr_staff)
    upload = _csv(
        [
            [employee_record.nip, "2025-06-01", "AC", "menengah", "", *[3] * 9],
            ["199999999999999999", "2025-06-01", "AC", "", "", *[3] * 9],
            [employee_record.nip, "kemarin", "XYZ", "super", "", 6, *[""] * 8],
            [employee_record.nip, "2025-06-01", "AC", "", "", *[3] * 9],
        ]
    )
    preview = c.post(reverse("positions:competency_import"), {"file": upload})
    rows = preview.context["report"].rows
    assert [bool(r.errors) for r in rows] == [False, True, True, True]
    errors = " ".join(rows[2].errors)
    assert "Tanggal" in errors and "Metode" in errors and "Potensi" in errors and "M.01" in errors
    assert "tidak terdaftar" in rows[1].errors[0]
    assert "ganda" in rows[3].errors[0]
    c.post(reverse("positions:competency_import_confirm"), {"token": preview.context["token"]})
    assert not CompetencyAssessment.objects.exists()


def test_import_reads_xlsx(client_for, hr_staff, employee_record):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["nip", "tanggal", "metode", "potensi", "lembaga", *CODES])
    ws.append([employee_record.nip, dt.datetime(2025, 6, 1), "CACT", "tinggi", "BKD", *[4] * 9])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = SimpleUploadedFile("pemetaan.xlsx", buffer.getvalue())
    c = client_for(hr_staff)
    preview = c.post(reverse("positions:competency_import"), {"file": upload})
    assert not preview.context["report"].has_errors
    c.post(reverse("positions:competency_import_confirm"), {"token": preview.context["token"]})
    assert CompetencyAssessment.objects.get().potential == "tinggi"


def test_import_refuses_an_unknown_column_and_a_wrong_file_type(client_for, hr_staff):
    c = client_for(hr_staff)
    preview = c.post(
        reverse("positions:competency_import"),
        {"file": _csv([], header=["nip", "tanggal", "metode", "Z.99"])},
    )
    assert "Z.99" in preview.content.decode()
    response = c.post(
        reverse("positions:competency_import"), {"file": SimpleUploadedFile("x.txt", b"a", content_type="text/plain")}
    )
    assert response.status_code == 400 and response.context["form"].errors


def test_import_confirm_without_a_session_is_refused(client_for, hr_staff):
    response = client_for(hr_staff).post(reverse("positions:competency_import_confirm"), {"token": "x"})
    assert response.status_code == 400 and "Sesi impor tidak ditemukan" in response.content.decode()
    assert not CompetencyAssessment.objects.exists()


def test_import_is_hr_only(client_for, employee, anonymous):
    assert client_for(employee).get(reverse("positions:competency_import")).status_code == 403
    assert anonymous.get(reverse("positions:competency_import")).status_code == 302


def test_the_template_lists_the_columns(client_for, hr_staff):
    body = client_for(hr_staff).get(reverse("positions:competency_import_template")).content.decode("utf-8-sig")
    assert body.startswith("NIP,Tanggal,Metode,Potensi,Lembaga,M.01")
