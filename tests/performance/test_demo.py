import pytest
from django.utils import timezone

from performance import demo, rules, selectors
from performance.eligibility.rules import annual_years_read
from performance.models import Evaluation, EvaluationCycle, HasilKerja

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_history_once(team):
    demo.seed()
    counts = (EvaluationCycle.objects.count(), Evaluation.objects.count(), HasilKerja.objects.count())
    demo.seed()
    assert (EvaluationCycle.objects.count(), Evaluation.objects.count(), HasilKerja.objects.count()) == counts
    closed = EvaluationCycle.objects.filter(status=EvaluationCycle.Status.CLOSED, kind="annual")
    # the years the promotion and readiness rules read today: two, three in December
    assert sorted(closed.values_list("year", flat=True)) == annual_years_read(timezone.localdate())
    assert EvaluationCycle.objects.filter(status=EvaluationCycle.Status.OPEN, kind="quarterly").count() == 1
    years = list(closed.values_list("year", flat=True))
    history = selectors.predikat_by_year([team["employee"].pk], years)
    assert set(history[team["employee"].pk]) == set(years)
    assert all(p in dict(rules.PREDIKAT_CHOICES) for p in history[team["employee"].pk].values())
