from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import notices
from .models import AuditEvent, Notification, Setting


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit row. Callers run it inside their own transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=before,
        after=after,
        reason=reason,
    )


def stored_values(instance: models.Model, fields: list[str], *, lock: bool = True) -> dict[str, Any]:
    """The values of ``fields`` as the database holds them now: the "before" of an audit row.

    Never read "before" from the instance a service was given: a bound ModelForm has already
    written the user's input onto it, so before would equal after and the change would go
    unrecorded. Locks the row (inside the caller's transaction) unless ``lock`` is False.
    """
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values(*fields).get()


def audit_bulk(
    *, actor, action: str, rows: list[tuple[models.Model, dict | None, dict | None]], reason: str = ""
) -> None:
    """Audit many changes with one insert (set-based services)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    type_cache: dict[type, ContentType] = {}
    events = []
    for target, before, after in rows:
        model = type(target)
        if model not in type_cache:
            type_cache[model] = ContentType.objects.get_for_model(model)
        events.append(
            AuditEvent(
                actor=user,
                action=action,
                target_type=type_cache[model],
                target_id=str(target.pk),
                target_repr=str(target)[:255],
                before=before,
                after=after,
                reason=reason,
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def notification_send(
    *,
    recipient,
    subject: str,
    body: str = "",
    url: str = "",
    dedup_key: str = "",
    email: bool = True,
    params: dict | None = None,
    topic: str = "",
) -> Notification | None:
    """In-app notification plus an e-mail copy. With a ``dedup_key`` it is sent once only,
    so periodic reminders stay idempotent. Returns None when it was already sent.

    With ``params`` (even empty), ``subject`` and ``body`` are message keys: untranslated
    templates (``gettext_noop``) rendered in each reader's language (see core/notices.py).
    ``topic`` names what it is about, so that ``notifications_done`` can close it."""
    fields = {"subject": subject, "body": body}
    if params is not None:
        encoded = notices.encode_params(params)
        language = settings.LANGUAGE_CODE
        fields = {
            "subject": notices.render_in(language, subject, encoded)[:200],
            "body": notices.render_in(language, body, encoded),
            "message_key": subject,
            "body_key": body,
            "params": encoded,
        }
    try:
        with transaction.atomic():
            note = Notification.objects.create(recipient=recipient, url=url, dedup_key=dedup_key, topic=topic, **fields)
    except IntegrityError:
        return None
    if email and recipient.email:
        from .tasks import deliver_notification_email

        transaction.on_commit(lambda: deliver_notification_email.delay(note.pk))
    return note


def notifications_done(*, topic: str) -> int:
    """Mark every open notification about ``topic`` done (e.g. a finished selection): they
    leave the unread count and the centre's open list. Returns how many."""
    now = timezone.now()
    return Notification.objects.filter(topic=topic, done_at__isnull=True).update(done_at=now)


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all when ``ids`` is None."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())


def notification_send_many(
    *, recipients, subject: str, body: str = "", url: str = "", dedup_key: str, email: bool = True
) -> int:
    """The same notification to many users in one insert (set-based reminders). The dedup
    key makes it idempotent: a user who already has it gets nothing, so running twice, or
    two workers at once, sends once. Returns how many were sent now."""
    users = {user.pk: user for user in recipients}
    if not users:
        return 0
    existing = Notification.objects.filter(dedup_key=dedup_key, recipient_id__in=users)
    already = set(existing.values_list("recipient_id", flat=True))
    new = [pk for pk in users if pk not in already]
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, subject=subject, body=body, url=url, dedup_key=dedup_key) for pk in new],
        batch_size=1000,
        ignore_conflicts=True,  # a concurrent run inserted some meanwhile: theirs stand
    )
    if email:
        from .tasks import deliver_notification_email

        mailable = [pk for pk in new if users[pk].email]
        note_ids = list(
            Notification.objects.filter(
                dedup_key=dedup_key, recipient_id__in=mailable, emailed_at__isnull=True
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: [deliver_notification_email.delay(pk) for pk in note_ids])
    return len(new)


def notification_deliver_email(*, notification_id: int) -> bool:
    """Send the e-mail copy of a notification once; True when it was sent now."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.recipient.email:
            return False
        send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.recipient.email])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


def setting_value(key: str):
    """The configured value of a rule DOMAIN.md marks configurable.

    Seeded by migrations from ``DEFAULTS``; the default applies if an admin deletes the row.
    """
    from .settings_registry import DEFAULTS

    row = Setting.objects.filter(key=key).values_list("value", flat=True).first()
    if row is None:
        return DEFAULTS[key][0]
    return row
