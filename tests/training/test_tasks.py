import datetime as dt
import io

import pytest
from django.core.management import call_command

from semarang_asn.core.models import Notification
from training import tasks

from .conftest import build_course, complete_course

pytestmark = pytest.mark.django_db


def test_the_command_sends_the_monthly_reminder_once(employee_record):
    out = io.StringIO()
    call_command("send_jp_reminders", "--date", "2026-07-01", stdout=out)
    call_command("send_jp_reminders", "--date", "2026-07-15", stdout=out)

    assert "terkirim: 4" in out.getvalue() and "terkirim: 0" in out.getvalue()
    assert Notification.objects.filter(recipient=employee_record.user).count() == 1


def test_the_task_sends_nothing_before_july(employee_record):
    assert tasks.send_jp_reminders("2026-06-30") == 0
    assert not Notification.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_jp_reminder_through_redis_idempotently(redis_worker, hr_staff, employee_record):
    complete_course(employee_record, build_course(hr_staff, jp="20"), day=dt.date(2026, 3, 1))

    first = tasks.send_jp_reminders.apply_async(("2026-08-01",), queue=redis_worker)
    assert first.get(timeout=30) == 3  # head, kabid, supervisor; the employee is on target
    again = tasks.send_jp_reminders.apply_async(("2026-08-01",), queue=redis_worker)
    assert again.get(timeout=30) == 0

    keys = list(Notification.objects.values_list("dedup_key", flat=True))
    assert keys == ["training-jp-2026-08"] * 3
    assert not Notification.objects.filter(recipient=employee_record.user).exists()
