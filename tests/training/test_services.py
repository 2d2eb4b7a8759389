import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from positions.models import Competency
from semarang_asn.core.models import AuditEvent, Notification
from training import selectors, services
from training.models import Certificate, Enrollment, ExternalTraining, JpCredit, LessonProgress, QuizAttempt

from .conftest import build_course, complete_course, right_answers

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


# --- enrolment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes", "today", "ok"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 2, 28), False),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 1), True),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 3, 31), True),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 4, 1), False),
        (None, None, dt.date(2026, 4, 1), True),
    ],
)
def test_enrolment_is_open_only_inside_its_window(hr_staff, employee_record, opens, closes, today, ok):
    course = build_course(hr_staff, enrol_opens=opens, enrol_closes=closes)
    if ok:
        services.enrollment_create(course=course, employee=employee_record, today=today)
        assert Enrollment.objects.count() == 1
    else:
        with pytest.raises(ValidationError, match="tidak dibuka"):
            services.enrollment_create(course=course, employee=employee_record, today=today)
        assert Enrollment.objects.count() == 0


def test_a_full_class_refuses_the_next_employee(hr_staff, employee_record, other_employee_record):
    course = build_course(hr_staff, capacity=1, modality="virtual")
    services.enrollment_create(course=course, employee=employee_record)

    with pytest.raises(ValidationError, match="penuh"):
        services.enrollment_create(course=course, employee=other_employee_record)
    # Enrolling again is not a second seat.
    services.enrollment_create(course=course, employee=employee_record)
    assert Enrollment.objects.count() == 1


def test_an_unpublished_course_cannot_be_enrolled(hr_staff, employee_record):
    course = build_course(hr_staff, publish=False)
    with pytest.raises(ValidationError, match="belum diterbitkan"):
        services.enrollment_create(course=course, employee=employee_record)


# --- progress ------------------------------------------------------------------------------


def test_progress_is_kept_per_lesson_and_the_employee_resumes_where_they_stopped(hr_staff, employee_record):
    course = build_course(hr_staff, lessons=3)
    first, second, third = course.lessons.order_by("order")
    enrollment = services.enrollment_create(course=course, employee=employee_record)

    following = services.lesson_complete(enrollment=enrollment, lesson=first)
    enrollment.refresh_from_db()
    progress = selectors.progress_of(enrollment)

    assert following == second
    assert progress["done"] == 1 and progress["percent"] == 33
    assert progress["resume"] == second
    services.lesson_open(enrollment=enrollment, lesson=third)
    enrollment.refresh_from_db()
    assert selectors.progress_of(enrollment)["resume"] == third


def test_a_course_without_a_quiz_completes_on_its_last_lesson(hr_staff, employee_record):
    course = build_course(hr_staff, questions=0, jp="2")
    enrollment = complete_course(employee_record, course, day=DAY)

    assert enrollment.completed_on == DAY
    assert selectors.jp_totals(year=2026) == {employee_record.pk: Decimal("2")}


def test_completing_a_lesson_of_another_course_is_refused(hr_staff, employee_record):
    course = build_course(hr_staff)
    other = build_course(hr_staff, code="K-002", title="Lain")
    enrollment = services.enrollment_create(course=course, employee=employee_record)
    with pytest.raises(ValidationError):
        services.lesson_complete(enrollment=enrollment, lesson=other.lessons.first())
    assert LessonProgress.objects.count() == 0


# --- quiz ----------------------------------------------------------------------------------


def _ready(hr, employee, **fields):
    course = build_course(hr, questions=4, **fields)
    enrollment = services.enrollment_create(course=course, employee=employee)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    return course, enrollment


def test_the_quiz_waits_for_every_lesson(hr_staff, employee_record):
    course = build_course(hr_staff)
    enrollment = services.enrollment_create(course=course, employee=employee_record)
    with pytest.raises(ValidationError, match="Selesaikan semua materi"):
        services.quiz_start(enrollment=enrollment)


def test_passing_the_quiz_completes_the_course_with_a_certificate_and_jp(hr_staff, employee_record):
    _course, enrollment = _ready(hr_staff, employee_record, jp="6", pass_mark=75)
    attempt = services.quiz_start(enrollment=enrollment)
    answers = right_answers(attempt)
    wrong_one = next(iter(answers))
    answers[wrong_one] = next(o for o in dict(attempt.layout)[wrong_one] if o != answers[wrong_one])

    attempt = services.quiz_submit(attempt=attempt, answers=answers, today=DAY)

    assert attempt.score == 75 and attempt.passed
    enrollment.refresh_from_db()
    assert enrollment.completed_on == DAY
    assert Certificate.objects.get(enrollment=enrollment).issued_on == DAY
    assert JpCredit.objects.get().jp == Decimal("6")


def test_failing_leaves_the_course_open_and_the_next_attempt_waits(hr_staff, employee_record):
    _course, enrollment = _ready(hr_staff, employee_record, attempt_wait_minutes=60)
    now = timezone.now()
    attempt = services.quiz_start(enrollment=enrollment, now=now)
    attempt = services.quiz_submit(attempt=attempt, answers={}, now=now)

    assert attempt.score == 0 and not attempt.passed
    assert not Certificate.objects.exists() and not JpCredit.objects.exists()
    with pytest.raises(ValidationError, match="Percobaan berikutnya"):
        services.quiz_start(enrollment=enrollment, now=now + dt.timedelta(minutes=59))
    assert services.quiz_start(enrollment=enrollment, now=now + dt.timedelta(minutes=60)).pk != attempt.pk


def test_the_attempt_limit_is_enforced(hr_staff, employee_record):
    _course, enrollment = _ready(hr_staff, employee_record, max_attempts=2, attempt_wait_minutes=0)
    for _ in range(2):
        attempt = services.quiz_start(enrollment=enrollment)
        services.quiz_submit(attempt=attempt, answers={})

    with pytest.raises(ValidationError, match="Batas 2 kali"):
        services.quiz_start(enrollment=enrollment)
    assert QuizAttempt.objects.count() == 2


def test_an_open_attempt_is_resumed_not_duplicated_and_cannot_be_submitted_twice(hr_staff, employee_record):
    _course, enrollment = _ready(hr_staff, employee_record)
    attempt = services.quiz_start(enrollment=enrollment)
    assert services.quiz_start(enrollment=enrollment).pk == attempt.pk
    services.quiz_submit(attempt=attempt, answers=right_answers(attempt))
    with pytest.raises(ValidationError, match="sudah dikirim"):
        services.quiz_submit(attempt=attempt, answers={})


def test_answers_to_options_not_in_the_attempt_are_ignored(hr_staff, employee_record):
    _course, enrollment = _ready(hr_staff, employee_record)
    other = build_course(hr_staff, code="K-9", title="Lain")
    foreign_right = other.questions.first().options.get(is_correct=True).pk
    attempt = services.quiz_start(enrollment=enrollment)
    answers = {q: foreign_right for q, _ in attempt.layout}

    assert services.quiz_submit(attempt=attempt, answers=answers).score == 0


def test_questions_and_options_are_shuffled_per_attempt(hr_staff, employee_record):
    course = build_course(hr_staff, questions=8)
    enrollment = services.enrollment_create(course=course, employee=employee_record)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    layouts = set()
    for _ in range(6):
        attempt = services.quiz_start(enrollment=enrollment)
        layouts.add(str(attempt.layout))
        attempt.delete()
    assert len(layouts) > 1


# --- certificates --------------------------------------------------------------------------


def test_revoking_needs_hr_and_a_reason_and_is_audited(hr_staff, employee, employee_record):
    enrollment = complete_course(employee_record, build_course(hr_staff), day=DAY)
    certificate = enrollment.certificate
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, actor=employee, reason="x")
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, actor=hr_staff, reason=" ")
    assert not Certificate.objects.get().is_revoked

    services.certificate_revoke(certificate=certificate, actor=hr_staff, reason="Data peserta keliru")

    event = AuditEvent.objects.get(action="training.certificate_revoke")
    assert event.actor == hr_staff and event.reason == "Data peserta keliru"
    assert event.before["jp"] == "8.0"
    assert not JpCredit.objects.exists()


# --- external training ---------------------------------------------------------------------


def _submit(employee, **kwargs):
    data = {
        "title": "Bimtek Pengadaan Barang/Jasa",
        "organiser": "LKPP",
        "start_date": dt.date(2026, 1, 5),
        "end_date": dt.date(2026, 1, 7),
        "jp": Decimal("24"),
        "certificate_file": SimpleUploadedFile("s.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n", content_type="application/pdf"),
    }
    data.update(kwargs)
    return services.external_submit(employee=employee, **data)


def test_external_training_needs_a_real_certificate_file(employee_record):
    with pytest.raises(ValidationError) as exc:
        _submit(employee_record, certificate_file=SimpleUploadedFile("s.pdf", b"MZ\x90\x00program"))
    assert "certificate_file" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _submit(employee_record, certificate_file=SimpleUploadedFile("s.exe", b"%PDF-"))
    assert "certificate_file" in exc.value.message_dict
    assert not ExternalTraining.objects.exists()


def test_external_training_dates_must_be_in_order_and_finished(employee_record):
    with pytest.raises(ValidationError) as exc:
        _submit(employee_record, start_date=dt.date(2026, 1, 9))
    assert "end_date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _submit(employee_record, end_date=timezone.localdate() + dt.timedelta(days=1))
    assert not ExternalTraining.objects.exists()


def test_verified_external_training_counts_and_is_audited(hr_staff, employee_record):
    row = services.external_verify(training=_submit(employee_record), actor=hr_staff)

    assert row.status == ExternalTraining.Status.VERIFIED
    assert selectors.jp_totals(year=2026) == {employee_record.pk: Decimal("24")}
    assert AuditEvent.objects.filter(action="training.external_verify").count() == 1
    assert Notification.objects.filter(recipient=employee_record.user).count() == 1
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.external_reject(training=row, actor=hr_staff, reason="x")


def test_rejected_external_training_needs_a_reason_and_counts_nothing(hr_staff, employee, employee_record):
    row = _submit(employee_record)
    with pytest.raises(PermissionDenied):
        services.external_verify(training=row, actor=employee)
    with pytest.raises(ValidationError):
        services.external_reject(training=row, actor=hr_staff, reason="")

    services.external_reject(training=row, actor=hr_staff, reason="Sertifikat tidak terbaca")

    row.refresh_from_db()
    assert row.status == ExternalTraining.Status.REJECTED and row.decision_reason == "Sertifikat tidak terbaca"
    assert selectors.jp_totals(year=2026) == {}


# --- recommendations -----------------------------------------------------------------------


def _assess(employee, levels: dict[str, int]):
    from positions.models import AssessedCompetency, CompetencyAssessment

    assessment = CompetencyAssessment.objects.create(employee=employee, method="AC", assessed_on=dt.date(2025, 6, 1))
    AssessedCompetency.objects.bulk_create(
        [
            AssessedCompetency(assessment=assessment, competency=Competency.objects.get(code=c), level=v)
            for c, v in levels.items()
        ]
    )


def _standard(position, levels):
    from positions.models import PositionCompetency

    PositionCompetency.objects.filter(position=position).delete()
    PositionCompetency.objects.bulk_create(
        [
            PositionCompetency(position=position, competency=Competency.objects.get(code=c), required_level=v)
            for c, v in levels.items()
        ]
    )


def test_recommendations_answer_a_competency_gap_with_the_reason(hr_staff, org, employee_record):
    _standard(org["staff"], {"M.01": 2, "M.03": 2})
    _assess(employee_record, {"M.01": 1, "M.03": 2})
    integrity = build_course(hr_staff, code="A", title="Integritas", competencies=[("M.01", 2)])
    build_course(hr_staff, code="B", title="Komunikasi", competencies=[("M.03", 3)])  # no gap there
    build_course(hr_staff, code="C", title="Integritas dasar", competencies=[("M.01", 1)])  # does not close it

    items = selectors.recommendations(employee_record)

    assert [item["course"] for item in items if any(r["kind"] == "gap" for r in item["reasons"])] == [integrity]
    reason = items[-1]["reasons"][0]
    assert reason == {
        "kind": "gap",
        "competency": "M.01 Integritas",
        "assessed": 1,
        "required": 2,
        "course_level": 2,
    }


def test_recommendations_name_the_leadership_training_of_the_next_level(hr_staff, employee_record):
    pkp = build_course(hr_staff, code="PKP", title="PKP Angkatan I", leadership="PKP", competencies=[])
    build_course(hr_staff, code="PKA", title="PKA Angkatan I", leadership="PKA", competencies=[])

    items = selectors.recommendations(employee_record)  # a Pelaksana: next level Pengawas

    assert [item["course"] for item in items] == [pkp]
    assert items[0]["reasons"][0]["kind"] == "leadership_next"
    complete_course(employee_record, pkp, day=DAY)
    assert selectors.recommendations(employee_record) == []


def test_a_pengawas_without_pkp_is_told_it_is_required_now(hr_staff, supervisor_employee):
    pkp = build_course(hr_staff, code="PKP", title="PKP Angkatan I", leadership="PKP", competencies=[])
    build_course(hr_staff, code="PKA", title="PKA Angkatan I", leadership="PKA", competencies=[])

    items = selectors.recommendations(supervisor_employee)

    assert items[0]["course"] == pkp and items[0]["reasons"][0]["kind"] == "leadership_current"
    assert items[1]["reasons"][0]["kind"] == "leadership_next"


# --- compliance ----------------------------------------------------------------------------


def test_the_compliance_report_counts_employees_under_target_per_opd(
    hr_staff, head, kabid, supervisor_employee, employee_record, other_employee_record
):
    big = build_course(hr_staff, jp="20")
    small = build_course(hr_staff, code="K-2", title="Kecil", jp="12")
    complete_course(employee_record, big, day=DAY)
    complete_course(other_employee_record, small, day=DAY)
    complete_course(head, big, day=dt.date(2025, 12, 31))  # last year: does not count

    rows = selectors.compliance_by_opd(year=2026)

    assert rows == [
        {
            "opd_id": employee_record.assignments.get().position.org_unit.opd_id,
            "opd": "Dinas Contoh",
            "total": 5,
            "on_target": 1,
            "under": 4,
            "without_jp": 3,
            "percent": 20,
            "jp_avg": Decimal("6.4"),
        }
    ]
    under = list(selectors.compliance_employees(year=2026, under_only=True))
    assert employee_record not in under and len(under) == 4
    assert under[-1] == other_employee_record  # ordered by JP: 12 JP last among those under


# --- socialisation -------------------------------------------------------------------------


def test_socialisation_for_chosen_opd_is_hidden_from_other_opd(hr_staff, org, employee_record):
    from tests.factories import OrgUnitFactory

    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    material = services.socialisation_save(
        actor=hr_staff, title="Khusus", body="x", jp=Decimal("1"), for_all=False, opds=[other_opd], publish=True
    )
    assert selectors.socialisation_unread(employee_record) == []
    with pytest.raises(PermissionDenied):
        services.socialisation_acknowledge(material=material, employee=employee_record)

    mine = services.socialisation_save(
        actor=hr_staff, title="Untuk kami", body="x", jp=Decimal("1"), for_all=False, opds=[org["opd"]], publish=True
    )
    assert selectors.socialisation_unread(employee_record) == [(mine.pk, "Untuk kami")]
    services.socialisation_acknowledge(material=mine, employee=employee_record)
    services.socialisation_acknowledge(material=mine, employee=employee_record)
    assert selectors.socialisation_unread(employee_record) == []
    assert JpCredit.objects.filter(source="socialisation").count() == 1


def test_socialisation_needs_a_target(hr_staff):
    with pytest.raises(ValidationError) as exc:
        services.socialisation_save(
            actor=hr_staff, title="x", body="x", jp=Decimal("0"), for_all=False, opds=[], publish=True
        )
    assert "opds" in exc.value.message_dict


def test_hr_sees_coverage_per_opd_and_reminds_only_those_who_have_not_read(
    hr_staff, employee_record, other_employee_record
):
    material = services.socialisation_save(
        actor=hr_staff, title="Merit", body="x", jp=Decimal("0"), for_all=True, opds=[], publish=True
    )
    services.socialisation_acknowledge(material=material, employee=employee_record)

    coverage = selectors.socialisation_coverage(material)
    sent = services.socialisation_remind(material=material, actor=hr_staff)
    again = services.socialisation_remind(material=material, actor=hr_staff)

    assert coverage == [{"opd": "Dinas Contoh", "total": 5, "read": 1, "percent": 20}]
    assert sent == 4 and again == 0
    assert not Notification.objects.filter(recipient=employee_record.user).exists()
    assert Notification.objects.filter(recipient=other_employee_record.user).count() == 1


# --- reminders -----------------------------------------------------------------------------


@pytest.mark.parametrize(("month", "expected"), [(6, 0), (7, 1), (12, 1)])
def test_the_jp_reminder_starts_in_july(hr_staff, employee_record, month, expected):
    complete_course(employee_record, build_course(hr_staff, jp="4"), day=dt.date(2026, 1, 10))  # 4 JP: under
    sent = services.jp_reminders_send(today=dt.date(2026, month, 1))
    # The org fixture has four employees (head, kabid, supervisor, employee), all under target.
    assert sent == 4 * expected
    assert Notification.objects.filter(recipient=employee_record.user).count() == expected


def test_the_jp_reminder_skips_employees_on_target_and_is_sent_once_a_month(
    hr_staff, employee_record, other_employee_record
):
    complete_course(employee_record, build_course(hr_staff, jp="20"), day=dt.date(2026, 2, 1))

    # Five employees in the org fixture; the one on target is left out.
    assert services.jp_reminders_send(today=dt.date(2026, 8, 1)) == 4
    assert services.jp_reminders_send(today=dt.date(2026, 8, 20)) == 0
    assert services.jp_reminders_send(today=dt.date(2026, 9, 1)) == 4
    assert not Notification.objects.filter(recipient=employee_record.user).exists()
