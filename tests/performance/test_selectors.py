import datetime as dt

import pytest

from performance import rules, selectors, services
from performance.models import Evaluation, EvaluationCycle

from .conftest import ON, make_cycle

pytestmark = pytest.mark.django_db


def closed_annual(year, team, hr_staff, hasil=rules.MEETS):
    cycle = make_cycle(hr_staff, year=year)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON.replace(year=year))
    evaluation = Evaluation.objects.get(cycle=cycle, employee=team["employee"])
    services.evaluation_rate(evaluation=evaluation, actor=team["supervisor"].user, hasil=hasil, perilaku=rules.MEETS)
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=EvaluationCycle.Status.CLOSED)
    return cycle


def test_predikat_by_year_reads_closed_annual_cycles_only(team, hr_staff, django_assert_num_queries):
    closed_annual(2024, team, hr_staff)
    closed_annual(2025, team, hr_staff, hasil=rules.BELOW)
    still_open = make_cycle(hr_staff, year=2026)
    services.cycle_open(cycle=still_open, actor=hr_staff, on=ON.replace(year=2026))
    ids = [team["employee"].pk, team["other"].pk]
    with django_assert_num_queries(1):
        result = selectors.predikat_by_year(ids, [2024, 2025, 2026])
    assert result == {team["employee"].pk: {2024: rules.BAIK, 2025: rules.BUTUH_PERBAIKAN}}


def test_predikat_by_year_ignores_periodic_cycles(team, hr_staff):
    cycle = make_cycle(
        hr_staff,
        kind=EvaluationCycle.Kind.QUARTERLY,
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 6, 30),
        rating_deadline=dt.date(2025, 7, 14),
        objection_deadline=dt.date(2025, 7, 28),
    )
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)
    evaluation = Evaluation.objects.get(cycle=cycle, employee=team["employee"])
    services.evaluation_rate(
        evaluation=evaluation, actor=team["supervisor"].user, hasil=rules.MEETS, perilaku=rules.MEETS
    )
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=EvaluationCycle.Status.CLOSED)
    assert selectors.predikat_by_year([team["employee"].pk], [2025]) == {}


def test_team_evaluations_are_scoped_to_the_rater(open_cycle, team):
    assert {e.employee_id for e in selectors.team_evaluations(team["supervisor"].user)} == {
        team["employee"].pk,
        team["other"].pk,
    }
    assert list(selectors.team_evaluations(team["employee"].user)) == []


def test_team_rows_are_the_team_evaluations_as_the_list_prints_them(open_cycle, team, hr_staff):
    services.hasil_kerja_add(
        evaluation=Evaluation.objects.get(cycle=open_cycle, employee=team["other"]),
        actor=team["other"].user,
        kind="utama",
        indicator="A",
        target="1",
    )
    rated = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    services.evaluation_rate(evaluation=rated, actor=team["supervisor"].user, hasil=rules.ABOVE, perilaku=rules.MEETS)
    team["employee"].front_title, team["employee"].back_title = "dr.", "M.Kes."
    team["employee"].save()
    user = team["supervisor"].user
    expected = [
        {
            "pk": e.pk,
            "predikat": e.predikat,
            "n_rows": e.n_rows,
            "n_realised": e.n_realised,
            "cycle_name": e.cycle.name,
            "cycle_status": e.cycle.status,
            "full_name": e.employee.full_name,
            "nip": e.employee.nip,
            "position_title": e.position.title if e.position else None,
        }
        for e in selectors.team_evaluations(user)
    ]
    rows = selectors.TeamRows(user)
    assert rows.count() == len(rows) == 2
    assert rows[0:50] == expected
    assert rows[1:2] == expected[1:]
    assert expected[[r["nip"] for r in expected].index(team["employee"].nip)]["full_name"].startswith("dr. ")
    assert list(selectors.TeamRows(team["employee"].user)[0:50]) == []


def test_nobody_else_gets_an_evaluation(open_cycle, team, assessor):
    from django.http import Http404

    evaluation = Evaluation.objects.get(cycle=open_cycle, employee=team["employee"])
    for outsider in (assessor, team["other"].user, team["head"].user):
        with pytest.raises(Http404):
            selectors.evaluation_for(outsider, evaluation.pk)
