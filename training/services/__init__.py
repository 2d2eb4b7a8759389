"""Writes of the training app. Each service is keyword-only, atomic and raises a
ValidationError a user can read; a failed service writes nothing."""

from .authoring import (
    course_publish,
    course_save,
    lesson_delete,
    lesson_move,
    lesson_save,
    question_delete,
    question_save,
)
from .learning import (
    certificate_revoke,
    enrollment_create,
    lesson_complete,
    lesson_open,
    lessons_done,
    quiz_start,
    quiz_submit,
    quiz_wait_until,
)
from .records import (
    external_reject,
    external_submit,
    external_verify,
    jp_reminders_send,
    socialisation_acknowledge,
    socialisation_remind,
    socialisation_save,
)

__all__ = [
    "certificate_revoke",
    "course_publish",
    "course_save",
    "enrollment_create",
    "external_reject",
    "external_submit",
    "external_verify",
    "jp_reminders_send",
    "lesson_complete",
    "lesson_delete",
    "lesson_move",
    "lesson_open",
    "lesson_save",
    "lessons_done",
    "question_delete",
    "question_save",
    "quiz_start",
    "quiz_submit",
    "quiz_wait_until",
    "socialisation_acknowledge",
    "socialisation_remind",
    "socialisation_save",
]
