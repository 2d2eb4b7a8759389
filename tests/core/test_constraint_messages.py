"""No constraint's name ever reaches a user: each carries a message of its own."""

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.utils import translation

from assessments.models import Vacancy
from performance.models import EvaluationCycle

ROOT = Path(settings.BASE_DIR).resolve()


def _project_constraints():
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(ROOT) or ".venv" in Path(config.path).parts:
            continue
        for model in config.get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


def test_the_project_has_constraints_to_walk():
    assert len(list(_project_constraints())) >= 20


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_constraint_has_its_own_message_that_does_not_name_it(language):
    default = BaseConstraint.default_violation_error_message
    nameless = []
    with translation.override(language):
        for model, constraint in _project_constraints():
            message = str(constraint.get_violation_error_message())
            if constraint.violation_error_message in (None, default) or constraint.name in message:
                nameless.append(f"{model._meta.label}.{constraint.name}")
    assert nameless == []


@pytest.mark.django_db
def test_a_registration_window_in_the_wrong_order_reads_as_the_fields_rule():
    vacancy = Vacancy(registration_opens=dt.date(2026, 5, 10), registration_closes=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError) as caught:
        vacancy.validate_constraints()
    assert caught.value.messages == ["Pendaftaran ditutup tidak boleh sebelum pendaftaran dibuka."]


@pytest.mark.django_db
def test_a_cycle_period_in_the_wrong_order_reads_as_the_fields_rule_in_english_too():
    cycle = EvaluationCycle(
        period_start=dt.date(2026, 12, 31),
        period_end=dt.date(2026, 1, 1),
        rating_deadline=dt.date(2027, 1, 31),
        objection_deadline=dt.date(2027, 2, 14),
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        cycle.validate_constraints()
    assert "cycle_period_order" not in " ".join(caught.value.messages)
    assert caught.value.messages == ["The end of the period cannot be before its start."]
