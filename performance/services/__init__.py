"""Writes with business rules for evaluation cycles, SKPs, ratings, objections,
calibration, coaching and credit points. Every change of a rating or predikat is audited.

Split by subject; import from here (``from performance import services``)."""

from .calibration import calibration_close, calibration_set_unit_predikat, can_calibrate, unit_predikat_counts
from .cycles import (
    cycle_close,
    cycle_create,
    cycle_move_to_calibration,
    cycle_open,
    cycle_open_check,
    cycles_move_due_to_calibration,
    cycles_open_due,
    raters_follow_vacated_seats,
    reminders_send,
)
from .evaluations import (
    coaching_action_add,
    coaching_action_set_status,
    evaluation_rate,
    evaluation_set_rater,
    hasil_kerja_add,
    hasil_kerja_report,
    hasil_kerja_review,
    objection_decide,
    objection_file,
    perilaku_kerja_update,
    validate_evidence_file,
)
from .raters import evaluations_set_rater

__all__ = [
    "calibration_close",
    "calibration_set_unit_predikat",
    "can_calibrate",
    "coaching_action_add",
    "coaching_action_set_status",
    "cycle_close",
    "cycle_create",
    "cycle_move_to_calibration",
    "cycle_open",
    "cycle_open_check",
    "cycles_move_due_to_calibration",
    "cycles_open_due",
    "evaluation_rate",
    "evaluation_set_rater",
    "evaluations_set_rater",
    "hasil_kerja_add",
    "hasil_kerja_report",
    "hasil_kerja_review",
    "objection_decide",
    "objection_file",
    "perilaku_kerja_update",
    "raters_follow_vacated_seats",
    "reminders_send",
    "unit_predikat_counts",
    "validate_evidence_file",
]
