import io

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from semarang_asn.dashboard.management.commands.setup_periodic_tasks import declared_tasks

pytestmark = pytest.mark.django_db


def test_every_declared_periodic_task_is_registered_once_however_often_it_runs():
    declared = declared_tasks()
    assert declared, "the apps declare their beat schedule in <app>/tasks.py"
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    assert PeriodicTask.objects.filter(name__in=[t["name"] for t in declared]).count() == len(declared)
    for spec in declared:
        task = PeriodicTask.objects.get(name=spec["name"])
        assert task.task == spec["task"]
        assert task.crontab.timezone.key == "Asia/Jakarta"


def test_an_admin_edited_schedule_survives_a_second_registration():
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    task = PeriodicTask.objects.first()
    task.crontab.hour = "23"
    task.crontab.save()
    call_command("setup_periodic_tasks", stdout=io.StringIO())
    task.refresh_from_db()
    assert task.crontab.hour == "23"


def test_every_registered_task_name_is_a_real_celery_task():
    from semarang_asn.celery import app

    app.loader.import_default_modules()
    for spec in declared_tasks():
        assert spec["task"] in app.tasks, spec["task"]
