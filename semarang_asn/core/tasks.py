import datetime as dt

from celery import shared_task

from .services import notification_deliver_email, notification_emails_owed_deliver

PERIODIC_TASKS = [
    {
        "name": "Notifikasi: kirim e-mail yang tertunda",
        "task": "semarang_asn.core.tasks.deliver_owed_notification_emails",
        "minute": "*/5",
    },
]


@shared_task(bind=True, max_retries=5, default_retry_delay=60, ignore_result=False)
def deliver_notification_email(self, notification_id: int) -> bool:
    """E-mail copy of an in-app notification; retried when the mail server is down.
    Safe to run twice: the second run finds it sent (acks_late redelivery, duplicates)."""
    try:
        return notification_deliver_email(notification_id=notification_id)
    except OSError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(time_limit=10 * 60, soft_time_limit=8 * 60)
def deliver_owed_notification_emails(older_than_seconds: int = 120) -> int:
    """Every 5 minutes: e-mails whose task never reached the broker (Redis down)."""
    return notification_emails_owed_deliver(older_than=dt.timedelta(seconds=older_than_seconds))
