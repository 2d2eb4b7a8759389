from celery import shared_task

from .services import notification_deliver_email


@shared_task(bind=True, max_retries=5, default_retry_delay=60, ignore_result=False)
def deliver_notification_email(self, notification_id: int) -> bool:
    """E-mail copy of an in-app notification; retried when the mail server is down."""
    try:
        return notification_deliver_email(notification_id=notification_id)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
