"""Courses built through the authoring services, and a helper that walks an employee
through a course the way the pages do."""

import datetime as dt
from decimal import Decimal

import pytest

from positions.models import Competency
from training import services
from training.models import Course, Lesson


def build_course(
    hr,
    *,
    code="K-001",
    title="Integritas dalam Pelayanan Publik",
    jp="8",
    lessons=2,
    questions=2,
    publish=True,
    competencies=(("M.01", 3),),
    mandatory_levels=(),
    **fields,
) -> Course:
    course = Course(
        code=code,
        title=title,
        summary=fields.pop("summary", "Membangun budaya antikorupsi dalam pelayanan."),
        jp=Decimal(jp),
        **fields,
    )
    services.course_save(
        actor=hr,
        course=course,
        competencies=[(Competency.objects.get(code=c), level) for c, level in competencies],
        mandatory_levels=list(mandatory_levels),
    )
    for n in range(1, lessons + 1):
        services.lesson_save(
            actor=hr, lesson=Lesson(course=course, title=f"Materi {n}", kind="text", body=f"# Bagian {n}\n\nIsi.")
        )
    for n in range(1, questions + 1):
        services.question_save(
            actor=hr,
            course=course,
            text=f"Pertanyaan {n}?",
            options=[(f"Benar {n}", True), (f"Salah {n}a", False), (f"Salah {n}b", False)],
        )
    if publish:
        services.course_publish(actor=hr, course=course, publish=True)
    return course


def right_answers(attempt) -> dict[int, int]:
    from training.models import Option

    right = dict(
        Option.objects.filter(question_id__in=[q for q, _ in attempt.layout], is_correct=True).values_list(
            "question_id", "pk"
        )
    )
    return {q: right[q] for q, _ in attempt.layout}


def complete_course(employee, course, *, day: dt.date):
    """Enrol, read every lesson and pass the quiz on ``day``."""
    enrollment = services.enrollment_create(course=course, employee=employee, today=day)
    for lesson in course.lessons.order_by("order"):
        services.lesson_complete(enrollment=enrollment, lesson=lesson, today=day)
    if course.questions.exists():
        attempt = services.quiz_start(enrollment=enrollment)
        services.quiz_submit(attempt=attempt, answers=right_answers(attempt), today=day)
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture
def course(hr_staff):
    return build_course(hr_staff)
