import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import services
from assessments.models import (
    Application,
    ApplicationDocument,
    CommitteeMember,
    ConflictDeclaration,
    Decision,
    Objection,
    Score,
    Stage,
    StageResult,
    Vacancy,
)
from positions import selectors as position_selectors
from positions.models import Assignment
from semarang_asn.core.models import AuditEvent, Notification, Setting
from tests.assessments.conftest import (
    AFTER,
    CLOSES,
    DURING,
    OPENS,
    STAGES,
    declare_all,
    make_committee,
    make_vacancy,
    publish,
)
from tests.factories import PDF_BYTES, PositionFactory

PDF = PDF_BYTES


def pdf(name="berkas.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Vacancies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "ptype", "requirements", "refused"),
    [
        ("jpt_pratama", "JPT", {"max_age": 57}, "56 tahun"),  # looser than the statutory 56
        ("jpt_pratama", "JPT", {"max_age": 56}, None),
        ("jpt_pratama", "JPT", {"max_age": 50}, None),  # stricter: allowed
        ("administrator", "JA", {"min_education": "D3"}, "S1"),
        ("administrator", "JA", {"min_education": "D4"}, None),  # S1/D-IV are one level
        ("pengawas", "JA", {"min_education": "SMA"}, "D3"),
        ("jpt_madya", "JPT", {"max_age": 59}, "58 tahun"),
    ],
)
def test_hr_may_add_to_a_level_requirements_but_never_loosen_them(org, hr_staff, level, ptype, requirements, refused):
    seat = PositionFactory(code=f"P-{level}", org_unit=org["opd"], type=ptype, level=level, kelas_jabatan=12)
    if refused:
        with pytest.raises(ValidationError, match=refused):
            make_vacancy(seat, hr_staff, **requirements)
        assert not Vacancy.objects.exists()
    else:
        assert make_vacancy(seat, hr_staff, **requirements).pk


def test_publishing_freezes_the_age_reference_date_defaulting_to_the_last_day_of_registration(draft, hr_staff):
    published = publish(draft, hr_staff)
    assert Vacancy.objects.get(pk=published.pk).age_reference_date == CLOSES
    published.age_reference_date = AFTER
    with pytest.raises(ValidationError):
        services.vacancy_update(vacancy=published, stages=[dict(s) for s in STAGES], actor=hr_staff)
    assert Vacancy.objects.get(pk=published.pk).age_reference_date == CLOSES


def test_an_age_reference_date_before_registration_is_refused(seat, hr_staff):
    with pytest.raises(ValidationError, match="acuan usia"):
        make_vacancy(seat, hr_staff, age_reference_date=OPENS - dt.timedelta(days=1))


def test_a_vacancy_whose_weights_do_not_total_100_is_refused_and_nothing_is_written(seat, hr_staff):
    stages = [dict(s) for s in STAGES]
    stages[0]["weight"] = Decimal("19.99")
    with pytest.raises(ValidationError, match="100"):
        make_vacancy(seat, hr_staff, stages=stages)
    assert not Vacancy.objects.exists()
    assert not Stage.objects.exists()


def test_a_registration_window_shorter_than_the_configured_minimum_is_refused(seat, hr_staff):
    with pytest.raises(ValidationError, match="minimal 15 hari"):
        make_vacancy(seat, hr_staff, closes=OPENS + dt.timedelta(days=13))
    make_vacancy(seat, hr_staff, closes=OPENS + dt.timedelta(days=14))  # 15 days inclusive


def test_the_minimum_window_is_configurable(seat, hr_staff):
    Setting.objects.filter(key="assessments.registration_min_days").update(value=5)
    make_vacancy(seat, hr_staff, closes=OPENS + dt.timedelta(days=4))


def test_a_vacancy_needs_a_vacant_seat(org, kabid, hr_staff):
    with pytest.raises(ValidationError, match="kursi kosong"):
        make_vacancy(org["kabid"], hr_staff)


def test_the_default_number_of_names_is_three(draft):
    assert draft.names_to_official == 3


def test_publishing_assigns_a_number_and_audits(vacancy):
    assert vacancy.code == f"SEL-2026-{vacancy.pk:04d}"
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="vacancy.publish", target_id=str(vacancy.pk)).exists()


def test_a_draft_can_be_changed(draft, hr_staff):
    draft.max_age = 50
    stages = [dict(s) for s in STAGES]
    stages[0]["weight"], stages[1]["weight"] = Decimal("25"), Decimal("25")
    services.vacancy_update(vacancy=draft, stages=stages, actor=hr_staff)
    assert draft.stages.get(kind="administration").weight == Decimal("25")
    assert AuditEvent.objects.filter(action="vacancy.update").exists()


def test_publishing_freezes_requirements_and_weights_and_the_refusal_is_audited(vacancy, hr_staff):
    vacancy.max_age = 40
    stages = [dict(s) for s in STAGES]
    stages[0]["weight"], stages[2]["weight"] = Decimal("30"), Decimal("40")
    with pytest.raises(ValidationError, match="sudah diumumkan"):
        services.vacancy_update(vacancy=vacancy, stages=stages, actor=hr_staff)
    fresh = Vacancy.objects.get(pk=vacancy.pk)
    assert fresh.max_age is None
    assert fresh.stages.get(kind="administration").weight == Decimal("20")
    refused = AuditEvent.objects.get(action="vacancy.change_refused")
    assert refused.actor == hr_staff


def test_a_published_vacancy_cannot_be_published_twice(vacancy, hr_staff):
    with pytest.raises(ValidationError):
        services.vacancy_publish(vacancy=vacancy, actor=hr_staff, on=OPENS)


# Committee ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "internal", "ok"), [(5, 2, True), (5, 3, False), (4, 1, False), (7, 3, True)])
def test_the_committee_rule_is_enforced_on_confirmation(draft, hr_staff, size, internal, ok):
    if ok:
        make_committee(draft, hr_staff, size=size, internal=internal)
        assert Vacancy.objects.get(pk=draft.pk).committee_confirmed_at is not None
    else:
        with pytest.raises(ValidationError):
            make_committee(draft, hr_staff, size=size, internal=internal)
        assert Vacancy.objects.get(pk=draft.pk).committee_confirmed_at is None


def test_a_jpt_committee_ignores_the_non_jpt_setting(org, hr_staff):
    Setting.objects.filter(key="assessments.committee_min_non_jpt").update(value=3)
    jpt = PositionFactory(code="P-JPT", org_unit=org["opd"], type="JPT", level="jpt_pratama", kelas_jabatan=14)
    with pytest.raises(ValidationError, match="5 sampai 9"):
        make_committee(make_vacancy(jpt, hr_staff), hr_staff, size=3, internal=1)


def test_a_non_jpt_committee_follows_the_configured_rule(draft, hr_staff):
    Setting.objects.filter(key="assessments.committee_min_non_jpt").update(value=3)
    Setting.objects.filter(key="assessments.committee_internal_max_pct_non_jpt").update(value=70)
    make_committee(draft, hr_staff, size=3, internal=2)


def test_only_assessors_sit_on_a_committee(draft, hr_staff, employee):
    with pytest.raises(ValidationError, match="asesor"):
        services.committee_member_add(vacancy=draft, user=employee, is_internal=True, actor=hr_staff)


def test_a_confirmed_committee_cannot_change(committee, hr_staff):
    with pytest.raises(ValidationError):
        services.committee_member_remove(member=committee[0], actor=hr_staff)
    assert CommitteeMember.objects.count() == 5


# Applications --------------------------------------------------------------------------------


def test_an_eligible_employee_applies_and_gets_a_registration_number(vacancy, employee_record, employee):
    app = services.application_submit(
        vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING
    )
    assert app.registration_number == f"{vacancy.code}-001"
    assert all(c["status"] == "met" for c in app.screening)
    assert AuditEvent.objects.filter(action="application.submit").exists()
    assert employee.notifications.count() == 1


def test_applying_twice_is_refused(applications, vacancy, employee_record, employee):
    with pytest.raises(ValidationError, match="sudah mendaftar"):
        services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING)


@pytest.mark.parametrize("on", [OPENS - dt.timedelta(days=1), CLOSES + dt.timedelta(days=1)])
def test_applying_outside_the_window_is_refused(vacancy, employee_record, employee, on):
    with pytest.raises(ValidationError, match="tidak sedang dibuka"):
        services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=on)
    assert not Application.objects.exists()


def test_an_ineligible_employee_cannot_submit_and_is_told_why(seat, hr_staff, employee_record, employee):
    from positions.models import Rank

    vacancy = make_vacancy(seat, hr_staff, min_rank=Rank.objects.get(code="III/d"))
    vacancy = publish(vacancy, hr_staff)
    with pytest.raises(ValidationError, match="Pangkat minimal III/d"):
        services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING)
    assert not Application.objects.exists()


def test_leadership_training_needs_an_uploaded_certificate(seat, hr_staff, employee_record, employee):
    vacancy = publish(make_vacancy(seat, hr_staff, leadership_training="PKA"), hr_staff)
    with pytest.raises(ValidationError, match="PKA"):
        services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING)
    app = services.application_submit(
        vacancy=vacancy, employee=employee_record, documents={"training": pdf()}, actor=employee, on=DURING
    )
    assert {c["key"]: c["status"] for c in app.screening}["training"] == "check"
    assert app.documents.get().kind == ApplicationDocument.Kind.TRAINING


def test_hr_cannot_pass_administration_without_accepting_the_certificate(seat, hr_staff, employee_record, employee):
    vacancy = publish(make_vacancy(seat, hr_staff, leadership_training="PKA"), hr_staff)
    app = services.application_submit(
        vacancy=vacancy, employee=employee_record, documents={"training": pdf()}, actor=employee, on=DURING
    )
    with pytest.raises(ValidationError):
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    services.application_verify(application=app, passed=True, reason="", training_certificate_ok=True, actor=hr_staff)
    assert Application.objects.get(pk=app.pk).admin_status == Application.Admin.PASSED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("makalah.docx", PDF, "jenis berkas"),
        ("makalah.pdf", b"MZ\x90\x00 not a pdf", "bukan PDF"),
        ("makalah.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "paling besar"),
    ],
)
def test_uploads_are_limited_by_type_content_and_size(vacancy, employee_record, employee, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.application_submit(
            vacancy=vacancy,
            employee=employee_record,
            documents={"paper": pdf(name, content)},
            actor=employee,
            on=DURING,
        )
    assert not ApplicationDocument.objects.exists()


def test_hr_registers_an_external_candidate(vacancy, hr_staff):
    app = services.application_register_external(
        vacancy=vacancy,
        nip="198001012005011001",
        name="Budi Luar",
        origin_agency="Pemerintah Kabupaten Demak",
        education="S2",
        documents={},
        actor=hr_staff,
    )
    assert app.is_external and app.employee is None
    assert AuditEvent.objects.filter(action="application.register_external").exists()


def test_an_external_candidate_needs_a_valid_nip(vacancy, hr_staff):
    with pytest.raises(ValidationError, match="18 digit"):
        services.application_register_external(
            vacancy=vacancy,
            nip="123",
            name="X",
            origin_agency="Kab. Demak",
            education="S1",
            documents={},
            actor=hr_staff,
        )


def test_the_nip_of_an_active_city_employee_is_refused_as_external(vacancy, hr_staff, employee_record):
    from assessments.models import Application

    with pytest.raises(ValidationError) as caught:
        services.application_register_external(
            vacancy=vacancy,
            nip=employee_record.nip,
            name="Menyamar",
            origin_agency="Kab. Demak",
            education="S1",
            documents={},
            actor=hr_staff,
        )
    assert "pegawai aktif Pemerintah Kota Semarang" in caught.value.message_dict["nip"][0]
    assert not Application.objects.exists()


def test_failing_administration_needs_a_reason(applications, hr_staff):
    with pytest.raises(ValidationError):
        services.application_verify(application=applications[0], passed=False, reason=" ", actor=hr_staff)
    services.application_verify(application=applications[0], passed=False, reason="Ijazah tidak sah", actor=hr_staff)
    event = AuditEvent.objects.get(action="application.verify")
    assert event.reason == "Ijazah tidak sah"


# Conflicts and scoring -----------------------------------------------------------------------


def test_a_stage_cannot_open_while_registration_is_running(vacancy, committee, verified, hr_staff):
    with pytest.raises(ValidationError, match="belum ditutup"):
        services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=CLOSES)


def test_a_stage_cannot_open_with_unverified_applicants(vacancy, committee, applications, hr_staff):
    with pytest.raises(ValidationError, match="diverifikasi"):
        services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=AFTER)


def test_a_later_stage_waits_for_the_previous_announcement(vacancy, committee, verified, hr_staff):
    with pytest.raises(ValidationError, match="sebelumnya"):
        services.stage_open(stage=vacancy.stages.get(order=2), actor=hr_staff, on=AFTER)


def test_an_assessor_must_declare_before_scoring(vacancy, committee, verified, hr_staff):
    stage = vacancy.stages.first()
    services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
    member = committee[0]
    with pytest.raises(ValidationError, match="pernyataan"):
        services.score_submit(
            stage=stage, application=verified[0], member=member, value=80, comment="ok", actor=member.user
        )
    assert not Score.objects.exists()


def test_a_declared_conflict_recuses_the_assessor_and_is_kept(vacancy, committee, verified, hr_staff):
    stage = vacancy.stages.first()
    services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
    member = committee[1]
    services.conflict_declare(
        member=member, application=verified[0], has_conflict=True, statement="Saudara ipar", actor=member.user
    )
    with pytest.raises(ValidationError, match="konflik"):
        services.score_submit(
            stage=stage, application=verified[0], member=member, value=80, comment="ok", actor=member.user
        )
    with pytest.raises(ValidationError, match="sudah dibuat"):
        services.conflict_declare(
            member=member, application=verified[0], has_conflict=False, statement="", actor=member.user
        )
    assert ConflictDeclaration.objects.get(member=member).statement == "Saudara ipar"


def test_a_conflict_needs_a_statement(committee, verified):
    member = committee[0]
    with pytest.raises(ValidationError):
        services.conflict_declare(
            member=member, application=verified[0], has_conflict=True, statement="", actor=member.user
        )


def test_nobody_declares_for_someone_else(committee, verified):
    with pytest.raises(ValidationError):
        services.conflict_declare(
            member=committee[0], application=verified[0], has_conflict=False, statement="", actor=committee[1].user
        )


def test_a_submitted_score_is_locked(scoring, committee, verified):
    member = committee[0]
    services.score_submit(
        stage=scoring, application=verified[0], member=member, value=80, comment="a", actor=member.user
    )
    with pytest.raises(ValidationError, match="terkunci"):
        services.score_submit(
            stage=scoring, application=verified[0], member=member, value=90, comment="b", actor=member.user
        )
    assert Score.objects.get().value == Decimal("80")
    assert AuditEvent.objects.filter(action="score.submit").count() == 1


@pytest.mark.parametrize(("value", "comment"), [(101, "x"), (-1, "x"), (80, " ")])
def test_a_score_is_0_to_100_with_a_comment(scoring, committee, verified, value, comment):
    member = committee[0]
    with pytest.raises(ValidationError):
        services.score_submit(
            stage=scoring, application=verified[0], member=member, value=value, comment=comment, actor=member.user
        )
    assert not Score.objects.exists()


def test_the_stage_does_not_lock_before_every_non_recused_assessor_submits(scoring, committee, verified, hr_staff):
    a, b = verified
    for m in committee[:4]:
        for app in (a, b):
            services.score_submit(stage=scoring, application=app, member=m, value=70, comment="c", actor=m.user)
    with pytest.raises(ValidationError, match="kuorum"):
        services.stage_lock(stage=scoring, actor=hr_staff)
    assert not StageResult.objects.exists()


def test_a_recused_assessor_does_not_count_for_the_quorum(vacancy, committee, verified, hr_staff):
    a, b = verified
    recused = committee[4]
    services.conflict_declare(member=recused, application=a, has_conflict=True, statement="Atasan", actor=recused.user)
    for m in committee:
        for app in (a, b):
            if not (m == recused and app == a):
                services.conflict_declare(member=m, application=app, has_conflict=False, statement="", actor=m.user)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=AFTER)
    for m in committee:
        for app in (a, b):
            if not (m == recused and app == a):
                services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
    services.stage_lock(stage=stage, actor=hr_staff)
    assert StageResult.objects.get(application=a).value == Decimal("80.00")


def test_locking_computes_the_mean_flags_spread_and_stops_those_under_the_pass_mark(
    scoring, committee, verified, hr_staff
):
    a, b = verified
    for m, va, vb in zip(committee, [70, 72, 74, 76, 98], [50, 55, 60, 55, 50], strict=True):
        services.score_submit(stage=scoring, application=a, member=m, value=va, comment="c", actor=m.user)
        services.score_submit(stage=scoring, application=b, member=m, value=vb, comment="c", actor=m.user)
    services.stage_lock(stage=scoring, actor=hr_staff)
    ra, rb = StageResult.objects.get(application=a), StageResult.objects.get(application=b)
    assert (ra.value, ra.passed, ra.spread) == (Decimal("78.00"), True, Decimal("28.00"))
    assert (rb.value, rb.passed) == (Decimal("54.00"), False)
    assert Application.objects.get(pk=b.pk).stopped_at_id == scoring.pk
    assert AuditEvent.objects.filter(action="stage.lock").exists()
    assert AuditEvent.objects.filter(action="stage.result").count() == 2


def test_calibration_needs_a_written_reason_and_is_audited(scoring, committee, verified, hr_staff):
    m = committee[0]
    score = services.score_submit(stage=scoring, application=verified[0], member=m, value=40, comment="c", actor=m.user)
    with pytest.raises(ValidationError):
        services.score_adjust(score=score, value=70, reason="", actor=hr_staff)
    services.score_adjust(score=score, value=70, reason="Salah baca rubrik", actor=hr_staff)
    score.refresh_from_db()
    assert (score.value, score.original_value) == (Decimal("70"), Decimal("40"))
    event = AuditEvent.objects.get(action="score.adjust")
    assert (event.before, event.after, event.reason) == ({"value": "40.00"}, {"value": "70.00"}, "Salah baca rubrik")


def test_no_calibration_after_the_stage_is_locked(vacancy, committee, verified, hr_staff):
    declare_all(committee, verified)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=AFTER)
    for m in committee:
        for app in verified:
            services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
    services.stage_lock(stage=stage, actor=hr_staff)
    with pytest.raises(ValidationError, match="dikunci"):
        services.score_adjust(score=Score.objects.first(), value=70, reason="x", actor=hr_staff)


def test_the_last_announcement_ranks_the_finalists(finished):
    a, b = Application.objects.filter(vacancy=finished).order_by("seq")
    # a: 80*.2 + 75*.3 + 90*.5 = 16 + 22.5 + 45; b: 14 + 21 + 32.5
    assert (a.final_score, a.final_rank) == (Decimal("83.50"), 1)
    assert (b.final_score, b.final_rank) == (Decimal("67.50"), 2)
    assert a.proposed and b.proposed
    assert finished.status == Vacancy.Status.PROPOSED


# Objections, proposal, appointment ------------------------------------------------------------


def _announced_first_stage(vacancy, committee, verified, hr_staff):
    declare_all(committee, verified)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=AFTER)
    for m in committee:
        for app in verified:
            services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
    services.stage_lock(stage=stage, actor=hr_staff)
    return services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=AFTER)


def test_objections_are_filed_in_the_window_and_answered_in_writing(vacancy, committee, verified, hr_staff, employee):
    stage = _announced_first_stage(vacancy, committee, verified, hr_staff)
    assert stage.objection_until == AFTER + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="berakhir"):
        services.objection_file(
            stage=stage, application=verified[0], text="x", actor=employee, on=AFTER + dt.timedelta(days=4)
        )
    objection = services.objection_file(
        stage=stage, application=verified[0], text="Nilai saya keliru", actor=employee, on=AFTER
    )
    services.objection_answer(objection=objection, answer="Sudah diperiksa ulang; nilai benar.", actor=hr_staff)
    objection.refresh_from_db()
    assert objection.text == "Nilai saya keliru" and objection.answer.startswith("Sudah")
    with pytest.raises(ValidationError):
        services.objection_answer(objection=objection, answer="lagi", actor=hr_staff)


def test_only_the_applicant_files_their_objection(vacancy, committee, verified, hr_staff, other_employee):
    stage = _announced_first_stage(vacancy, committee, verified, hr_staff)
    with pytest.raises(ValidationError):
        services.objection_file(stage=stage, application=verified[0], text="x", actor=other_employee, on=AFTER)
    assert not Objection.objects.exists()


def test_the_proposal_waits_for_the_objection_window(vacancy, committee, verified, hr_staff):
    declare_all(committee, verified)
    for stage in vacancy.stages.order_by("order"):
        services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
        for m in committee:
            for app in verified:
                services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
        services.stage_lock(stage=stage, actor=hr_staff)
        services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=AFTER)
    with pytest.raises(ValidationError, match="Masa sanggah"):
        services.vacancy_propose(vacancy=vacancy, actor=hr_staff, on=AFTER)


def test_only_the_top_names_are_proposed(finished, hr_staff):
    assert Application.objects.filter(vacancy=finished, proposed=True).count() == 2  # fewer finalists than 3


def test_the_official_appoints_the_top_name_and_the_seat_is_filled(finished, official, seat, employee_record):
    assert position_selectors.position_detail(seat.pk).vacant == 1
    top = Application.objects.get(vacancy=finished, final_rank=1)
    services.appointment_decide(
        vacancy=finished, application=top, reason="", start_date=dt.date(2026, 5, 2), actor=official
    )
    assignment = Assignment.objects.get(position=seat)
    assert assignment.employee == employee_record and assignment.kind == "definitive"
    previous = Assignment.objects.get(employee=employee_record, position__code="P-STAF")
    assert previous.end_date == dt.date(2026, 5, 1)
    assert Vacancy.objects.get(pk=finished.pk).status == Vacancy.Status.APPOINTED
    assert position_selectors.vacant_positions().filter(pk=seat.pk).exists() is False
    assert AuditEvent.objects.filter(action="appointment.decide").exists()


def test_picking_a_lower_ranked_name_needs_a_written_reason(finished, official):
    second = Application.objects.get(vacancy=finished, final_rank=2)
    with pytest.raises(ValidationError, match="alasan"):
        services.appointment_decide(
            vacancy=finished, application=second, reason="", start_date=dt.date(2026, 5, 2), actor=official
        )
    assert not Decision.objects.exists()
    assert not Assignment.objects.filter(position=finished.position).exists()
    services.appointment_decide(
        vacancy=finished,
        application=second,
        reason="Pengalaman pengelolaan anggaran lebih relevan",
        start_date=dt.date(2026, 5, 2),
        actor=official,
    )
    assert Decision.objects.get().application == second


def test_an_external_appointee_gets_a_record(vacancy, committee, applications, hr_staff, official):
    ext = services.application_register_external(
        vacancy=vacancy,
        nip="198001012005011001",
        name="Budi Luar",
        origin_agency="Kab. Demak",
        education="S2",
        documents={},
        actor=hr_staff,
    )
    for app in [*applications, ext]:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    apps = list(Application.objects.filter(vacancy=vacancy).order_by("seq"))
    declare_all(committee, apps)
    for stage in vacancy.stages.order_by("order"):
        services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
        for m in committee:
            for app in apps:
                value = 95 if app.pk == ext.pk else 70
                services.score_submit(stage=stage, application=app, member=m, value=value, comment="c", actor=m.user)
        services.stage_lock(stage=stage, actor=hr_staff)
        services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=AFTER)
    services.vacancy_propose(vacancy=vacancy, actor=hr_staff, on=AFTER + dt.timedelta(days=10))
    top = Application.objects.get(vacancy=vacancy, final_rank=1)
    assert top.pk == ext.pk
    services.appointment_decide(
        vacancy=vacancy, application=top, reason="", start_date=dt.date(2026, 5, 2), actor=official
    )
    assert Assignment.objects.get(position=vacancy.position).employee.nip == "198001012005011001"


# Notifications and reminders -------------------------------------------------------------------


def test_opening_a_stage_tells_every_assessor(scoring, committee):
    for member in committee:
        assert member.user.notifications.filter(subject__contains="dibuka").count() == 1


def test_the_daily_reminder_goes_to_assessors_who_still_owe_a_score_once_a_day(scoring, committee, verified):
    from assessments import tasks

    done = committee[0]
    for app in verified:
        services.score_submit(stage=scoring, application=app, member=done, value=80, comment="c", actor=done.user)
    assert tasks.send_scoring_reminders("2026-03-22") == 4
    assert tasks.send_scoring_reminders("2026-03-22") == 0
    assert not done.user.notifications.filter(subject__startswith="Pengingat").exists()
    assert committee[1].user.notifications.get(subject__startswith="Pengingat").subject == (
        "Pengingat: 2 nilai belum dikirim"
    )
    assert tasks.send_scoring_reminders("2026-03-23") == 4


def test_no_external_candidate_after_the_administration_result(vacancy, verified, hr_staff):
    with pytest.raises(ValidationError, match="sudah diumumkan"):
        services.application_register_external(
            vacancy=vacancy,
            nip="198001012005011001",
            name="X",
            origin_agency="Kab. Demak",
            education="S1",
            documents={},
            actor=hr_staff,
        )


def test_the_administration_result_waits_for_every_verification_and_closes_it(vacancy, applications, hr_staff):
    services.application_verify(application=applications[0], passed=True, reason="", actor=hr_staff)
    with pytest.raises(ValidationError, match="belum diverifikasi"):
        services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    services.application_verify(application=applications[1], passed=False, reason="Ijazah", actor=hr_staff)
    with pytest.raises(ValidationError, match="belum ditutup"):
        services.administration_announce(vacancy=vacancy, actor=hr_staff, on=CLOSES)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    assert AuditEvent.objects.get(action="administration.announce").after == {
        "objection_until": (AFTER + dt.timedelta(days=3)).isoformat(),
        "passed": 1,
        "failed": 1,
    }
    with pytest.raises(ValidationError, match="ditutup"):
        services.application_verify(application=applications[1], passed=True, reason="", actor=hr_staff)


def test_scoring_waits_for_the_administration_result(vacancy, committee, applications, hr_staff):
    for app in applications:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    with pytest.raises(ValidationError, match="administrasi lebih dulu"):
        services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=AFTER)


def test_the_administration_announcement_opens_an_objection_window_and_tells_the_applicants(
    vacancy, applications, hr_staff, employee
):
    services.application_verify(application=applications[0], passed=False, reason="Ijazah tidak sah", actor=hr_staff)
    services.application_verify(application=applications[1], passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    vacancy.refresh_from_db()
    assert vacancy.admin_objection_until == AFTER + dt.timedelta(days=3)
    assert Notification.objects.filter(recipient=employee, subject__icontains="administrasi").count() == 1


def test_an_applicant_objects_to_the_administration_result_within_its_window(
    vacancy, applications, hr_staff, employee, other_employee
):
    with pytest.raises(ValidationError, match="belum diumumkan"):
        services.objection_file(stage=None, application=applications[0], text="x", actor=employee, on=AFTER)
    services.application_verify(application=applications[0], passed=False, reason="Ijazah tidak sah", actor=hr_staff)
    services.application_verify(application=applications[1], passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    with pytest.raises(ValidationError, match="berakhir"):
        services.objection_file(
            stage=None, application=applications[0], text="x", actor=employee, on=AFTER + dt.timedelta(days=4)
        )
    with pytest.raises(ValidationError, match="bersangkutan"):
        services.objection_file(stage=None, application=applications[0], text="x", actor=other_employee, on=AFTER)
    assert not Objection.objects.exists()
    objection = services.objection_file(
        stage=None, application=applications[0], text="Ijazah saya sah, terlampir legalisir.", actor=employee, on=AFTER
    )
    assert objection.stage is None and objection.subject == "Seleksi administrasi"
    assert AuditEvent.objects.filter(action="objection.file", target_id=str(objection.pk)).exists()
    services.objection_answer(objection=objection, answer="Legalisir diperiksa; ijazah sah.", actor=hr_staff)
    objection.refresh_from_db()
    assert objection.answer.startswith("Legalisir") and objection.answered_by == hr_staff


def test_scoring_waits_until_every_objection_is_answered(vacancy, committee, applications, hr_staff, employee):
    for app in applications:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    objection = services.objection_file(
        stage=None, application=applications[0], text="Nama saya salah tulis.", actor=employee, on=AFTER
    )
    stage = vacancy.stages.first()
    with pytest.raises(ValidationError, match="sanggahan"):
        services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
    assert Stage.objects.get(pk=stage.pk).state == Stage.State.PENDING
    services.objection_answer(objection=objection, answer="Sudah dibetulkan.", actor=hr_staff)
    services.stage_open(stage=stage, actor=hr_staff, on=AFTER)


def test_a_selection_without_qualified_applicants_is_cancelled_with_a_reason_and_frees_the_seat(
    vacancy, applications, hr_staff, seat
):
    with pytest.raises(ValidationError, match="alasan"):
        services.vacancy_cancel(vacancy=vacancy, reason="  ", actor=hr_staff)
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.PUBLISHED
    with pytest.raises(ValidationError, match="Sudah ada seleksi berjalan"):
        make_vacancy(seat, hr_staff)
    services.vacancy_cancel(vacancy=vacancy, reason="Tidak ada pelamar yang memenuhi syarat.", actor=hr_staff)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CANCELLED and vacancy.closed_at is not None
    event = AuditEvent.objects.get(action="vacancy.cancel")
    assert event.reason == "Tidak ada pelamar yang memenuhi syarat." and event.before == {"status": "published"}
    with pytest.raises(ValidationError, match="dibatalkan"):
        services.vacancy_cancel(vacancy=vacancy, reason="lagi", actor=hr_staff)
    with pytest.raises(ValidationError, match="tidak sedang dibuka"):
        services.application_submit(
            vacancy=vacancy, employee=applications[0].employee, documents={}, actor=hr_staff, on=DURING
        )
    assert make_vacancy(seat, hr_staff).pk != vacancy.pk  # the seat can be offered again


def test_an_appointed_selection_cannot_be_cancelled(finished, official, hr_staff):
    app = Application.objects.get(vacancy=finished, final_rank=1)
    services.appointment_decide(
        vacancy=finished, application=app, reason="", start_date=dt.date(2026, 5, 2), actor=official
    )
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.vacancy_cancel(vacancy=finished, reason="x", actor=hr_staff)
    assert Vacancy.objects.get(pk=finished.pk).status == Vacancy.Status.APPOINTED
