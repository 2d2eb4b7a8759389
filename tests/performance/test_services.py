import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from performance import rules, selectors, services
from performance.models import (
    CoachingAction,
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)
from semarang_asn.core.models import AuditEvent, Notification

from .conftest import ON, make_cycle

pytestmark = pytest.mark.django_db


def add_row(evaluation, actor, kind=HasilKerja.Kind.UTAMA):
    return services.hasil_kerja_add(evaluation=evaluation, actor=actor, kind=kind, indicator="Laporan", target="12")


def rate(evaluation, rater, hasil=rules.MEETS, perilaku=rules.MEETS, reason=""):
    return services.evaluation_rate(evaluation=evaluation, actor=rater, hasil=hasil, perilaku=perilaku, reason=reason)


# --- opening ---------------------------------------------------------------------------


def test_opening_creates_one_evaluation_per_active_employee_with_rater_and_superior(open_cycle, team):
    rows = {e.employee_id: e for e in Evaluation.objects.filter(cycle=open_cycle)}
    assert set(rows) == {p.pk for p in team.values()}
    pelaksana = rows[team["employee"].pk]
    assert (pelaksana.rater_id, pelaksana.rater_superior_id) == (team["supervisor"].pk, team["kabid"].pk)
    assert rows[team["supervisor"].pk].rater_id == team["kabid"].pk
    assert rows[team["kabid"].pk].rater_id == team["head"].pk
    assert rows[team["kabid"].pk].rater_superior_id is None
    assert pelaksana.opd_id == team["employee"].assignments.get().position.org_unit.opd_id
    # The SKP shows its seven BerAKHLAK rows, empty; none is stored until the rater writes it.
    assert not PerilakuKerja.objects.filter(evaluation=pelaksana).exists()
    rows = pelaksana.perilaku_rows
    assert [row.value for row in rows] == PerilakuKerja.Value.values
    assert all(row.pk is None and row.expectation == row.feedback == "" for row in rows)
    assert open_cycle.status == EvaluationCycle.Status.OPEN


def test_the_head_without_a_superior_goes_on_the_list_for_hr_not_skipped(open_cycle, team):
    head = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    assert head.rater_id is None and head.is_unit_head
    assert list(Evaluation.objects.filter(cycle=open_cycle).without_rater()) == [head]


def test_the_unit_head_is_whoever_holds_the_opds_top_seat_whatever_its_level(org, team, hr_staff):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    kecamatan = OrgUnitFactory(code="KEC01", name="Kecamatan Contoh", kind="kecamatan")
    camat = PositionFactory(
        org_unit=kecamatan, title="Camat Contoh", level="administrator", kelas_jabatan=12, reports_to=org["head"]
    )
    sekcam = PositionFactory(
        org_unit=kecamatan, title="Sekretaris Camat", level="pengawas", kelas_jabatan=9, reports_to=camat
    )
    people = {}
    for name, position in (("camat", camat), ("sekcam", sekcam)):
        people[name] = EmployeeFactory()
        position_services.assignment_create(employee=people[name], position=position, start_date=dt.date(2021, 1, 1))
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    heads = set(Evaluation.objects.filter(cycle=cycle, is_unit_head=True).values_list("employee_id", "opd_id"))
    assert heads == {(team["head"].pk, org["opd"].pk), (people["camat"].pk, kecamatan.pk)}


def test_opening_twice_creates_nothing_the_second_time(cycle, hr_staff):
    first = services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    before = sorted(Evaluation.objects.values_list("pk", "employee_id", "rater_id"))
    perilaku = PerilakuKerja.objects.count()
    second = services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    assert (first, second) == (5, 0)
    assert sorted(Evaluation.objects.values_list("pk", "employee_id", "rater_id")) == before
    assert PerilakuKerja.objects.count() == perilaku


def test_opening_again_adds_only_the_employees_the_cycle_lacks(cycle, org, hr_staff):
    from positions import services as position_services
    from tests.factories import EmployeeFactory

    other = make_cycle(hr_staff, year=2024)
    services.cycle_open(cycle=other, actor=hr_staff, on=ON)  # another cycle's rows do not count as this one's
    assert services.cycle_open(cycle=cycle, actor=hr_staff, on=ON) == 5
    before = sorted(Evaluation.objects.filter(cycle=cycle).values_list("pk", "employee_id", "rater_id"))
    newcomer = EmployeeFactory()
    position_services.assignment_create(employee=newcomer, position=org["staff"], start_date=dt.date(2025, 3, 1))
    assert services.cycle_open(cycle=cycle, actor=hr_staff, on=ON) == 1
    after = sorted(Evaluation.objects.filter(cycle=cycle).values_list("pk", "employee_id", "rater_id"))
    assert [row for row in after if row[1] != newcomer.pk] == before
    assert Evaluation.objects.get(cycle=cycle, employee=newcomer).position_id == org["staff"].pk


def test_an_acting_holder_rates_when_the_seat_has_no_definitive_holder(
    org, employee_record, supervisor_employee, hr_staff
):
    from positions import services as position_services
    from positions.models import Assignment
    from tests.factories import EmployeeFactory

    # The Kasi left the seat at the end of 2020; a Plt holds it since.
    Assignment.objects.filter(employee=supervisor_employee).update(end_date=dt.date(2020, 12, 31))
    plt = EmployeeFactory()
    position_services.assignment_create(employee=plt, position=org["kasi"], start_date=dt.date(2021, 1, 1), kind="plt")
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    assert Evaluation.objects.get(cycle=cycle, employee=employee_record).rater_id == plt.pk


def test_nobody_rates_themselves_or_decides_objections_to_their_own_rating(
    org, employee_record, supervisor_employee, kabid, head, hr_staff
):
    from positions import services as position_services
    from positions.models import Assignment

    # The Kabid seat is empty; the Kasi acts in it (Plt) beside their own seat.
    Assignment.objects.filter(employee=kabid).update(end_date=dt.date(2020, 12, 31))
    position_services.assignment_create(
        employee=supervisor_employee, position=org["kabid"], start_date=dt.date(2021, 1, 1), kind="plt"
    )
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    kasi = Evaluation.objects.get(cycle=cycle, employee=supervisor_employee)
    pelaksana = Evaluation.objects.get(cycle=cycle, employee=employee_record)
    # Passing over their own acting seat, the Kasi is rated by the next holder up: the head.
    assert (kasi.rater_id, kasi.rater_position_id) == (head.pk, org["head"].pk)
    # The Pelaksana's rater is the Kasi; the superior is searched above the Kasi's seat,
    # passing over the Kabid seat the Kasi also holds.
    assert (pelaksana.rater_id, pelaksana.rater_superior_id) == (supervisor_employee.pk, head.pk)


def test_a_closed_cycle_cannot_be_opened_again(cycle, hr_staff):
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=EvaluationCycle.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    assert not Evaluation.objects.exists()


def test_a_cycle_with_the_rating_deadline_before_opening_is_rejected(team, hr_staff):
    with pytest.raises(ValidationError):
        make_cycle(hr_staff, rating_deadline=dt.date(2024, 12, 1))
    assert not EvaluationCycle.objects.exists()


def test_the_objection_deadline_defaults_from_the_configured_window(team, hr_staff):
    cycle = make_cycle(hr_staff, objection_deadline=None)
    assert cycle.objection_deadline == cycle.rating_deadline + dt.timedelta(days=14)


# --- SKP and rating ------------------------------------------------------------------------


def test_the_employee_reports_realisation_with_a_link(evaluation, employee):
    row = add_row(evaluation, employee)
    services.hasil_kerja_report(row=row, actor=employee, realisation="12 laporan", evidence_link="https://x.test/a")
    row.refresh_from_db()
    assert row.realisation == "12 laporan" and row.has_evidence


def test_evidence_of_a_forbidden_type_is_rejected_and_nothing_saved(evaluation, employee):
    row = add_row(evaluation, employee)
    upload = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        services.hasil_kerja_report(row=row, actor=employee, realisation="x", evidence_file=upload)
    row.refresh_from_db()
    assert row.realisation == "" and not row.evidence_file


def test_a_program_renamed_to_pdf_is_rejected_and_nothing_saved(evaluation, employee):
    row = add_row(evaluation, employee)
    upload = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
    with pytest.raises(ValidationError, match="Isi berkas bukan PDF yang sah"):
        services.hasil_kerja_report(row=row, actor=employee, realisation="x", evidence_file=upload)
    row.refresh_from_db()
    assert row.realisation == "" and not row.evidence_file


def test_evidence_over_the_size_limit_is_rejected(evaluation, employee, settings):
    settings.UPLOAD_MAX_BYTES = 10
    row = add_row(evaluation, employee)
    with pytest.raises(ValidationError):
        services.hasil_kerja_report(
            row=row, actor=employee, realisation="x", evidence_file=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 11)
        )


def test_another_employee_cannot_report_on_my_skp(evaluation, employee, other_employee):
    row = add_row(evaluation, employee)
    with pytest.raises(PermissionDenied):
        services.hasil_kerja_report(row=row, actor=other_employee, realisation="x", evidence_link="https://x.test")


def test_the_rater_rates_and_the_predikat_follows_the_matrix_audited(evaluation, supervisor, employee):
    rate(evaluation, supervisor, rules.ABOVE, rules.ABOVE)
    evaluation.refresh_from_db()
    assert evaluation.predikat == rules.SANGAT_BAIK and evaluation.status == Evaluation.Status.RATED
    event = AuditEvent.objects.get(action="performance.rating")
    assert event.before["predikat"] == "" and event.after["predikat"] == rules.SANGAT_BAIK
    assert event.actor == supervisor
    assert Notification.objects.filter(recipient=employee).count() == 1


def test_hasil_above_is_refused_while_an_utama_row_is_below(evaluation, supervisor, employee):
    row = add_row(evaluation, employee)
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.BELOW, feedback="Terlambat")
    with pytest.raises(ValidationError):
        rate(evaluation, supervisor, rules.ABOVE, rules.MEETS)
    evaluation.refresh_from_db()
    assert evaluation.predikat == "" and not AuditEvent.objects.filter(action="performance.rating").exists()


def test_a_tambahan_row_below_does_not_block_hasil_above(evaluation, supervisor, employee):
    row = add_row(evaluation, employee, kind=HasilKerja.Kind.TAMBAHAN)
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.BELOW, feedback="")
    rate(evaluation, supervisor, rules.ABOVE, rules.MEETS)
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK


def test_another_supervisor_cannot_rate_someone_elses_staff(open_cycle, team, kabid):
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    with pytest.raises(PermissionDenied):
        rate(evaluation, kabid.user)
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""


def test_changing_a_rating_needs_a_reason_and_is_audited(evaluation, supervisor):
    rate(evaluation, supervisor)
    with pytest.raises(ValidationError):
        rate(evaluation, supervisor, rules.BELOW, rules.MEETS)
    rate(evaluation, supervisor, rules.BELOW, rules.MEETS, reason="Target utama tidak tercapai")
    change = AuditEvent.objects.filter(action="performance.rating").order_by("id").last()
    assert change.before["predikat"] == rules.BAIK
    assert change.after["predikat"] == rules.BUTUH_PERBAIKAN
    assert change.reason == "Target utama tidak tercapai"


def test_a_poor_predikat_starts_a_coaching_plan(evaluation, supervisor, employee_record, supervisor_employee):
    rate(evaluation, supervisor, rules.BELOW, rules.BELOW)
    plan = CoachingAction.objects.get(evaluation=evaluation)
    assert plan.owner == supervisor_employee
    item = services.coaching_action_add(
        evaluation=evaluation,
        actor=supervisor,
        action="Pendampingan penyusunan laporan",
        owner=employee_record,
        due_date=dt.date(2026, 3, 1),
    )
    services.coaching_action_set_status(item=item, actor=employee_record.user, status=CoachingAction.Status.DONE)
    assert CoachingAction.objects.get(pk=item.pk).status == CoachingAction.Status.DONE


def test_coaching_is_refused_for_a_good_predikat(evaluation, supervisor, employee_record):
    rate(evaluation, supervisor)
    with pytest.raises(ValidationError):
        services.coaching_action_add(
            evaluation=evaluation, actor=supervisor, action="x", owner=employee_record, due_date=dt.date(2026, 3, 1)
        )
    assert not CoachingAction.objects.exists()


# --- objections ----------------------------------------------------------------------------


def test_the_superior_decides_an_objection_with_a_reason_and_the_change_is_audited(
    evaluation, supervisor, employee, kabid
):
    rate(evaluation, supervisor, rules.BELOW, rules.MEETS)
    objection = services.objection_file(
        evaluation=evaluation, actor=employee, reason="Bukti belum dipertimbangkan", today=dt.date(2026, 2, 1)
    )
    with pytest.raises(ValidationError):
        services.objection_decide(objection=objection, actor=kabid.user, accept=True, reason=" ")
    services.objection_decide(
        objection=objection,
        actor=kabid.user,
        accept=True,
        reason="Bukti dukung lengkap",
        hasil=rules.MEETS,
        perilaku=rules.MEETS,
    )
    evaluation.refresh_from_db()
    assert evaluation.predikat == rules.BAIK
    assert Objection.objects.get().status == Objection.Status.ACCEPTED
    change = AuditEvent.objects.get(action="performance.objection_rating")
    assert (change.before["predikat"], change.after["predikat"], change.reason) == (
        rules.BUTUH_PERBAIKAN,
        rules.BAIK,
        "Bukti dukung lengkap",
    )


def test_only_the_raters_superior_decides(evaluation, supervisor, employee, head):
    rate(evaluation, supervisor)
    objection = services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 2, 1))
    for outsider in (supervisor, head.user):
        with pytest.raises(PermissionDenied):
            services.objection_decide(objection=objection, actor=outsider, accept=False, reason="Tidak")
    assert Objection.objects.get().status == Objection.Status.PENDING


def test_once_the_employee_objects_the_rater_can_no_longer_change_the_rating(evaluation, supervisor, employee, kabid):
    row = add_row(evaluation, employee)
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.BELOW, feedback="")
    rate(evaluation, supervisor, rules.BELOW, rules.MEETS)
    services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 2, 1))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="atasan pejabat penilai"):
        rate(evaluation, supervisor, rules.MEETS, rules.MEETS, reason="Saya ubah sebelum diputuskan")
    with pytest.raises(ValidationError, match="atasan pejabat penilai"):
        services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.MEETS, feedback="")
    evaluation.refresh_from_db()
    row.refresh_from_db()
    assert (evaluation.predikat, row.rating, AuditEvent.objects.count()) == (rules.BUTUH_PERBAIKAN, rules.BELOW, events)


def test_an_objection_after_the_window_is_refused(evaluation, supervisor, employee):
    rate(evaluation, supervisor)
    with pytest.raises(ValidationError):
        services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 2, 15))
    assert not Objection.objects.exists()


def test_an_objection_before_the_rating_is_refused(evaluation, employee):
    with pytest.raises(ValidationError):
        services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 1, 1))


# --- calibration, closing, read-only ----------------------------------------------------------


def rate_everyone(cycle, team):
    """Rate every rated-able evaluation through the service as its rater."""
    for evaluation in Evaluation.objects.filter(cycle=cycle, rater__isnull=False).select_related("rater__user"):
        rate(evaluation, evaluation.rater.user)


def test_calibration_needs_a_justification_to_close_with_a_breach(open_cycle, team, hr_staff):
    rate_everyone(open_cycle, team)
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.UNIT_BAIK)
    with pytest.raises(ValidationError) as error:
        services.calibration_close(calibration=calibration, actor=hr_staff)
    assert "Baik paling banyak 70%" in str(error.value)
    assert UnitCalibration.objects.get().closed_at is None
    services.calibration_close(calibration=calibration, actor=hr_staff, justification="Unit kecil, 4 pegawai")
    calibration.refresh_from_db()
    assert calibration.is_closed and calibration.breaches


def test_a_unit_calibration_closes_only_after_the_objection_window_with_every_objection_decided(
    open_cycle, team, hr_staff, employee, kabid
):
    rate_everyone(open_cycle, team)
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    objection = services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 2, 1))
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.UNIT_BAIK)
    close = {"calibration": calibration, "actor": hr_staff, "justification": "Unit kecil"}
    with pytest.raises(ValidationError, match="Masa keberatan berlangsung sampai 14 Februari 2026"):
        services.calibration_close(**close, today=dt.date(2026, 2, 14))
    with pytest.raises(ValidationError, match="1 keberatan yang belum diputuskan"):
        services.calibration_close(**close, today=dt.date(2026, 2, 15))
    assert UnitCalibration.objects.get().closed_at is None
    services.objection_decide(objection=objection, actor=kabid.user, accept=False, reason="Sesuai bukti")
    services.calibration_close(**close, today=dt.date(2026, 2, 15))
    assert UnitCalibration.objects.get().is_closed


def test_the_unit_head_sets_the_unit_predikat_and_takes_it_as_hasil_kerja(open_cycle, team, hr_staff):
    head_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    Evaluation.objects.filter(pk=head_eval.pk).update(perilaku_rating=rules.MEETS)
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(
        calibration=calibration, actor=team["head"].user, unit_predikat=rules.ISTIMEWA
    )
    head_eval.refresh_from_db()
    assert (head_eval.hasil_rating, head_eval.predikat) == (rules.ABOVE, rules.BAIK)
    assert AuditEvent.objects.filter(action="performance.head_rating_from_unit").exists()


def test_an_ordinary_employee_cannot_calibrate(open_cycle, team, employee):
    services.cycle_move_to_calibration(cycle=open_cycle)
    with pytest.raises(PermissionDenied):
        services.calibration_set_unit_predikat(
            calibration=UnitCalibration.objects.get(), actor=employee, unit_predikat=rules.ISTIMEWA
        )


def closed_cycle(open_cycle, team, hr_staff):
    rate_everyone(open_cycle, team)
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.UNIT_BAIK)
    services.calibration_close(calibration=calibration, actor=hr_staff, justification="ok")
    return services.cycle_close(cycle=open_cycle, actor=hr_staff)


def test_a_cycle_does_not_close_while_a_unit_calibration_is_open(open_cycle, hr_staff, team):
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    with pytest.raises(ValidationError):
        services.cycle_close(cycle=open_cycle, actor=hr_staff)
    assert EvaluationCycle.objects.get().status == EvaluationCycle.Status.CALIBRATION


def test_the_first_perilaku_write_stores_the_row_and_a_stale_stand_in_updates_it(open_cycle, team, supervisor):
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    first, stale = evaluation.perilaku_rows[4], Evaluation.objects.get(pk=evaluation.pk).perilaku_rows[4]
    stored = services.perilaku_kerja_update(row=first, actor=supervisor, expectation="Setia", feedback="")
    assert stored.pk is not None and stored.value == PerilakuKerja.Value.LOYAL
    # A second page opened before the first write still holds an unsaved stand-in: same row.
    again = services.perilaku_kerja_update(row=stale, actor=supervisor, expectation="Setia", feedback="Baik")
    assert again.pk == stored.pk
    assert list(PerilakuKerja.objects.values_list("evaluation_id", "value", "expectation", "feedback")) == [
        (evaluation.pk, PerilakuKerja.Value.LOYAL, "Setia", "Baik")
    ]
    rows = Evaluation.objects.get(pk=evaluation.pk).perilaku_rows
    assert [row.pk is not None for row in rows] == [False, False, False, False, True, False, False]


def test_only_the_rater_stores_a_perilaku_row(open_cycle, team, employee):
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    with pytest.raises(PermissionDenied):
        services.perilaku_kerja_update(row=evaluation.perilaku_rows[0], actor=employee, expectation="x", feedback="")
    assert not PerilakuKerja.objects.exists()


def test_a_closed_cycle_rejects_every_edit(open_cycle, team, hr_staff, supervisor, employee, kabid):
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    row = add_row(evaluation, employee)
    closed_cycle(open_cycle, team, hr_staff)
    evaluation.refresh_from_db()
    row.refresh_from_db()
    perilaku = evaluation.perilaku_rows[0]
    attempts = [
        lambda: add_row(evaluation, employee),
        lambda: services.hasil_kerja_report(row=row, actor=employee, realisation="x", evidence_link="https://x.t"),
        lambda: services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.ABOVE, feedback=""),
        lambda: services.perilaku_kerja_update(row=perilaku, actor=supervisor, expectation="x", feedback=""),
        lambda: rate(evaluation, supervisor, rules.BELOW, rules.BELOW, reason="ubah"),
        lambda: services.objection_file(evaluation=evaluation, actor=employee, reason="x", today=dt.date(2026, 2, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    evaluation.refresh_from_db()
    assert evaluation.predikat == rules.BAIK and evaluation.status == Evaluation.Status.FINAL
    assert not Objection.objects.exists()


def test_closing_an_annual_cycle_gives_jf_holders_credit_points(org, team, hr_staff):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, PositionFactory

    jf = PositionFactory(org_unit=org["bidang"], type="JF", level="ahli_muda", kelas_jabatan=9, reports_to=org["kabid"])
    analyst = EmployeeFactory()
    position_services.assignment_create(employee=analyst, position=jf, start_date=dt.date(2021, 1, 1))
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    closed_cycle(cycle, team, hr_staff)
    point = CreditPoint.objects.get()
    assert (point.employee, point.predikat, point.months, str(point.amount)) == (analyst, rules.BAIK, 12, "25.00")


@pytest.mark.parametrize(
    ("start", "end", "months", "amount"),
    [
        (dt.date(2025, 7, 1), None, 6, "6.25"),  # Baik 100 % × Ahli Pertama 12.5 × 6/12
        (dt.date(2025, 7, 2), None, 5, "5.21"),  # one day short of six completed months
        (dt.date(2025, 7, 20), None, 5, "5.21"),  # counted by dates, not by calendar months touched
        (dt.date(2024, 3, 1), dt.date(2025, 6, 30), 6, "6.25"),  # held through 30 June
    ],
)
def test_a_jf_holder_earns_credit_points_for_the_completed_months_held(org, team, hr_staff, start, end, months, amount):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, PositionFactory

    jf = PositionFactory(
        org_unit=org["bidang"], type="JF", level="ahli_pertama", kelas_jabatan=8, reports_to=org["kabid"]
    )
    analyst = EmployeeFactory()
    held = position_services.assignment_create(employee=analyst, position=jf, start_date=start)
    if end:
        type(held).objects.filter(pk=held.pk).update(end_date=end)
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON.replace(month=8) if not end else ON)
    closed_cycle(cycle, team, hr_staff)
    point = CreditPoint.objects.get()
    assert (point.employee, point.months, str(point.amount)) == (analyst, months, amount)


def test_a_rated_skp_no_longer_takes_rows_or_realisation(evaluation, supervisor, employee):
    row = add_row(evaluation, employee)
    rate(evaluation, supervisor)
    evaluation.refresh_from_db()
    with pytest.raises(ValidationError):
        add_row(evaluation, employee)
    with pytest.raises(ValidationError):
        services.hasil_kerja_report(row=row, actor=employee, realisation="late", evidence_link="https://x.test")
    assert HasilKerja.objects.get().realisation == ""


def test_the_unit_heads_rater_cannot_depart_from_the_unit_result(open_cycle, team, hr_staff, official, sekda):
    head_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    services.evaluation_set_rater(evaluation=head_eval, rater=sekda, actor=hr_staff, reason="Sekda menilai kepala OPD")
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=open_cycle)
    services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.ISTIMEWA)
    head_eval.refresh_from_db()
    with pytest.raises(ValidationError):
        rate(head_eval, sekda.user, rules.MEETS, rules.ABOVE)
    rate(head_eval, sekda.user, rules.ABOVE, rules.ABOVE)
    assert Evaluation.objects.get(pk=head_eval.pk).predikat == rules.SANGAT_BAIK


# --- the curve counts the employees under the head (issue 7) ---------------------------------


def _staffed_unit(org, n: int):
    """``n`` more Pelaksana under the Kadis, in the OPD itself."""
    from positions import services as position_services
    from tests.factories import EmployeeFactory, PositionFactory

    seat = PositionFactory(code="P-STAF2", org_unit=org["opd"], formasi=n, reports_to=org["head"])
    people = [EmployeeFactory(birth=dt.date(1990, 1, 1 + i)) for i in range(n)]
    for person in people:
        position_services.assignment_create(employee=person, position=seat, start_date=dt.date(2020, 1, 2))
    return people


@pytest.mark.parametrize(
    ("staff_sangat_baik", "head_predikat", "breach"),
    [
        (7, rules.SANGAT_BAIK, False),  # 7 of 10 = 70 %: within; counting the head gave 8/11 = 72.7 %
        (7, rules.BAIK, False),
        (8, rules.BAIK, True),  # 8 of 10 = 80 %
        (6, rules.SANGAT_BAIK, False),
    ],
)
def test_the_curve_counts_the_staff_under_the_head_not_the_head(
    org, head, hr_staff, staff_sangat_baik, head_predikat, breach
):
    people = _staffed_unit(org, 10)
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    staff = Evaluation.objects.filter(cycle=cycle, employee__in=people).order_by("pk")
    assert staff.count() == 10 and not staff.filter(is_unit_head=True).exists()
    ids = list(staff.values_list("pk", flat=True))
    Evaluation.objects.filter(pk__in=ids[:staff_sangat_baik]).update(predikat=rules.SANGAT_BAIK)
    Evaluation.objects.filter(pk__in=ids[staff_sangat_baik:]).update(predikat=rules.BAIK)
    head_evaluation = Evaluation.objects.get(cycle=cycle, employee=head)
    assert head_evaluation.is_unit_head
    Evaluation.objects.filter(pk=head_evaluation.pk).update(predikat=head_predikat)
    services.cycle_move_to_calibration(cycle=cycle, actor=hr_staff)
    calibration = UnitCalibration.objects.get(cycle=cycle)
    counts = services.unit_predikat_counts(calibration)
    assert sum(counts.values()) == 10
    assert bool(rules.distribution_breaches(rules.ISTIMEWA, counts)) is breach


def test_per_bidang_calibration_is_a_setting_and_the_kabid_heads_the_bidang(team, hr_staff):
    from semarang_asn.core.models import Setting

    Setting.objects.filter(key="performance.calibration_unit").update(value="bidang")
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    services.cycle_move_to_calibration(cycle=cycle, actor=hr_staff)
    units = {c.unit.name: c for c in UnitCalibration.objects.filter(cycle=cycle).select_related("unit", "opd")}
    assert set(units) == {"Dinas Contoh", "Bidang Satu"}
    assert units["Bidang Satu"].opd.name == "Dinas Contoh"
    heads = set(Evaluation.objects.filter(cycle=cycle, is_unit_head=True).values_list("employee_id", flat=True))
    assert heads == {team["head"].pk, team["kabid"].pk}
    bidang = Evaluation.objects.filter(cycle=cycle, unit=units["Bidang Satu"].unit, is_unit_head=False)
    assert set(bidang.values_list("employee_id", flat=True)) == {
        team["supervisor"].pk,
        team["employee"].pk,
        team["other"].pk,
    }


def test_per_opd_calibration_is_the_default(team, hr_staff):
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    services.cycle_move_to_calibration(cycle=cycle, actor=hr_staff)
    assert list(UnitCalibration.objects.filter(cycle=cycle).values_list("unit__name", flat=True)) == ["Dinas Contoh"]
    heads = Evaluation.objects.filter(cycle=cycle, is_unit_head=True)
    assert list(heads.values_list("employee_id", flat=True)) == [team["head"].pk]


# --- who rates (issue 7) -------------------------------------------------------------------


def test_a_pelaksana_reporting_to_a_pelaksana_is_rated_by_the_pengawas_above(org, team, hr_staff):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, PositionFactory

    junior_seat = PositionFactory(code="P-JUN", org_unit=org["bidang"], reports_to=org["staff"])
    junior = EmployeeFactory(birth=dt.date(1995, 5, 5), tmt=(2019, 1))
    position_services.assignment_create(employee=junior, position=junior_seat, start_date=dt.date(2021, 1, 4))
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    evaluation = Evaluation.objects.get(cycle=cycle, employee=junior)
    assert (evaluation.rater_id, evaluation.rater_position_id, evaluation.rater_superior_id) == (
        team["supervisor"].pk,
        org["kasi"].pk,
        team["kabid"].pk,
    )
    assert not Evaluation.objects.filter(cycle=cycle, rater_position__level="pelaksana").exists()


def test_an_empty_pengawas_seat_sends_the_rating_up_to_the_administrator(org, team, hr_staff):
    from positions.models import Assignment

    Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2024, 12, 31))
    cycle = make_cycle(hr_staff)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    evaluation = Evaluation.objects.get(cycle=cycle, employee=team["employee"])
    assert (evaluation.rater_id, evaluation.rater_superior_id) == (team["kabid"].pk, team["head"].pk)


@pytest.mark.parametrize(
    ("who", "below_level", "accepted"),
    [
        ("sekda", False, True),  # holds a JPT seat
        ("kasi", False, True),  # holds a Pengawas seat
        ("pelaksana", False, False),  # a Pelaksana may not rate...
        ("pelaksana", True, True),  # ...unless HR marks the exception with its written reason
        ("no_seat", False, False),
    ],
)
def test_a_rater_named_by_hr_obeys_the_level_rule_or_is_an_audited_exception(
    open_cycle, team, hr_staff, sekda, who, below_level, accepted
):
    from tests.factories import EmployeeFactory

    people = {
        "sekda": sekda,
        "kasi": team["supervisor"],
        "pelaksana": team["other"],
        "no_seat": EmployeeFactory(birth=dt.date(1980, 2, 2)),
    }
    head_eval = Evaluation.objects.get(cycle=open_cycle, employee=team["head"])
    call = {"evaluation": head_eval, "rater": people[who], "actor": hr_staff, "reason": "Ditetapkan BKPP"}
    if not accepted:
        with pytest.raises(ValidationError, match="Pengawas"):
            services.evaluation_set_rater(**call, below_level=below_level)
        assert Evaluation.objects.get(pk=head_eval.pk).rater_id is None
        return
    services.evaluation_set_rater(**call, below_level=below_level)
    assert Evaluation.objects.get(pk=head_eval.pk).rater_id == people[who].pk
    event = AuditEvent.objects.filter(action="performance.rater_set").latest("pk")
    assert event.after.get("below_level", False) is below_level and event.reason == "Ditetapkan BKPP"


# --- a rater's seat falls empty mid-cycle (issue 7) --------------------------------------------


def test_when_the_raters_seat_falls_empty_the_evaluation_moves_up_audited_and_both_are_told(
    open_cycle, team, hr_staff, employee
):
    from positions.models import Assignment

    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    assert evaluation.rater == team["supervisor"]
    # The Kasi is transferred out on 30 June.
    Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2025, 6, 30))
    assert services.raters_follow_vacated_seats(today=dt.date(2025, 6, 29)) == 0
    assert services.raters_follow_vacated_seats(today=dt.date(2025, 7, 1)) == 2  # both Pelaksana
    evaluation.refresh_from_db()
    assert (evaluation.rater, evaluation.rater_position_id, evaluation.rater_superior) == (
        team["kabid"],
        evaluation.position.reports_to.reports_to_id,
        team["head"],
    )
    event = AuditEvent.objects.filter(action="performance.rater_moved_up", target_id=str(evaluation.pk)).get()
    assert event.before["rater"] == team["supervisor"].pk and event.after["rater"] == team["kabid"].pk
    notices = Notification.objects.filter(body__contains=team["employee"].full_name)
    assert set(notices.values_list("recipient", flat=True)) == {team["supervisor"].user_id, team["kabid"].user_id}
    assert all(team["other"].full_name in n.body for n in notices)  # one notice per rater and cycle
    # Idempotent: a second run finds nothing and tells nobody again.
    notes = Notification.objects.count()
    assert services.raters_follow_vacated_seats(today=dt.date(2025, 7, 2)) == 0
    assert Notification.objects.count() == notes


def test_a_rated_evaluation_keeps_its_rating_when_its_rater_moves_on(open_cycle, team, supervisor, evaluation):
    from positions.models import Assignment

    rate(evaluation, supervisor)
    predikat = Evaluation.objects.get(pk=evaluation.pk).predikat
    Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2025, 6, 30))
    services.raters_follow_vacated_seats(today=dt.date(2025, 7, 1))
    evaluation.refresh_from_db()
    assert evaluation.rater == team["kabid"] and evaluation.predikat == predikat


def test_with_nobody_left_above_the_evaluation_goes_to_hrs_list(open_cycle, team):
    from positions.models import Assignment

    Assignment.objects.filter(employee__in=[team["supervisor"], team["kabid"], team["head"]]).update(
        end_date=dt.date(2025, 6, 30)
    )
    services.raters_follow_vacated_seats(today=dt.date(2025, 7, 1))
    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    assert evaluation.rater_id is None and evaluation in Evaluation.objects.without_rater()


def test_a_closed_cycle_is_left_alone_when_a_seat_empties(open_cycle, team):
    from positions.models import Assignment

    EvaluationCycle.objects.filter(pk=open_cycle.pk).update(status=EvaluationCycle.Status.CLOSED)
    Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2025, 6, 30))
    assert services.raters_follow_vacated_seats(today=dt.date(2025, 7, 1)) == 0


def test_moving_raters_up_costs_the_same_queries_for_more_staff_under_the_empty_seat(
    org, team, hr_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from positions import services as position_services
    from positions.models import Assignment
    from tests.factories import EmployeeFactory

    years = iter([2023, 2024, 2025])
    added = [0]

    def run(extra: int) -> int:
        for i in range(extra):
            person = EmployeeFactory(birth=dt.date(1992, 3, 1 + i))
            position_services.assignment_create(employee=person, position=org["staff"], start_date=dt.date(2021, 1, 4))
        added[0] += extra
        cycle = make_cycle(hr_staff, year=next(years))
        services.cycle_open(cycle=cycle, actor=hr_staff, on=ON.replace(year=cycle.year))
        Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2025, 6, 30))
        with CaptureQueriesContext(connection) as queries:
            moved = services.raters_follow_vacated_seats(today=dt.date(2025, 7, 1))
        Assignment.objects.filter(employee=team["supervisor"]).update(end_date=None)
        assert moved == 2 + added[0]
        return len(queries)

    org["staff"].formasi = 20
    org["staff"].save()
    run(0)  # warms the per-process caches (content types, settings)
    assert run(1) == run(10)


def test_a_closed_cycle_keeps_its_counts_and_the_list_shows_them_without_counting(open_cycle, team, hr_staff):
    closed = closed_cycle(open_cycle, team, hr_staff)
    total = Evaluation.objects.filter(cycle=closed).count()
    rated = Evaluation.objects.filter(cycle=closed).exclude(predikat="").count()
    assert (closed.closed_evaluations, closed.closed_rated) == (total, rated)
    (listed,) = selectors.cycles()
    assert (listed.n_evaluations, listed.n_rated) == (total, rated)
    # Read from the cycle: a row changed behind the services' back does not move the count.
    Evaluation.objects.filter(cycle=closed).update(predikat="")
    assert selectors.cycle_detail(closed.pk).n_rated == rated


def test_a_cycle_closed_without_its_counts_is_counted(open_cycle, team, hr_staff):
    EvaluationCycle.objects.filter(pk=open_cycle.pk).update(status=EvaluationCycle.Status.CLOSED)
    (listed,) = selectors.cycles()
    assert listed.n_evaluations == Evaluation.objects.filter(cycle=open_cycle).count()


def test_a_closed_cycle_keeps_its_predikat_counts_per_unit_and_the_kurva_reads_them(open_cycle, team, hr_staff):
    closed = closed_cycle(open_cycle, team, hr_staff)
    counted = sorted(map(list, selectors.kurva_counts(closed)))
    assert sorted(closed.closed_kurva) == counted
    assert any(n for *_, n in counted)
    stored = selectors.monitoring_kurva(closed)
    # The same figures as counting the evaluations (the cycle still open would count them).
    closed.closed_kurva = None
    assert selectors.monitoring_kurva(closed) == stored
    # Read from the cycle: a row changed behind the services' back does not move the figures.
    closed.refresh_from_db()
    Evaluation.objects.filter(cycle=closed).update(predikat="")
    assert selectors.monitoring_kurva(closed) == stored
