import pytest
from django.core import mail

from semarang_asn.core import services
from semarang_asn.core.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


def test_a_notification_with_a_dedup_key_is_sent_once(employee):
    first = services.notification_send(recipient=employee, subject="Pengingat", dedup_key="cycle-1:rater", email=False)
    second = services.notification_send(recipient=employee, subject="Pengingat", dedup_key="cycle-1:rater", email=False)
    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=employee).count() == 1


def test_the_email_copy_is_delivered_once(employee, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from semarang_asn.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            note = services.notification_send(recipient=employee, subject="SKP menunggu", body="Isi realisasi.")
    finally:
        app.conf.task_always_eager = False
    assert [m.subject for m in mail.outbox] == ["SKP menunggu"]
    assert services.notification_deliver_email(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_an_employee_sees_only_their_own_notifications(client_for, employee, other_employee):
    mine = services.notification_send(recipient=employee, subject="Untuk saya", email=False)
    services.notification_send(recipient=other_employee, subject="Rahasia orang lain", email=False)
    page = client_for(employee).get("/notifikasi/")
    assert b"Untuk saya" in page.content
    assert b"Rahasia orang lain" not in page.content
    other = Notification.objects.get(recipient=other_employee)
    assert client_for(employee).post(f"/notifikasi/{other.pk}/baca/").status_code == 404
    assert client_for(employee).post(f"/notifikasi/{mine.pk}/baca/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_audit_records_are_append_only_in_admin(client_for, admin_user, employee):
    event = services.audit_record(actor=admin_user, action="test.change", target=employee, reason="uji")
    c = client_for(admin_user)
    assert c.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_date_parameter_is_shown_in_the_readers_date_format():
    import datetime as dt

    from django.utils import translation

    from semarang_asn.core import notices

    params = notices.encode_params({"deadline": dt.date(2026, 5, 4)})
    assert params == {"deadline": {notices.DATE: "2026-05-04"}}
    with translation.override("id"):
        assert notices.render("Batas penilaian %(deadline)s", params) == "Batas penilaian 4 Mei 2026"
    with translation.override("en"):
        assert notices.render("Batas penilaian %(deadline)s", params) == "Batas penilaian 4 May 2026"
