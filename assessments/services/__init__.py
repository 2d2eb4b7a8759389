"""Writes with the business rules of open selection, one module per part of the process."""

from .applications import (
    administration_announce,
    application_register_external,
    application_submit,
    application_verify,
    applications_verify,
    document_upload,
    validate_upload,
)
from .decisions import appointment_decide, objection_answer, objection_file, vacancy_propose
from .scoring import (
    conflict_declare,
    score_adjust,
    score_submit,
    scoring_reminders_send,
    stage_announce,
    stage_lock,
    stage_open,
)
from .vacancies import (
    committee_confirm,
    committee_member_add,
    committee_member_remove,
    committee_rule_for,
    vacancy_cancel,
    vacancy_create,
    vacancy_publish,
    vacancy_update,
)

__all__ = [
    "administration_announce",
    "application_register_external",
    "application_submit",
    "application_verify",
    "applications_verify",
    "appointment_decide",
    "committee_confirm",
    "committee_member_add",
    "committee_member_remove",
    "committee_rule_for",
    "conflict_declare",
    "document_upload",
    "objection_answer",
    "objection_file",
    "score_adjust",
    "score_submit",
    "scoring_reminders_send",
    "stage_announce",
    "stage_lock",
    "stage_open",
    "vacancy_cancel",
    "vacancy_create",
    "vacancy_propose",
    "vacancy_publish",
    "vacancy_update",
    "validate_upload",
]
