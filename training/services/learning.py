"""Learning a course: enrolment, lesson progress, the final quiz, completion with its
certificate and JP credit, and revocation."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from positions.models import Employee
from semarang_asn.core import events, roles
from semarang_asn.core.services import audit_record

from .. import ledger, rules
from ..models import Certificate, Course, Enrollment, JpCredit, Lesson, LessonProgress, Option, QuizAttempt


@transaction.atomic
def enrollment_create(*, course: Course, employee: Employee, today: dt.date | None = None) -> Enrollment:
    """Enrol an employee in a published course within its window and capacity. Enrolling
    twice returns the existing enrolment."""
    today = today or timezone.localdate()
    # The row lock serialises enrolments so two employees never take the last seat at once.
    course = Course.objects.select_for_update().get(pk=course.pk)
    existing = Enrollment.objects.filter(course=course, employee=employee).first()
    if existing is not None:
        return existing
    if not course.is_published:
        raise ValidationError(_("Kursus ini belum diterbitkan."))
    if not course.enrolment_open_on(today):
        raise ValidationError(_("Pendaftaran kursus ini sedang tidak dibuka."))
    if course.capacity is not None and course.enrollments.count() >= course.capacity:
        raise ValidationError(_("Kuota peserta kursus ini sudah penuh."))
    return Enrollment.objects.create(course=course, employee=employee)


def _lesson_of(enrollment: Enrollment, lesson: Lesson) -> None:
    if lesson.course_id != enrollment.course_id:
        raise ValidationError(_("Materi ini bukan bagian dari kursus tersebut."))


@transaction.atomic
def lesson_open(*, enrollment: Enrollment, lesson: Lesson) -> None:
    """Remember the lesson as the place to resume from."""
    _lesson_of(enrollment, lesson)
    if enrollment.last_lesson_id != lesson.pk:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=lesson)
        enrollment.last_lesson = lesson


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson: Lesson, today: dt.date | None = None) -> Lesson | None:
    """Mark a lesson done; returns the next lesson to resume from (None after the last).
    A course with no quiz is complete when its last lesson is done."""
    _lesson_of(enrollment, lesson)
    if enrollment.completed_on is not None:
        return None
    LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    done = set(LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True))
    remaining = list(enrollment.course.lessons.exclude(pk__in=done).order_by("order"))
    following = next((row for row in remaining if row.order > lesson.order), remaining[0] if remaining else None)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson=following or lesson)
    if not remaining and not enrollment.course.questions.exists():
        _complete(enrollment, today or timezone.localdate())
    return following


def lessons_done(enrollment: Enrollment) -> bool:
    done = LessonProgress.objects.filter(enrollment=enrollment).values("lesson_id")
    return not enrollment.course.lessons.exclude(pk__in=done).exists()


def quiz_wait_until(enrollment: Enrollment) -> dt.datetime | None:
    """When the next attempt may start, if the wait after the last failed one still runs."""
    last = enrollment.attempts.filter(submitted_at__isnull=False).order_by("-submitted_at").first()
    if last is None:
        return None
    return last.submitted_at + dt.timedelta(minutes=enrollment.course.attempt_wait_minutes)


@transaction.atomic
def quiz_start(*, enrollment: Enrollment, now: dt.datetime | None = None) -> QuizAttempt:
    """Start (or resume) an attempt; questions and options are shuffled once, here."""
    now = now or timezone.now()
    enrollment = Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
    course = enrollment.course
    if enrollment.completed_on is not None:
        raise ValidationError(_("Kursus ini sudah Anda selesaikan."))
    if not lessons_done(enrollment):
        raise ValidationError(_("Selesaikan semua materi sebelum mengerjakan kuis."))
    open_attempt = enrollment.attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    used = enrollment.attempts.count()
    if used >= course.max_attempts:
        raise ValidationError(_("Batas %(n)s kali percobaan kuis sudah habis.") % {"n": course.max_attempts})
    wait_until = quiz_wait_until(enrollment)
    if wait_until is not None and now < wait_until:
        raise ValidationError(
            _("Percobaan berikutnya dapat dimulai pada %(when)s.")
            % {"when": date_format(timezone.localtime(wait_until), "SHORT_DATETIME_FORMAT")}
        )
    shuffle = random.SystemRandom().shuffle
    layout = []
    questions: dict[int, list[int]] = {}
    for question_id, option_id in course.questions.values_list("pk", "options__pk").order_by("pk", "options__pk"):
        questions.setdefault(question_id, [])
        if option_id is not None:
            questions[question_id].append(option_id)
    if not questions:
        raise ValidationError(_("Kursus ini belum memiliki kuis."))
    for question_id, options in questions.items():
        shuffle(options)
        layout.append([question_id, options])
    shuffle(layout)
    return QuizAttempt.objects.create(enrollment=enrollment, started_at=now, layout=layout)


@transaction.atomic
def quiz_submit(
    *, attempt: QuizAttempt, answers: dict[int, int], now: dt.datetime | None = None, today: dt.date | None = None
) -> QuizAttempt:
    """Score an attempt. An unanswered question counts as wrong. Passing completes the course."""
    now = now or timezone.now()
    attempt = QuizAttempt.objects.select_for_update().select_related("enrollment__course").get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise ValidationError(_("Percobaan ini sudah dikirim."))
    allowed = {question_id: set(options) for question_id, options in attempt.layout}
    chosen = {q: o for q, o in answers.items() if q in allowed and o in allowed[q]}
    correct_ids = set(Option.objects.filter(question_id__in=allowed, is_correct=True).values_list("pk", flat=True))
    correct = sum(1 for option_id in chosen.values() if option_id in correct_ids)
    attempt.score = rules.quiz_score(correct, len(allowed))
    attempt.passed = rules.quiz_passed(attempt.score, attempt.enrollment.course.pass_mark)
    attempt.answers = {str(q): o for q, o in chosen.items()}
    attempt.submitted_at = now
    attempt.save(update_fields=["score", "passed", "answers", "submitted_at"])
    if attempt.passed:
        _complete(attempt.enrollment, today or timezone.localdate())
    return attempt


def _complete(enrollment: Enrollment, day: dt.date) -> None:
    """Complete the course: certificate and JP credited to the calendar year of ``day``."""
    updated = Enrollment.objects.filter(pk=enrollment.pk, completed_on__isnull=True).update(completed_on=day)
    if not updated:
        return
    enrollment.completed_on = day
    course = enrollment.course
    Certificate.objects.create(enrollment=enrollment, issued_on=day)
    ledger.credit_create(
        employee_id=enrollment.employee_id,
        year=day.year,
        credited_on=day,
        jp=course.jp,
        source=JpCredit.Source.COURSE,
        title=course.title[:200],
        leadership=course.leadership,
        enrollment=enrollment,
    )
    events.employees_changed(employee_ids=[enrollment.employee_id], reason="training")


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """HR revokes a certificate with a reason; its JP credit goes with it (audited)."""
    if not roles.is_hr(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    credit = JpCredit.objects.filter(enrollment_id=certificate.enrollment_id).first()
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revoke_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    events.employees_changed(employee_ids=[certificate.enrollment.employee_id], reason="training")
    audit_record(
        actor=actor,
        action="training.certificate_revoke",
        target=certificate,
        before={"revoked": False, "jp": str(credit.jp) if credit else None, "year": credit.year if credit else None},
        after={"revoked": True, "jp": None},
        reason=certificate.revoke_reason,
    )
    if credit is not None:
        ledger.credit_delete(credit)
    return certificate
