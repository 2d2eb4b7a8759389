"""Reads for learning: the catalogue and its search, a course, the asker's own enrolment,
progress and quiz attempts, certificates, and HR's authoring pages. Scoped to who is asking."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from positions import selectors as position_selectors
from positions.models import Employee
from semarang_asn.core import roles

from ..models import (
    Certificate,
    Course,
    CourseCompetency,
    CourseMandatoryLevel,
    Enrollment,
    Lesson,
    LessonProgress,
    Option,
    Question,
    QuizAttempt,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=7, decimal_places=1))


# --- catalogue ----------------------------------------------------------------------------


def _employee_level(employee: Employee | None) -> str:
    if employee is None:
        return ""
    held = position_selectors.current_assignment(employee)
    return held.position.level if held else ""


def catalogue(
    *,
    employee: Employee | None,
    query: str = "",
    competency: str = "",
    modality: str = "",
    provider: str = "",
    jp_max: Decimal | None = None,
    mandatory_for_me: bool = False,
) -> QuerySet[Course]:
    """Published courses matching the search and filters, each with ``my_done``: None when
    the asker is not enrolled, else whether they completed it (the cards show no head count:
    counting every course's enrolments grew with the city). The filters are EXISTS tests, so a
    course comes once without DISTINCT over all its columns; the page's competency codes come
    from ``with_competency_codes``."""
    courses = Course.objects.published()
    if query:
        courses = search_courses(courses, query)
    if competency:
        tagged = CourseCompetency.objects.filter(course=OuterRef("pk"), competency__code=competency)
        courses = courses.filter(Exists(tagged))
    if modality:
        courses = courses.filter(modality=modality)
    if provider:
        courses = courses.filter(provider=provider)
    if jp_max is not None:
        courses = courses.filter(jp__lte=jp_max)
    if mandatory_for_me:
        level = _employee_level(employee) or "-"
        courses = courses.filter(Exists(CourseMandatoryLevel.objects.filter(course=OuterRef("pk"), level=level)))
    if employee is not None:
        mine = Enrollment.objects.filter(course=OuterRef("pk"), employee=employee).order_by()
        done = ExpressionWrapper(Q(completed_on__isnull=False), output_field=BooleanField())
        courses = courses.annotate(my_done=Subquery(mine.values(done=done)[:1]))
    else:
        courses = courses.annotate(my_done=Value(None, output_field=BooleanField()))
    if not (query and connection.vendor == "postgresql"):  # a search is ordered by its rank
        courses = courses.order_by("title", "id")
    return courses


def with_competency_codes(courses: Iterable[Course]) -> list[Course]:
    """``courses`` (a catalogue page) as a list, each with ``competency_codes``: the codes of
    the competencies it develops, in code order, read in one query for the page."""
    courses = list(courses)
    codes: dict[int, list[str]] = {course.pk: [] for course in courses}
    rows = (
        CourseCompetency.objects.filter(course__in=list(codes))
        .order_by("competency__code")
        .values_list("course_id", "competency__code")
    )
    for course_id, code in rows:
        codes[course_id].append(code)
    for course in courses:
        course.competency_codes = codes[course.pk]
    return courses


def search_courses(courses: QuerySet[Course], query: str) -> QuerySet[Course]:
    """Full-text search on PostgreSQL (stemming-free 'simple' config suits Indonesian);
    a plain case-insensitive match elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="simple") + SearchVector(
            "summary", weight="B", config="simple"
        )
        search = SearchQuery(query, config="simple", search_type="websearch")
        return (
            courses.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "title", "id")
        )
    return courses.filter(Q(title__icontains=query) | Q(summary__icontains=query))


def course_detail(pk: int, *, user) -> Course:
    """A course as its reader may see it: HR sees drafts too, everyone else only published."""
    courses = Course.objects.all() if roles.is_hr(user) else Course.objects.published()
    # Each lesson says whether the reader has done it, in the lessons' own query: the page runs
    # the same queries whether the reader is enrolled, has progress or neither.
    employee = position_selectors.employee_for_user(user)
    done = (
        Exists(LessonProgress.objects.filter(lesson=OuterRef("pk"), enrollment__employee=employee))
        if employee is not None
        else Value(False, output_field=BooleanField())
    )
    course = (
        courses.prefetch_related(
            Prefetch("competencies", queryset=CourseCompetency.objects.select_related("competency")),
            "mandatory_levels",
            Prefetch("lessons", queryset=Lesson.objects.annotate(is_done=done).order_by("order")),
        )
        .filter(pk=pk)
        .first()
    )
    if course is None:
        raise Http404
    # Seats taken matter only under a cap, and then they are at most the cap: no count of a
    # city-wide course's enrolments for a page that does not show it.
    course.enrolled_count = course.enrollments.count() if course.capacity else None
    return course


def enrollment_of(user, course: Course) -> Enrollment | None:
    employee = position_selectors.employee_for_user(user)
    if employee is None:
        return None
    return Enrollment.objects.filter(course=course, employee=employee).select_related("course", "certificate").first()


def own_enrollment(user, course_pk: int) -> Enrollment:
    """The asker's own enrolment in a course, or 404: progress and quizzes are private."""
    employee = position_selectors.employee_for_user(user)
    enrollment = (
        Enrollment.objects.filter(course_id=course_pk, employee=employee).select_related("course", "employee").first()
        if employee
        else None
    )
    if enrollment is None:
        raise Http404
    return enrollment


def lesson_in(enrollment: Enrollment, lesson_pk: int) -> Lesson:
    lesson = Lesson.objects.filter(course_id=enrollment.course_id, pk=lesson_pk).first()
    if lesson is None:
        raise Http404
    return lesson


def progress_of(enrollment: Enrollment, *, lessons: Iterable[Lesson] | None = None) -> dict:
    """Lessons with a done flag, the share done and where to resume. ``lessons``: the
    course's lessons in order with their ``is_done`` for this enrolment's employee, when the
    caller has them already (``course_detail``'s)."""
    if lessons is None:
        lessons = list(enrollment.course.lessons.order_by("order"))
        done = set(LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True))
        for lesson in lessons:
            lesson.is_done = lesson.pk in done
    else:
        lessons = list(lessons)
        done = {lesson.pk for lesson in lessons if lesson.is_done}
    resume = None
    if enrollment.last_lesson_id and enrollment.last_lesson_id not in done:
        resume = next((row for row in lessons if row.pk == enrollment.last_lesson_id), None)
    resume = resume or next((row for row in lessons if not row.is_done), None)
    percent = round(100 * len(done & {row.pk for row in lessons}) / len(lessons)) if lessons else 0
    return {"lessons": lessons, "done": len(done), "total": len(lessons), "percent": percent, "resume": resume}


def own_attempt(user, course_pk: int, attempt_pk: int) -> QuizAttempt:
    enrollment = own_enrollment(user, course_pk)
    attempt = QuizAttempt.objects.filter(enrollment=enrollment, pk=attempt_pk).select_related("enrollment__course")
    row = attempt.first()
    if row is None:
        raise Http404
    return row


def attempt_questions(attempt: QuizAttempt) -> list[dict]:
    """The attempt's questions and options in its own shuffled order, without the key."""
    question_ids = [question_id for question_id, _ in attempt.layout]
    texts = dict(Question.objects.filter(pk__in=question_ids).values_list("pk", "text"))
    option_ids = [option_id for _, options in attempt.layout for option_id in options]
    options = dict(Option.objects.filter(pk__in=option_ids).values_list("pk", "text"))
    return [
        {
            "id": question_id,
            "text": texts.get(question_id, ""),
            "options": [{"id": oid, "text": options[oid]} for oid in option_ids_ if oid in options],
        }
        for question_id, option_ids_ in attempt.layout
    ]


# --- certificates ---------------------------------------------------------------------------


def own_certificate(user, pk: int) -> Certificate:
    """The asker's own certificate; HR may open any. Anyone else gets 404."""
    rows = Certificate.objects.select_related("enrollment__course", "enrollment__employee")
    if not roles.is_hr(user):
        employee = position_selectors.employee_for_user(user)
        rows = rows.filter(enrollment__employee=employee) if employee else rows.none()
    certificate = rows.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def certificate_by_code(code: str) -> Certificate | None:
    """The public verification lookup: a normalised code, or None when unknown."""
    normalised = code.strip().upper()
    return (
        Certificate.objects.select_related("enrollment__course", "enrollment__employee").filter(code=normalised).first()
    )


# --- HR authoring -----------------------------------------------------------------------------


def _count(rows: QuerySet, link: str):
    """How many of ``rows`` point at the outer row through ``link``: a scalar subquery per
    row of the page, where joining all three lists at once multiplied them together."""
    counted = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def hr_courses() -> QuerySet[Course]:
    return Course.objects.annotate(
        n_lessons=_count(Lesson.objects.all(), "course"),
        n_questions=_count(Question.objects.all(), "course"),
        n_enrolled=_count(Enrollment.objects.all(), "course"),
    ).order_by("-is_published", "title", "id")


def hr_course(pk: int) -> Course:
    course = (
        Course.objects.prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order")),
            "questions__options",
        )
        .filter(pk=pk)
        .first()
    )
    if course is None:
        raise Http404
    return course


def hr_lesson(course: Course, lesson_pk: int) -> Lesson:
    lesson = Lesson.objects.filter(course=course, pk=lesson_pk).first()
    if lesson is None:
        raise Http404
    return lesson


def hr_question(course: Course, question_pk: int):
    question = Question.objects.filter(course=course, pk=question_pk).prefetch_related("options").first()
    if question is None:
        raise Http404
    return question


def course_participants(course: Course) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(course=course)
        .select_related("employee", "certificate")
        .annotate(lessons_done=_count(LessonProgress.objects.all(), "enrollment"))
        .order_by("-completed_on", "employee__name", "pk")
    )


def certificate_for_hr(pk: int) -> Certificate:
    certificate = Certificate.objects.select_related("enrollment__course", "enrollment__employee").filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate
