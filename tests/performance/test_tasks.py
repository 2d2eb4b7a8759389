import datetime as dt
import io

import pytest
from django.core.management import call_command

from performance import services, tasks
from performance.models import Evaluation, EvaluationCycle
from semarang_asn.core.models import Notification

from .conftest import make_cycle

pytestmark = pytest.mark.django_db


def test_the_open_task_opens_due_cycles_once(team, hr_staff):
    due = make_cycle(hr_staff)
    later = make_cycle(hr_staff, year=2030)
    assert tasks.open_due_cycles("2025-01-02") == [due.pk]
    assert tasks.open_due_cycles("2025-01-03") == []
    assert EvaluationCycle.objects.get(pk=later.pk).status == EvaluationCycle.Status.DRAFT
    assert Evaluation.objects.filter(cycle=due).count() == 5


def test_reminders_go_at_configured_days_and_only_once(open_cycle, team):
    deadline = open_cycle.rating_deadline
    assert services.reminders_send(today=deadline - dt.timedelta(days=5)) == 0
    assert services.reminders_send(today=deadline - dt.timedelta(days=7)) == 3  # kasi, kabid, kepala
    assert services.reminders_send(today=deadline - dt.timedelta(days=7)) == 0
    note = Notification.objects.get(recipient=team["supervisor"].user)
    assert "2 penilaian" in note.subject and "H-7" in note.subject
    assert services.reminders_send(today=deadline - dt.timedelta(days=3)) == 3


def test_raters_who_finished_get_no_reminder(open_cycle, team):
    from performance import rules

    for evaluation in Evaluation.objects.filter(cycle=open_cycle, rater=team["supervisor"]):
        services.evaluation_rate(
            evaluation=evaluation, actor=team["supervisor"].user, hasil=rules.MEETS, perilaku=rules.MEETS
        )
    services.reminders_send(today=open_cycle.rating_deadline - dt.timedelta(days=1))
    assert not Notification.objects.filter(
        recipient=team["supervisor"].user, dedup_key__startswith="performance-reminder"
    ).exists()


def test_the_calibration_task_moves_cycles_past_the_deadline_once(open_cycle):
    assert tasks.move_to_calibration(open_cycle.rating_deadline.isoformat()) == []
    day_after = (open_cycle.rating_deadline + dt.timedelta(days=1)).isoformat()
    assert tasks.move_to_calibration(day_after) == [open_cycle.pk]
    assert tasks.move_to_calibration(day_after) == []
    open_cycle.refresh_from_db()
    assert open_cycle.status == EvaluationCycle.Status.CALIBRATION
    assert open_cycle.calibrations.count() == 1


def test_operators_have_the_same_jobs_as_commands(team, hr_staff):
    cycle = make_cycle(hr_staff)
    call_command("open_due_cycles", "--date", "2025-01-02")
    call_command("send_performance_reminders", "--date", "2026-01-24")
    call_command("move_cycles_to_calibration", "--date", "2026-02-01")
    cycle.refresh_from_db()
    assert cycle.status == EvaluationCycle.Status.CALIBRATION
    assert Notification.objects.filter(dedup_key=f"performance-reminder-{cycle.pk}-7").count() == 3


def test_the_tasks_are_declared_for_beat():
    names = {spec["task"] for spec in tasks.PERIODIC_TASKS}
    assert names == {
        "performance.tasks.open_due_cycles",
        "performance.tasks.send_reminders",
        "performance.tasks.move_to_calibration",
        "performance.tasks.move_raters_up",
        "performance.tasks.recompute_eligibility",
    }


def test_setup_periodic_tasks_registers_the_performance_jobs_once():
    from django_celery_beat.models import PeriodicTask

    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")
    registered = set(PeriodicTask.objects.filter(task__startswith="performance.").values_list("task", flat=True))
    assert registered == {spec["task"] for spec in tasks.PERIODIC_TASKS}
    assert PeriodicTask.objects.filter(task__startswith="performance.").count() == len(tasks.PERIODIC_TASKS)


def test_the_move_raters_up_command_runs_the_service(open_cycle, team):
    from positions.models import Assignment

    Assignment.objects.filter(employee=team["supervisor"]).update(end_date=dt.date(2025, 6, 30))
    out = io.StringIO()
    call_command("move_raters_up", "--date", "2025-07-01", stdout=out)
    assert "2" in out.getvalue()
    assert tasks.move_raters_up("2025-07-02") == 0
