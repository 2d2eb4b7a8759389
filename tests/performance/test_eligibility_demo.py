"""seed_demo gives eligibility a realistic spread."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from performance.eligibility import rules
from performance.models import EligibilityResult, EligibilitySnapshot, TalentPlacement

pytestmark = pytest.mark.django_db


def test_the_demo_has_eligible_per_window_unknowns_and_every_nine_box_cell():
    call_command("seed_demo", "--employees", "400", "--no-logins", stdout=None)
    assert EligibilitySnapshot.objects.filter(is_current=True).count() == 1
    statuses = set(EligibilityResult.objects.values_list("status", flat=True))
    assert statuses == {rules.MET, rules.NOT_MET, rules.UNKNOWN}
    assert EligibilityResult.objects.filter(rule=rules.KP_REGULER, status=rules.MET).exists()
    windows = EligibilityResult.objects.filter(window_date__isnull=False).values("window_date").distinct()
    assert windows.count() >= 2
    readiness = (rules.READY_PENGAWAS, rules.READY_ADMINISTRATOR, rules.READY_JPT_PRATAMA)
    ready = EligibilityResult.objects.filter(rule__in=readiness)
    assert ready.filter(status=rules.MET).exists()
    assert ready.filter(status=rules.NOT_MET).exists()
    # Readiness met needs the level above's leadership programme (PKP, PKA, PKN Tingkat II).
    for result in ready.filter(status=rules.MET).select_related("criteria_set"):
        leadership = next(c for c in result.criteria if c[0] == "leadership")
        assert leadership[1] == rules.MET
        assert leadership[2]["required"] in leadership[2]["held"]
    boxes = dict(TalentPlacement.objects.values_list("box").annotate(n=Count("id")))
    assert set(boxes) == set(range(1, 10))
    call_command("seed_demo", "--employees", "400", "--no-logins", stdout=None)
    assert EligibilitySnapshot.objects.count() == 1
