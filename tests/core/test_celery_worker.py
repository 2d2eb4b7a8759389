"""A task executed by a real Celery worker consuming from Redis (not eager mode)."""

import pytest
from django.core import mail

from semarang_asn.core import services
from semarang_asn.core.models import Notification
from semarang_asn.core.tasks import deliver_notification_email


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_the_notification_email_through_redis(redis_worker, employee):
    queue = redis_worker
    note = services.notification_send(recipient=employee, subject="Penilaian dibuka", email=False)
    result = deliver_notification_email.apply_async((note.pk,), queue=queue)
    assert result.get(timeout=20) is True
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[employee.email]]
    # Idempotent: a second delivery sends nothing.
    assert deliver_notification_email.apply_async((note.pk,), queue=queue).get(timeout=20) is False
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
