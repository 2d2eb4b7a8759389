import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from performance import rules, services
from performance.forms import HasilKerjaForm
from performance.models import Evaluation, EvaluationCycle, HasilKerja, Objection, PerilakuKerja, UnitCalibration
from tests.factories import PDF_BYTES

from .conftest import make_cycle

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"performance:{name}", args=args)


def test_pages_require_login(anonymous, evaluation):
    for path in (url("team"), url("mine"), url("evaluation", evaluation.pk), url("cycles"), url("objections")):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


# --- Penilaian tim saya ------------------------------------------------------------------


def test_the_supervisor_sees_their_staff_with_progress(client_for, supervisor, evaluation, team):
    response = client_for(supervisor).get(url("team"))
    assert response.status_code == 200
    rows = {row["nip"]: row for row in response.context["evaluations"]}
    assert set(rows) == {team["employee"].nip, team["other"].nip}
    for person in (team["employee"], team["other"]):
        evaluation = Evaluation.objects.get(cycle__status=EvaluationCycle.Status.OPEN, employee=person)
        assert rows[person.nip]["full_name"] == person.full_name
        assert rows[person.nip]["pk"] == evaluation.pk
        assert f'href="{url("evaluation", evaluation.pk)}"' in response.content.decode()


def test_the_team_page_costs_the_same_queries_for_more_staff(
    client_for, supervisor, open_cycle, team, django_assert_max_num_queries
):
    client = client_for(supervisor)
    with django_assert_max_num_queries(12):
        client.get(url("team"))
    from tests.performance.test_open_scale import add_staff

    add_staff({"staff": team["employee"].assignments.get().position}, 60)
    services.cycle_open(cycle=open_cycle, on=dt.date(2025, 6, 2))
    with django_assert_max_num_queries(12):
        response = client.get(url("team"))
    assert len(response.context["evaluations"]) == 50
    assert response.context["evaluations"].paginator.count == 62
    with django_assert_max_num_queries(12):
        second = client.get(url("team"), {"page": 2})
    assert len(second.context["evaluations"]) == 12


# --- the SKP page --------------------------------------------------------------------------


def test_the_employee_reads_their_own_skp(client_for, employee, evaluation):
    assert client_for(employee).get(url("evaluation", evaluation.pk)).status_code == 200


def test_an_employee_cannot_read_anothers_skp(client_for, other_employee, evaluation):
    assert client_for(other_employee).get(url("evaluation", evaluation.pk)).status_code == 404


def test_a_rater_cannot_read_another_supervisors_staff(client_for, open_cycle, team):
    kasi_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["supervisor"])
    # The head rates the kabid, not the kasi: the kasi's SKP is not theirs to read.
    assert client_for(team["head"].user).get(url("evaluation", kasi_eval.pk)).status_code == 200  # rater's superior
    staff_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    assert client_for(team["head"].user).get(url("evaluation", staff_eval.pk)).status_code == 404


def test_a_rater_cannot_rate_another_supervisors_staff(client_for, open_cycle, team):
    staff_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    response = client_for(team["head"].user).post(
        url("rate", staff_eval.pk), {"confirmed": "1", "hasil": rules.ABOVE, "perilaku": rules.ABOVE}
    )
    assert response.status_code == 404
    assert Evaluation.objects.get(pk=staff_eval.pk).predikat == ""


def test_the_raters_superior_reads_but_cannot_rate(client_for, kabid, evaluation):
    client = client_for(kabid.user)
    assert client.get(url("evaluation", evaluation.pk)).status_code == 200
    response = client.post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.MEETS, "perilaku": rules.MEETS}
    )
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_the_rater_rates_through_the_form(client_for, supervisor, evaluation):
    response = client_for(supervisor).post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.ABOVE, "perilaku": rules.MEETS}
    )
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK


def test_an_invalid_rating_re_renders_with_errors(client_for, supervisor, evaluation):
    response = client_for(supervisor).post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": "tinggi", "perilaku": ""}
    )
    assert response.status_code == 400
    assert response.context["rating_form"].errors
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_the_rating_form_starts_blank_so_a_careless_submit_rates_nobody_sangat_kurang(
    client_for, supervisor, evaluation
):
    client = client_for(supervisor)
    form = client.get(url("evaluation", evaluation.pk)).context["rating_form"]
    # The browser shows the first option when none is selected: it must be the blank one.
    for field in ("hasil", "perilaku"):
        assert str(form[field]).split("<option", 2)[1].startswith(' value="" selected>')
    assert "reason" not in form.fields  # a first rating asks for no reason
    response = client.post(url("rate", evaluation.pk), {"confirmed": "1", "hasil": "", "perilaku": ""})
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_changing_a_rating_asks_for_the_reason_on_the_page(client_for, supervisor, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    client = client_for(supervisor)
    assert "reason" in client.get(url("evaluation", evaluation.pk)).context["rating_form"].fields
    response = client.post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.BELOW, "perilaku": rules.MEETS}
    )
    assert response.status_code == 400
    assert "Tuliskan alasan perubahan rating" in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK


def test_the_utama_rule_error_is_shown_on_the_page(client_for, supervisor, employee, evaluation):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.BELOW, feedback="")
    response = client_for(supervisor).post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.ABOVE, "perilaku": rules.MEETS}
    )
    assert response.status_code == 400
    assert "hasil kerja utama di bawah ekspektasi" in response.content.decode()


def test_the_employee_sees_the_rating_only_after_submission(client_for, employee, supervisor, evaluation):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.ABOVE, feedback="Rahasia sebelum dinilai")
    client = client_for(employee)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "Rahasia sebelum dinilai" not in page and "Belum dinilai" in page
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.ABOVE, perilaku=rules.ABOVE)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "Rahasia sebelum dinilai" in page and "Sangat Baik" in page


def test_the_employee_adds_a_row_and_reports_it_with_a_file(client_for, employee, evaluation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(employee)
    response = client.post(url("row_add", evaluation.pk), {"kind": "utama", "indicator": "Laporan", "target": "12"})
    assert response.status_code == 302
    row = HasilKerja.objects.get()
    upload = SimpleUploadedFile("bukti.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        url("row_report", evaluation.pk, row.pk), {"realisation": "12 laporan", "evidence_file": upload}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.evidence_file.name.endswith(".pdf")
    download = client.get(url("evidence", evaluation.pk, row.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES


def test_a_refused_row_comes_back_with_what_was_typed_after_the_empty_form_was_rendered(
    client_for, employee, evaluation
):
    from semarang_asn.core.templatetags.formfields import plain_field

    client = client_for(employee)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()  # the empty fields, rendered once
    assert client.get(url("evaluation", evaluation.pk)).content.decode().count('id="div_id_indicator"') == 1
    empty = HasilKerjaForm()
    for name in ("kind", "indicator", "target"):
        assert str(plain_field(empty[name])) in page
    response = client.post(url("row_add", evaluation.pk), {"kind": "utama", "indicator": "x" * 301, "target": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="' + "x" * 301 + '"' in page
    assert 'id="id_target_error"' in page and 'class="textinput form-control is-invalid"' in page
    assert not HasilKerja.objects.exists()


def test_evidence_is_not_served_to_another_employee(client_for, employee, other_employee, evaluation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    services.hasil_kerja_report(
        row=row, actor=employee, realisation="x", evidence_file=SimpleUploadedFile("bukti.pdf", PDF_BYTES)
    )
    assert client_for(other_employee).get(url("evidence", evaluation.pk, row.pk)).status_code == 404


def test_a_report_without_evidence_re_renders_with_errors(client_for, employee, evaluation):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    response = client_for(employee).post(url("row_report", evaluation.pk, row.pk), {"realisation": "x"})
    assert response.status_code == 400
    assert "Lampirkan bukti dukung" in response.content.decode()


def test_the_objection_flow_through_the_pages(client_for, employee, supervisor, kabid, evaluation, settings):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.BELOW, perilaku=rules.MEETS)
    EvaluationCycle.objects.filter(pk=evaluation.cycle_id).update(objection_deadline=dt.date(2999, 1, 1))
    response = client_for(employee).post(url("objection_file", evaluation.pk), {"reason": "Bukti sudah lengkap"})
    assert response.status_code == 302
    superior = client_for(kabid.user)
    assert [o.evaluation_id for o in superior.get(url("objections")).context["objections"]] == [evaluation.pk]
    response = superior.post(
        url("objection_decide", evaluation.pk), {"decision": "reject", "decision_reason": "Target tidak tercapai"}
    )
    assert response.status_code == 302
    assert Objection.objects.get().status == Objection.Status.REJECTED


def test_the_employee_cannot_decide_their_own_objection(client_for, employee, supervisor, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    Objection.objects.create(evaluation=evaluation, reason="x")
    response = client_for(employee).post(
        url("objection_decide", evaluation.pk), {"decision": "reject", "decision_reason": "x"}
    )
    assert response.status_code == 403
    assert Objection.objects.get().status == Objection.Status.PENDING


# --- Kinerja saya --------------------------------------------------------------------------


def test_my_performance_draws_the_predikat_chart_as_inline_svg(client_for, employee, supervisor, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    response = client_for(employee).get(url("mine"))
    body = response.content.decode()
    assert response.status_code == 200 and "<svg" in body and "<circle" in body
    # Coordinates are never localised (a decimal comma would break the SVG).
    assert 'cy="56.2"' in body
    assert [e.pk for e in response.context["evaluations"]] == [evaluation.pk]


def test_my_performance_hides_an_unsubmitted_predikat_from_the_chart(client_for, employee, evaluation):
    response = client_for(employee).get(url("mine"))
    assert response.context["chart"]["points"] == []


# --- HR pages ------------------------------------------------------------------------------


def test_only_hr_manages_cycles(client_for, employee, supervisor, hr_staff, open_cycle):
    for outsider in (employee, supervisor):
        client = client_for(outsider)
        for path in (
            url("cycles"),
            url("cycle", open_cycle.pk),
            url("pengisian", open_cycle.pk),
            url("kurva", open_cycle.pk),
            url("export", open_cycle.pk, "csv"),
        ):
            assert client.get(path).status_code == 403, path
    assert client_for(hr_staff).get(url("cycles")).status_code == 200


def test_hr_creates_a_cycle(client_for, hr_staff):
    data = {
        "name": "Triwulan I 2026",
        "kind": "quarterly",
        "year": 2026,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "open_date": "2026-01-05",
        "rating_deadline": "2026-04-14",
        "objection_deadline": "",
    }
    response = client_for(hr_staff).post(url("cycles"), data)
    assert response.status_code == 302
    assert EvaluationCycle.objects.get().objection_deadline == dt.date(2026, 4, 28)


@pytest.mark.parametrize(
    ("kind", "start", "end", "field"),
    [
        ("quarterly", "2026-01-01", "2026-12-31", "period_end"),
        ("annual", "2026-01-01", "2026-06-30", "period_end"),
        ("monthly", "2026-03-15", "2026-04-14", "period_end"),
        ("semester", "2025-07-01", "2025-12-31", "year"),
    ],
)
def test_a_period_that_does_not_fit_its_kind_is_refused(client_for, hr_staff, kind, start, end, field):
    data = {
        "name": "Siklus uji",
        "kind": kind,
        "year": 2026,
        "period_start": start,
        "period_end": end,
        "open_date": start,
        "rating_deadline": "2027-01-31",
        "objection_deadline": "",
    }
    response = client_for(hr_staff).post(url("cycles"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not EvaluationCycle.objects.exists()


def test_an_invalid_cycle_re_renders_with_errors(client_for, hr_staff):
    response = client_for(hr_staff).post(url("cycles"), {"name": "", "kind": "annual"})
    assert response.status_code == 400 and response.context["form"].errors
    assert not EvaluationCycle.objects.exists()


def test_the_empty_cycle_form_is_drawn_once_but_a_re_rendered_one_shows_what_was_typed(client_for, hr_staff):
    def form(page: str) -> str:
        return page[page.index('<div id="div_id_name"') : page.index("Buat siklus")]

    client = client_for(hr_staff)
    empty = form(client.get(url("cycles")).content.decode())
    response = client.post(url("cycles"), {"name": "Triwulan Khusus", "kind": "annual", "year": "20x"})
    typed = form(response.content.decode())
    assert response.status_code == 400 and 'value="Triwulan Khusus"' in typed and "is-invalid" in typed
    again = form(client.get(url("cycles")).content.decode())
    assert again == empty and "Triwulan Khusus" not in again and 'name="period_start"' in again


def test_hr_opens_a_cycle_and_sees_who_has_no_rater(client_for, hr_staff, cycle, team):
    from django.test import TestCase

    from semarang_asn.core.models import Job

    client = client_for(hr_staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url("cycle_action", cycle.pk, "buka"))
    job = Job.objects.get(kind=Job.Kind.CYCLE_OPEN, owner=hr_staff)
    assert response.url == reverse("core:job", args=[job.pk])
    assert (job.status, job.result, job.next_url) == (Job.Status.DONE, {"created": 5}, url("cycle", cycle.pk))
    job_page = client.get(response.url).content.decode()
    assert "5 penilaian dibuat" in job_page and 'value="100"' in job_page
    page = client.get(url("cycle", cycle.pk))
    # First nobody to rate the head, then the Kabid: rated by the head, with nobody above to decide objections.
    assert [e.employee for e in page.context["without_rater"]] == [team["head"], team["kabid"]]


def test_hr_assigns_a_rater_to_someone_on_the_list(client_for, hr_staff, open_cycle, team, official, sekda):
    head_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    client = client_for(hr_staff)
    response = client.post(url("set_rater", open_cycle.pk, head_eval.pk), {"rater_nip": "1", "reason": "x"})
    assert response.status_code == 400
    response = client.post(
        url("set_rater", open_cycle.pk, head_eval.pk), {"rater_nip": sekda.nip, "reason": "Sekda menilai kepala OPD"}
    )
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=head_eval.pk).rater == sekda


def test_monitoring_pages_show_each_opd(client_for, hr_staff, open_cycle, team, supervisor, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    client = client_for(hr_staff)
    rows = client.get(url("pengisian", open_cycle.pk)).context["rows"]
    assert [(r["opd__name"], r["total"], r["rated"], r["no_rater"]) for r in rows] == [("Dinas Contoh", 5, 1, 1)]
    units = client.get(url("kurva", open_cycle.pk)).context["units"]
    assert units[0]["name"] == "Dinas Contoh" and units[0]["total"] == 1


def test_export_to_csv_and_xlsx(client_for, hr_staff, open_cycle, team):
    client = client_for(hr_staff)
    csv_response = client.get(url("export", open_cycle.pk, "csv"))
    lines = (
        b"".join(csv_response.streaming_content if csv_response.streaming else [csv_response.content])
        .decode()
        .splitlines()
    )
    # A byte-order mark first, as the positions exports: Excel then reads the names as UTF-8.
    assert lines[0].startswith("\ufeffNIP,Nama,OPD") and len(lines) == 6
    xlsx = client.get(url("export", open_cycle.pk, "xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(url("export", open_cycle.pk, "pdf")).status_code == 404


def test_calibration_page_for_hr_and_the_unit_head_only(client_for, hr_staff, open_cycle, team, employee, supervisor):
    staff_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    services.evaluation_rate(evaluation=staff_eval, actor=supervisor, hasil=rules.ABOVE, perilaku=rules.ABOVE)
    services.cycle_move_to_calibration(cycle=open_cycle)
    calibration = UnitCalibration.objects.get()
    assert client_for(employee).get(url("calibration", calibration.pk)).status_code == 404
    head = client_for(team["head"].user)
    assert head.get(url("calibration", calibration.pk)).status_code == 200
    assert [c.pk for c in head.get(url("calibrations_mine")).context["calibrations"]] == [calibration.pk]
    assert head.post(url("calibration", calibration.pk), {"unit_predikat": rules.ISTIMEWA}).status_code == 302
    hr = client_for(hr_staff)
    response = hr.post(url("calibration", calibration.pk), {"close": "1", "justification": ""})
    assert response.status_code == 400
    assert "Sangat Baik paling banyak 70%, sekarang 100,0%." in response.content.decode()
    assert UnitCalibration.objects.get().closed_at is None
    response = hr.post(url("calibration", calibration.pk), {"close": "1", "justification": "Satu pegawai saja"})
    assert response.status_code == 302
    assert UnitCalibration.objects.get().breaches == ["Sangat Baik paling banyak 70%, sekarang 100,0%."]


def test_the_calibration_list_pages_the_unit_heads_first_then_by_name(
    client_for, hr_staff, open_cycle, team, monkeypatch, django_assert_max_num_queries
):
    from performance import selectors, views

    services.cycle_move_to_calibration(cycle=open_cycle)
    calibration = UnitCalibration.objects.get()
    client = client_for(hr_staff)

    def pages_show_every_member_in_order(size: int) -> bool:
        expected = list(selectors.calibration_members(calibration))
        monkeypatch.setattr(views, "CALIBRATION_PAGE_SIZE", size)
        shown = []
        for page in range(1, -(-len(expected) // size) + 1):
            with django_assert_max_num_queries(10):
                response = client.get(url("calibration", calibration.pk), {"page": page})
            members = response.context["members"]
            assert members.paginator.count == 5 and "(5)" in response.content.decode()
            shown += list(members)
        return [(e.pk, e.employee.name, e.position.title) for e in shown] == [
            (e.pk, e.employee.name, e.position.title) for e in expected
        ]

    assert [e.is_unit_head for e in selectors.calibration_members(calibration)] == [True, False, False, False, False]
    assert all(pages_show_every_member_in_order(size) for size in (1, 2, 3, 50))
    Evaluation.objects.filter(cycle=open_cycle, employee=team["other"]).update(is_unit_head=True)  # a second head
    assert all(pages_show_every_member_in_order(size) for size in (1, 2, 3, 50))


def test_a_closed_cycle_page_is_read_only(client_for, employee, evaluation):
    EvaluationCycle.objects.filter(pk=evaluation.cycle_id).update(status=EvaluationCycle.Status.CLOSED)
    client = client_for(employee)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "hanya dapat dibaca" in page and url("row_add", evaluation.pk) not in page
    response = client.post(url("row_add", evaluation.pk), {"kind": "utama", "indicator": "A", "target": "1"})
    assert response.status_code == 400 and not HasilKerja.objects.exists()


def test_the_home_page_shows_what_to_rate(client_for, supervisor, evaluation):
    response = client_for(supervisor).get(reverse("dashboard:home"))
    assert response.context["performance"]["to_rate"] == 2
    assert "Pegawai yang harus Anda nilai" in response.content.decode()


def test_an_unknown_cycle_action_is_404(client_for, hr_staff, cycle):
    assert client_for(hr_staff).post(url("cycle_action", cycle.pk, "hapus")).status_code == 404


def test_make_cycle_helper_is_annual(team):
    assert make_cycle().kind == "annual"


def test_the_rater_writes_a_perilaku_expectation(client_for, supervisor, evaluation):
    client = client_for(supervisor)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert page.count(f"/kinerja/penilaian/{evaluation.pk}/perilaku/") == 7  # one form per value, none stored yet
    response = client.post(
        url("perilaku", evaluation.pk, "1_pelayanan"), {"expectation": "Ramah kepada pemohon", "feedback": ""}
    )
    assert response.status_code == 302
    row = PerilakuKerja.objects.get(evaluation=evaluation)  # the first write stores the value's row, only it
    assert (row.value, row.expectation, row.feedback) == ("1_pelayanan", "Ramah kepada pemohon", "")
    client.post(url("perilaku", evaluation.pk, "1_pelayanan"), {"expectation": "Ramah", "feedback": "Sudah baik"})
    row.refresh_from_db()
    assert PerilakuKerja.objects.filter(evaluation=evaluation).count() == 1
    assert (row.expectation, row.feedback) == ("Ramah", "Sudah baik")
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "Sudah baik" in page and page.count(f"/kinerja/penilaian/{evaluation.pk}/perilaku/") == 7


def test_the_employee_cannot_write_the_perilaku_expectation(client_for, employee, evaluation):
    response = client_for(employee).post(
        url("perilaku", evaluation.pk, "1_pelayanan"), {"expectation": "x", "feedback": ""}
    )
    assert response.status_code == 403
    assert not PerilakuKerja.objects.filter(evaluation=evaluation).exists()


def test_a_perilaku_value_outside_berakhlak_is_404(client_for, supervisor, evaluation):
    response = client_for(supervisor).post(url("perilaku", evaluation.pk, "8_lain"), {"expectation": "x"})
    assert response.status_code == 404
    assert not PerilakuKerja.objects.filter(evaluation=evaluation).exists()


def test_perilaku_rows_stored_when_the_cycle_opened_still_read_and_write(client_for, supervisor, evaluation):
    """Cycles opened before rows were stored lazily have all seven rows, empty: the same SKP."""
    PerilakuKerja.objects.bulk_create(
        [PerilakuKerja(evaluation=evaluation, value=value) for value in PerilakuKerja.Value.values]
    )
    client = client_for(supervisor)
    client.post(url("perilaku", evaluation.pk, "2_akuntabel"), {"expectation": "Tertib", "feedback": ""})
    rows = PerilakuKerja.objects.filter(evaluation=evaluation)
    assert rows.count() == 7 and rows.get(value="2_akuntabel").expectation == "Tertib"
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "Tertib" in page and page.count(f"/kinerja/penilaian/{evaluation.pk}/perilaku/") == 7


def test_monitoring_pages_cost_the_same_queries_for_more_opds(
    client_for, hr_staff, open_cycle, team, django_assert_max_num_queries
):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    client = client_for(hr_staff)
    pages = (url("pengisian", open_cycle.pk), url("kurva", open_cycle.pk), url("cycle", open_cycle.pk))
    for path in pages:
        with django_assert_max_num_queries(10):
            client.get(path)
    for _ in range(15):
        opd = OrgUnitFactory()
        position = PositionFactory(org_unit=opd)
        position_services.assignment_create(
            employee=EmployeeFactory(), position=position, start_date=dt.date(2021, 1, 1)
        )
    services.cycle_open(cycle=open_cycle, on=dt.date(2025, 6, 2))
    services.cycle_move_to_calibration(cycle=open_cycle)
    for path in pages:
        with django_assert_max_num_queries(10):
            response = client.get(path)
        assert response.status_code == 200
    assert len(client.get(url("kurva", open_cycle.pk)).context["units"]) == 16


def test_my_credit_points_show_on_my_performance(client_for, employee, employee_record, open_cycle):
    from performance.models import CreditPoint

    CreditPoint.objects.create(
        cycle=open_cycle, employee=employee_record, level="ahli_pertama", predikat=rules.BAIK, months=12, amount="12.50"
    )
    response = client_for(employee).get(url("mine"))
    assert response.context["credit"]["total"] == Decimal("12.50")
    assert "Angka kredit (JF)" in response.content.decode()


def test_the_coaching_plan_is_shown_to_the_employee_and_the_rater_only(
    client_for, employee, supervisor, kabid, hr_staff, evaluation, employee_record
):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.BELOW, perilaku=rules.MEETS)
    for insider in (employee, supervisor):
        assert "Bimbingan kinerja" in client_for(insider).get(url("evaluation", evaluation.pk)).content.decode()
    for outsider in (kabid.user, hr_staff):
        page = client_for(outsider).get(url("evaluation", evaluation.pk)).content.decode()
        assert "Bimbingan kinerja" not in page and "Dialog kinerja" not in page
    response = client_for(hr_staff).post(
        url("coaching_add", evaluation.pk),
        {"action": "Pelatihan", "owner": employee_record.pk, "due_date": "2026-03-01"},
    )
    assert response.status_code == 403
    assert evaluation.coaching_actions.count() == 1


def test_the_rating_form_gives_way_to_the_superior_once_the_employee_objects(
    client_for, employee, supervisor, evaluation
):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.BELOW, perilaku=rules.MEETS)
    EvaluationCycle.objects.filter(pk=evaluation.cycle_id).update(objection_deadline=dt.date(2999, 1, 1))
    client_for(employee).post(url("objection_file", evaluation.pk), {"reason": "Bukti sudah lengkap"})
    client = client_for(supervisor)
    page = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert url("rate", evaluation.pk) not in page and "Menunggu keputusan" in page
    response = client.post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.MEETS, "perilaku": rules.MEETS, "reason": "x"}
    )
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BUTUH_PERBAIKAN


def test_a_refused_realisation_keeps_what_was_typed_and_names_the_row(client_for, employee, evaluation):
    row = services.hasil_kerja_add(
        evaluation=evaluation, actor=employee, kind="utama", indicator="Indikator laporan bulanan", target="12"
    )
    response = client_for(employee).post(
        url("row_report", evaluation.pk, row.pk), {"realisation": "Sebelas laporan terkirim", "evidence_link": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Sebelas laporan terkirim</textarea>" in page
    assert 'text-danger mb-1">Lampirkan bukti dukung' in page  # shown beside the row itself
    assert HasilKerja.objects.get(pk=row.pk).realisation == ""


def test_hr_names_the_raters_superior_so_objections_can_be_decided(
    client_for, hr_staff, open_cycle, team, official, sekda
):
    kabid_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["kabid"])
    client = client_for(hr_staff)
    for bad in (
        {"reason": "x"},
        {"superior_nip": team["head"].nip, "reason": "x"},
        {"superior_nip": "9", "reason": "x"},
    ):
        response = client.post(url("set_rater", open_cycle.pk, kabid_eval.pk), bad)
        assert response.status_code == 400
        assert response.context["rater_form"].errors
    kabid_eval.refresh_from_db()
    assert (kabid_eval.rater, kabid_eval.rater_superior) == (team["head"], None)
    response = client.post(
        url("set_rater", open_cycle.pk, kabid_eval.pk), {"superior_nip": sekda.nip, "reason": "Sekda atasan kepala OPD"}
    )
    assert response.status_code == 302
    kabid_eval.refresh_from_db()
    assert (kabid_eval.rater, kabid_eval.rater_superior) == (team["head"], sekda)
    assert kabid_eval not in client.get(url("cycle", open_cycle.pk)).context["without_rater"]


def test_a_calibration_counts_every_member_and_pages_the_list(
    client_for, hr_staff, open_cycle, team, supervisor, monkeypatch
):
    from performance import views

    for evaluation in Evaluation.objects.filter(cycle=open_cycle, rater=team["supervisor"]):
        services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    services.cycle_move_to_calibration(cycle=open_cycle)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    members = list(
        Evaluation.objects.filter(cycle=open_cycle, unit_id=calibration.unit_id)
        .order_by("-is_unit_head", "employee__name", "pk")
        .values_list("pk", flat=True)
    )
    assert len(members) >= 3
    monkeypatch.setattr(views, "CALIBRATION_PAGE_SIZE", 2)
    client = client_for(hr_staff)
    first = client.get(url("calibration", calibration.pk))
    page = first.context["members"]
    assert [e.pk for e in page] == members[:2] and page.paginator.count == len(members)
    # The curve's counts cover the whole unit, not the page shown.
    counted = dict(first.context["counts"])
    assert counted[rules.PREDIKAT_LABELS[rules.BAIK]] == services.unit_predikat_counts(calibration)[rules.BAIK]
    shown = []
    for number in range(1, page.paginator.num_pages + 1):
        response = client.get(url("calibration", calibration.pk), {"page": number})
        shown += [e.pk for e in response.context["members"]]
    assert shown == members
    body = first.content.decode()
    assert f'href="{url("evaluation", members[0])}"' in body and "page=2" in body


def test_calibration_and_objection_pages_cost_the_same_queries_for_more_staff(
    client_for, hr_staff, kabid, open_cycle, team, employee
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.performance.test_open_scale import add_staff

    def queries(client, path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    def object_everything():
        for evaluation in Evaluation.objects.filter(cycle=open_cycle, rater=team["supervisor"], objection=None):
            services.evaluation_rate(
                evaluation=evaluation, actor=team["supervisor"].user, hasil=rules.MEETS, perilaku=rules.MEETS
            )
            Objection.objects.create(evaluation=evaluation, reason="Bukti belum dipertimbangkan")

    object_everything()
    services.cycle_move_to_calibration(cycle=open_cycle)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    hr, superior = client_for(hr_staff), client_for(kabid.user)
    small = (queries(hr, url("calibration", calibration.pk)), queries(superior, url("objections")))
    add_staff({"staff": team["employee"].assignments.get().position}, 30)
    EvaluationCycle.objects.filter(pk=open_cycle.pk).update(status=EvaluationCycle.Status.OPEN)
    services.cycle_open(cycle=open_cycle, on=dt.date(2025, 6, 2))
    object_everything()
    EvaluationCycle.objects.filter(pk=open_cycle.pk).update(status=EvaluationCycle.Status.CALIBRATION)
    assert Objection.objects.count() == 32
    assert (queries(hr, url("calibration", calibration.pk)), queries(superior, url("objections"))) == small


def test_after_the_units_calibration_closes_the_rater_gets_no_rating_form(client_for, supervisor, evaluation, hr_staff):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    services.cycle_move_to_calibration(cycle=evaluation.cycle)
    client = client_for(supervisor)
    assert url("rate", evaluation.pk) in client.get(url("evaluation", evaluation.pk)).content.decode()
    UnitCalibration.objects.filter(cycle=evaluation.cycle).update(closed_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert url("rate", evaluation.pk) not in client.get(url("evaluation", evaluation.pk)).content.decode()
    response = client.post(
        url("rate", evaluation.pk), {"confirmed": "1", "hasil": rules.BELOW, "perilaku": rules.BELOW, "reason": "x"}
    )
    assert response.status_code == 400
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK


def test_the_list_of_employees_without_a_rater_is_paged(client_for, hr_staff, open_cycle, team, monkeypatch):
    from performance import selectors, views
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    monkeypatch.setattr(views, "RATER_PAGE_SIZE", 3)
    for _ in range(3):  # heads of new OPDs: nobody above them to rate them
        position = PositionFactory(org_unit=OrgUnitFactory(), type="JPT", level="jpt_pratama")
        position_services.assignment_create(
            employee=EmployeeFactory(), position=position, start_date=dt.date(2021, 1, 1)
        )
    services.cycle_open(cycle=open_cycle, on=dt.date(2025, 6, 2))
    client = client_for(hr_staff)
    first = client.get(url("cycle", open_cycle.pk))
    second = client.get(url("cycle", open_cycle.pk), {"page": 2})
    assert first.context["without_rater"].paginator.count == 5
    assert len(first.context["without_rater"]) == 3
    assert len(second.context["without_rater"]) == 2
    shown = [*first.context["without_rater"], *second.context["without_rater"]]
    # In the list's order (no rater first, then by OPD and name, ties by id), each row once.
    expected = list(selectors.without_rater(open_cycle))
    assert [(e.pk, e.employee.name, e.opd_id) for e in shown] == [(e.pk, e.employee.name, e.opd_id) for e in expected]
    assert "Halaman 1 dari 2" in first.content.decode()


def test_monitoring_kurva_draws_each_opd_as_an_svg_column_chart_beside_its_numbers(
    client_for, hr_staff, open_cycle, team, supervisor, evaluation
):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    response = client_for(hr_staff).get(url("kurva", open_cycle.pk))
    columns = response.context["units"][0]["columns"]
    # One rated employee, Baik: the Baik column is full height, the others empty.
    assert [(c["short"], c["n"], c["h"]) for c in columns] == [
        ("SB", 0, 0),
        ("B", 1, 48),
        ("BP", 0, 0),
        ("K", 0, 0),
        ("SK", 0, 0),
    ]
    body = response.content.decode()
    chart = body[body.index('<svg class="kurva-chart"') : body.index("</svg>", body.index('<svg class="kurva-chart"'))]
    assert 'role="img"' in chart and "B 100%" in chart and chart.count("<rect") == 5
    assert "style=" not in chart


# How the template drew a unit's chart before performance.charts.kurva_svg drew it.
KURVA_SVG_TEMPLATE = (
    "{% load i18n l10n %}{% localize off %}"
    '<svg class="kurva-chart" viewBox="0 -2 {{ chart.width }} {{ chart.height|add:14 }}" width="{{ chart.width }}" '
    'height="{{ chart.height|add:16 }}" role="img" aria-label="{% blocktranslate with name=u.name %}Kurva distribusi '
    "{{ name }}{% endblocktranslate %}: {% for c in u.columns %}{{ c.short }} {{ c.pct }}%{% if not forloop.last %}, "
    '{% endif %}{% endfor %}">\n'
    '          <line x1="0" x2="{{ chart.width }}" y1="{{ chart.height }}" y2="{{ chart.height }}" stroke="#6c757d"/>\n'
    '          {% for c in u.columns %}<rect x="{{ c.x }}" y="{{ c.y }}" width="{{ chart.column }}" height="{{ c.h }}" '
    'fill="#0a58ca"><title>{{ c.label }}: {{ c.n }} ({{ c.pct }}%)</title></rect><text x="{{ c.x|add:8 }}" '
    'y="{{ chart.height|add:11 }}" text-anchor="middle" font-size="9" fill="#212529">{{ c.short }}</text>'
    "{% endfor %}\n"
    "        </svg>{% endlocalize %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("name", "counts"),
    [("Dinas Contoh", [3, 7, 1, 0, 0]), ('R&D <Bidang> "Satu"', [0, 0, 0, 0, 0]), (None, [1, 1, 1, 0, 0])],
)
def test_the_kurva_chart_is_the_markup_the_template_drew(language, name, counts):
    from django.template import Context, Template
    from django.utils import translation

    from performance import charts, views

    total = sum(counts)
    with translation.override(language):
        cells = [
            {"key": p, "label": str(rules.PREDIKAT_LABELS[p]), "n": n, "pct": round(n * 100 / total) if total else 0}
            for p, n in zip(rules.PREDIKAT_ORDER, counts, strict=True)
        ]
        columns = charts.kurva_columns(cells, [short for short, _label in views.KURVA_HEADERS])
        chart = {**charts.KURVA_CHART, "width": 5 * (charts.KURVA_CHART["column"] + charts.KURVA_CHART["gap"])}
        drawn = Template(KURVA_SVG_TEMPLATE).render(Context({"u": {"name": name, "columns": columns}, "chart": chart}))
        title = translation.gettext("Kurva distribusi %(name)s") % {"name": name}
        assert charts.kurva_svg(columns, title=title) == drawn


def test_hr_names_a_pelaksana_as_rater_only_as_a_marked_exception(client_for, hr_staff, open_cycle, team):
    head_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    client = client_for(hr_staff)
    post = {"rater_nip": team["other"].nip, "reason": "Tidak ada pejabat lain"}
    response = client.post(url("set_rater", open_cycle.pk, head_eval.pk), post)
    assert response.status_code == 400 and "paling rendah menduduki jabatan Pengawas" in response.content.decode()
    assert Evaluation.objects.get(pk=head_eval.pk).rater_id is None
    response = client.post(url("set_rater", open_cycle.pk, head_eval.pk), {**post, "below_level": "on"})
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=head_eval.pk).rater == team["other"]


def test_the_kurva_row_of_employees_without_a_unit_names_them_in_its_chart(
    client_for, hr_staff, open_cycle, team, supervisor, evaluation
):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    Evaluation.objects.filter(pk=evaluation.pk).update(unit=None)
    response = client_for(hr_staff).get(url("kurva", open_cycle.pk))
    assert [u["name"] for u in response.context["units"]][-1] is None
    body = response.content.decode()
    assert 'aria-label="Kurva distribusi (tanpa jabatan): SB 0%, B 100%' in body
    assert "Kurva distribusi None" not in body


def test_my_performance_draws_a_narrower_chart_for_phones(client_for, employee, supervisor, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.MEETS, perilaku=rules.MEETS)
    response = client_for(employee).get(url("mine"))
    wide, phone = response.context["chart"], response.context["phone_chart"]
    assert (wide["width"], phone["width"]) == (640, 360)
    assert [p["label"] for p in phone["points"]] == [p["label"] for p in wide["points"]]
    body = response.content.decode()
    assert body.count("Grafik predikat kinerja per siklus</title>") == 2 and 'viewBox="0 0 360 220"' in body
    # Each names its own title, so the two never share an id.
    assert 'aria-labelledby="chart-title"' in body and 'aria-labelledby="chart-title-phone"' in body
