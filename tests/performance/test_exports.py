"""Hole 2: the performance export (the one that had no escaping) neutralises formulas."""

import pytest
from django.urls import reverse

from positions.models import Employee
from tests.exports import HOSTILE_NAME, assert_neutralised

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_cycle_export_writes_a_formula_name_as_inert_text(client_for, hr_staff, employee_record, open_cycle, fmt):
    Employee.objects.filter(pk=employee_record.pk).update(name=HOSTILE_NAME)
    response = client_for(hr_staff).get(reverse("performance:export", args=[open_cycle.pk, fmt]))
    assert_neutralised(response)
