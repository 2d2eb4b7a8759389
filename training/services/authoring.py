"""HR authors courses, their lessons and their quiz in the product's own pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from positions.models import Competency
from semarang_asn.core import roles
from semarang_asn.core.uploads import validate_upload

from ..models import Course, CourseCompetency, CourseMandatoryLevel, Lesson, Option, Question

VIDEO_MAX_BYTES = 200 * 1024 * 1024
PDF_MAX_BYTES = 20 * 1024 * 1024


def _require_hr(actor) -> None:
    if not roles.is_hr(actor):
        raise PermissionDenied


@transaction.atomic
def course_save(
    *,
    actor,
    course: Course,
    competencies: list[tuple[Competency, int]],
    mandatory_levels: list[str],
) -> Course:
    """Create or update a course with the competencies it develops and the levels it is
    mandatory for (both replaced as a whole)."""
    _require_hr(actor)
    codes = [competency.pk for competency, _level in competencies]
    if len(codes) != len(set(codes)):
        raise ValidationError({"competencies": _("Setiap kompetensi cukup disebut sekali.")})
    for _competency, level in competencies:
        if not 1 <= level <= 5:
            raise ValidationError({"competencies": _("Level kompetensi harus 1 sampai 5.")})
    course.full_clean()
    course.save()
    CourseCompetency.objects.filter(course=course).delete()
    CourseCompetency.objects.bulk_create(
        [CourseCompetency(course=course, competency=competency, level=level) for competency, level in competencies]
    )
    CourseMandatoryLevel.objects.filter(course=course).delete()
    CourseMandatoryLevel.objects.bulk_create(
        [CourseMandatoryLevel(course=course, level=level) for level in sorted(set(mandatory_levels))]
    )
    return course


@transaction.atomic
def course_publish(*, actor, course: Course, publish: bool) -> Course:
    """Publishing needs at least one lesson, and a quiz whose every question has exactly
    one right option among at least two (a course without questions completes on its last lesson)."""
    _require_hr(actor)
    if publish:
        if not course.lessons.exists():
            raise ValidationError(_("Tambahkan minimal satu materi sebelum menerbitkan kursus."))
        for question in course.questions.prefetch_related("options"):
            _check_question(question.text, [(o.text, o.is_correct) for o in question.options.all()])
    course.is_published = publish
    course.save(update_fields=["is_published", "updated_at"])
    return course


@transaction.atomic
def lesson_save(*, actor, lesson: Lesson) -> Lesson:
    """Create or update a lesson; a new one goes last. Uploads are checked by type and size."""
    _require_hr(actor)
    for field, allowed, limit in (("video_file", ("mp4",), VIDEO_MAX_BYTES), ("pdf_file", ("pdf",), PDF_MAX_BYTES)):
        upload = getattr(lesson, field)
        if upload and not getattr(upload, "_committed", True):
            try:
                validate_upload(upload, allowed=allowed, max_bytes=limit)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from exc
    if lesson.pk is None:
        last = Lesson.objects.filter(course=lesson.course).aggregate(m=Max("order"))["m"] or 0
        lesson.order = last + 1
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_move(*, actor, lesson: Lesson, up: bool) -> None:
    """Swap a lesson with its neighbour."""
    _require_hr(actor)
    siblings = Lesson.objects.select_for_update().filter(course=lesson.course)
    neighbour = (
        siblings.filter(order__lt=lesson.order).order_by("-order").first()
        if up
        else siblings.filter(order__gt=lesson.order).order_by("order").first()
    )
    if neighbour is None:
        return
    mine, theirs = lesson.order, neighbour.order
    # Through a free number, because (course, order) is unique at every step.
    free = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
    Lesson.objects.filter(pk=lesson.pk).update(order=free)
    Lesson.objects.filter(pk=neighbour.pk).update(order=mine)
    Lesson.objects.filter(pk=lesson.pk).update(order=theirs)


@transaction.atomic
def lesson_delete(*, actor, lesson: Lesson) -> None:
    _require_hr(actor)
    lesson.delete()


def _check_question(text: str, options: list[tuple[str, bool]]) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Tulis pertanyaannya.")})
    filled = [row for row in options if row[0].strip()]
    if len(filled) < 2:
        raise ValidationError(_("Soal “%(q)s” perlu minimal dua pilihan.") % {"q": text[:60]})
    if sum(1 for _text, right in filled if right) != 1:
        raise ValidationError(_("Soal “%(q)s” harus punya tepat satu jawaban benar.") % {"q": text[:60]})


@transaction.atomic
def question_save(
    *, actor, course: Course, text: str, options: list[tuple[str, bool]], question: Question | None = None
) -> Question:
    """Create or replace a multiple-choice question with exactly one right option."""
    _require_hr(actor)
    _check_question(text, options)
    question = question or Question(course=course)
    question.text = text.strip()
    question.full_clean()
    question.save()
    question.options.all().delete()
    Option.objects.bulk_create(
        [Option(question=question, text=t.strip(), is_correct=right) for t, right in options if t.strip()]
    )
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    _require_hr(actor)
    question.delete()
