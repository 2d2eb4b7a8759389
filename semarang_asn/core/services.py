from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from . import notices
from .audit import chain_append
from .models import AuditEvent, IssuedDocument, Notification, Setting

logger = logging.getLogger(__name__)

# Publishing waits at most about a second for a broker that is down, then gives up (the
# work stays owed in the database); Celery's default would retry for longer.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}


def _actor_fields(actor) -> dict[str, Any]:
    """Who acted, copied into the row so that it survives any later change to the user."""
    if not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": "", "actor_name": ""}
    return {
        "actor": actor,
        "actor_username": actor.get_username()[:150],
        "actor_name": actor.get_full_name()[:255],
    }


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit row at the end of the hash chain. Callers run it inside their own
    transaction; the chain head stays locked until that transaction ends."""
    event = AuditEvent(
        **_actor_fields(actor),
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=before,
        after=after,
        reason=reason,
    )
    return chain_append([event])[0]


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
    """Audit many changes with one lock and one insert per 1,000 rows (set-based services)."""
    who = _actor_fields(actor)
    type_cache: dict[type, ContentType] = {}
    events = []
    for target, before, after in rows:
        model = type(target)
        if model not in type_cache:
            type_cache[model] = ContentType.objects.get_for_model(model)
        events.append(
            AuditEvent(
                **who,
                action=action,
                target_type=type_cache[model],
                target_id=str(target.pk),
                target_repr=str(target)[:255],
                before=before,
                after=after,
                reason=reason,
            )
        )
    chain_append(events)


def user_has_acted(user) -> bool:
    """A user named as the actor of any audit row: kept for ever, deactivated at most."""
    return AuditEvent.objects.filter(actor=user).exists()


@transaction.atomic
def user_deactivate(*, user, actor, reason: str = "") -> bool:
    """Turn a login off instead of deleting the user, so that "who" stays answerable.
    Returns False when the user was already inactive (nothing is written)."""
    if not user.is_active:
        return False
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    audit_record(
        actor=actor,
        action="user.deactivate",
        target=user,
        before={"is_active": True},
        after={"is_active": False},
        reason=reason,
    )
    return True


def task_enqueue(task, *args) -> bool:
    """Send a task to the broker after the surrounding transaction commits. A broker that
    is down must not break the page that caused the task: the failure is logged and the
    work stays owed in the database (see ``notification_emails_owed_deliver``)."""

    def send() -> None:
        try:
            task.apply_async(args=args, retry_policy=PUBLISH_RETRY_POLICY)
        except (KombuOperationalError, OSError):
            logger.warning("Broker unreachable; %s%r left for the periodic sweep", task.name, args, exc_info=True)

    transaction.on_commit(send)
    return True


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
    wants_email = bool(email and recipient.email)
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
            note = Notification.objects.create(
                recipient=recipient,
                url=url,
                dedup_key=dedup_key,
                topic=topic,
                email_requested=wants_email,
                **fields,
            )
    except IntegrityError:
        return None
    if wants_email:
        from .tasks import deliver_notification_email

        task_enqueue(deliver_notification_email, note.pk)
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
    user.__dict__.pop("unread_count", None)  # loaded with the user (core.auth): count again
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
    """Send the e-mail copy of a notification once; True when it was sent now.

    The row lock makes a second delivery of the same task (redelivery after a worker was
    killed, or a duplicate message) wait and then find the e-mail already sent."""
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


def notification_emails_owed_deliver(*, older_than: dt.timedelta = dt.timedelta(minutes=2), limit: int = 500) -> int:
    """The periodic sweep: send e-mail copies still owed (their task never reached the
    broker, or failed for good). Only rows older than ``older_than``, so that it does not
    race the task that is normally on its way. Returns how many were sent now."""
    owed = list(
        Notification.objects.filter(
            email_requested=True, emailed_at__isnull=True, created_at__lte=timezone.now() - older_than
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(notification_deliver_email(notification_id=pk) for pk in owed)


# Settings read during one request: the first read loads every row (one query), later reads
# in the same request are free. Outside a request (tasks, shell, tests) each read queries, so a
# change is seen at once; a save or delete of a Setting empties the request's copy.
_request_settings: ContextVar[dict | None] = ContextVar("request_settings", default=None)
_LOADED = object()


@contextmanager
def settings_read_once():
    """Within this block every configured setting is read from the database at most once."""
    token = _request_settings.set({})
    try:
        yield
    finally:
        _request_settings.reset(token)


def settings_forget(**kwargs) -> None:
    """post_save/post_delete of Setting: the next read in this request loads them again."""
    scope = _request_settings.get()
    if scope is not None:
        scope.clear()


def setting_value(key: str):
    """The configured value of a rule DOMAIN.md marks configurable.

    Seeded by migrations from ``DEFAULTS``; the default applies if an admin deletes the row.
    """
    from .settings_registry import DEFAULTS

    scope = _request_settings.get()
    if scope is None:
        row = Setting.objects.filter(key=key).values_list("value", flat=True).first()
    else:
        if _LOADED not in scope:
            scope.update(Setting.objects.values_list("key", "value"))
            scope[_LOADED] = True
        row = scope.get(key)
    if row is None:
        return DEFAULTS[key][0]
    return row


def document_fingerprint(content: Any) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def document_issue(
    *,
    kind: str,
    key: str,
    subject: str,
    content: Any,
    facts: list[tuple[str, str]] | None = None,
    public_url: str = "",
) -> IssuedDocument:
    """The valid document for ``key`` with this content: the same code on every download
    while the content is unchanged; when it changed (an announcement re-issued), the old code
    is revoked as superseded and a new one issued. ``facts`` are what the public verification
    page shows: label msgids (translated when shown) and values, never anything private."""
    fingerprint = document_fingerprint(content)
    for attempt in range(2):
        try:
            with transaction.atomic():
                current = IssuedDocument.objects.select_for_update().filter(key=key, revoked_at__isnull=True).first()
                if current is not None and current.fingerprint == fingerprint:
                    return current
                document = IssuedDocument(
                    kind=kind,
                    key=key,
                    subject=subject[:255],
                    fingerprint=fingerprint,
                    facts=[[label, str(value)] for label, value in (facts or [])],
                    public_url=public_url,
                )
                if current is not None:
                    current.revoked_at = timezone.now()
                    current.save(update_fields=["revoked_at"])
                document.save()
                if current is not None:
                    current.superseded_by = document
                    current.save(update_fields=["superseded_by"])
                return document
        except IntegrityError:
            # Two first downloads at once: the other one's row won; read it on the second pass.
            if attempt:
                raise
    raise AssertionError("unreachable")
