"""External training, socialisation of the merit system and the monthly JP reminder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from positions.models import Employee, OrgUnit
from semarang_asn.core import events, roles
from semarang_asn.core.services import audit_record, notification_send_many
from semarang_asn.core.uploads import DOCUMENTS, validate_upload

from .. import ledger, rules, selectors
from ..models import ExternalTraining, JpCredit, SocialisationAck, SocialisationMaterial


@transaction.atomic
def external_submit(
    *,
    employee: Employee,
    title: str,
    organiser: str,
    start_date: dt.date,
    end_date: dt.date,
    jp: Decimal,
    certificate_file,
    leadership: str = "",
) -> ExternalTraining:
    """The employee declares training done elsewhere, with its certificate, for HR to verify."""
    if certificate_file is None:
        raise ValidationError({"certificate_file": _("Unggah sertifikat pelatihan.")})
    try:
        validate_upload(certificate_file, allowed=DOCUMENTS)
    except ValidationError as exc:
        raise ValidationError({"certificate_file": exc.messages}) from exc
    row = ExternalTraining(
        employee=employee,
        title=title,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        jp=jp,
        leadership=leadership,
        certificate_file=certificate_file,
    )
    row.full_clean()
    row.save()
    return row


def _decidable(training: ExternalTraining, actor) -> ExternalTraining:
    if not roles.is_hr(actor):
        raise PermissionDenied
    training = ExternalTraining.objects.select_for_update().get(pk=training.pk)
    if training.status != ExternalTraining.Status.SUBMITTED:
        raise ValidationError(_("Pengajuan ini sudah diputuskan."))
    return training


@transaction.atomic
def external_verify(*, training: ExternalTraining, actor, reason: str = "") -> ExternalTraining:
    """HR verifies: the JP count toward the year the training ended (audited)."""
    training = _decidable(training, actor)
    training.status = ExternalTraining.Status.VERIFIED
    training.decided_at = timezone.now()
    training.decided_by = actor
    training.decision_reason = reason.strip()
    training.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    ledger.credit_create(
        employee_id=training.employee_id,
        year=training.end_date.year,
        credited_on=training.end_date,
        jp=training.jp,
        source=JpCredit.Source.EXTERNAL,
        title=training.title[:200],
        leadership=training.leadership,
        external=training,
    )
    events.employees_changed(employee_ids=[training.employee_id], reason="training")
    audit_record(
        actor=actor,
        action="training.external_verify",
        target=training,
        before={"status": ExternalTraining.Status.SUBMITTED},
        after={"status": training.status, "jp": str(training.jp), "year": training.end_date.year},
        reason=training.decision_reason,
    )
    _notify_decision(training)
    return training


@transaction.atomic
def external_reject(*, training: ExternalTraining, actor, reason: str) -> ExternalTraining:
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan penolakan wajib diisi.")})
    training = _decidable(training, actor)
    training.status = ExternalTraining.Status.REJECTED
    training.decided_at = timezone.now()
    training.decided_by = actor
    training.decision_reason = reason.strip()
    training.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    audit_record(
        actor=actor,
        action="training.external_reject",
        target=training,
        before={"status": ExternalTraining.Status.SUBMITTED},
        after={"status": training.status},
        reason=training.decision_reason,
    )
    _notify_decision(training)
    return training


def _notify_decision(training: ExternalTraining) -> None:
    user = training.employee.user
    if user is None:
        return
    context = {"training": training, "url": reverse("training:mine")}
    notification_send_many(
        recipients=[user],
        subject=render_to_string("emails/training_external_decision_subject.txt", context).strip(),
        body=render_to_string("emails/training_external_decision_body.txt", context),
        url=context["url"],
        dedup_key=f"training-external-{training.pk}",
    )


# --- socialisation ----------------------------------------------------------------------


@transaction.atomic
def socialisation_save(
    *,
    actor,
    title: str,
    body: str,
    jp: Decimal,
    for_all: bool,
    opds: list[OrgUnit],
    publish: bool,
    material: SocialisationMaterial | None = None,
) -> SocialisationMaterial:
    """HR writes (or edits) a socialisation material for everyone or for chosen OPD."""
    if not roles.is_hr(actor):
        raise PermissionDenied
    if not for_all and not opds:
        raise ValidationError({"opds": _("Pilih OPD sasaran atau tandai untuk semua pegawai.")})
    material = material or SocialisationMaterial(created_by=actor)
    if material.pk and material.published_at and material.jp != jp and material.acks.exists():
        raise ValidationError({"jp": _("JP tidak dapat diubah setelah ada pegawai yang membaca materi ini.")})
    material.title = title
    material.body = body
    material.jp = jp
    material.for_all = for_all
    if publish and material.published_at is None:
        material.published_at = timezone.now()
    material.full_clean()
    material.save()
    material.opds.set([] if for_all else opds)
    return material


@transaction.atomic
def socialisation_acknowledge(
    *, material: SocialisationMaterial, employee: Employee, today: dt.date | None = None
) -> SocialisationAck:
    """The employee confirms reading a material meant for them; its JP (possibly 0) count
    toward the year of reading. Acknowledging twice changes nothing."""
    if not selectors.socialisation_for_employee(employee).filter(pk=material.pk).exists():
        raise PermissionDenied
    ack, created = SocialisationAck.objects.get_or_create(material=material, employee=employee)
    if created and material.jp > 0:
        day = today or timezone.localdate()
        ledger.credit_create(
            employee=employee,
            year=day.year,
            credited_on=day,
            jp=material.jp,
            source=JpCredit.Source.SOCIALISATION,
            title=material.title[:200],
            acknowledgement=ack,
        )
    return ack


def socialisation_remind(*, material: SocialisationMaterial, actor, today: dt.date | None = None) -> int:
    """HR reminds everyone targeted who has not read the material, once a day at most."""
    if not roles.is_hr(actor):
        raise PermissionDenied
    if material.published_at is None:
        raise ValidationError(_("Materi belum diterbitkan."))
    today = today or timezone.localdate()
    users = selectors.socialisation_unread_users(material)
    context = {"material": material, "url": reverse("training:socialisation_detail", args=[material.pk])}
    sent = notification_send_many(
        recipients=users,
        subject=render_to_string("emails/training_socialisation_subject.txt", context).strip(),
        body=render_to_string("emails/training_socialisation_body.txt", context),
        url=context["url"],
        dedup_key=f"training-socialisation-{material.pk}-{today.isoformat()}",
    )
    audit_record(actor=actor, action="training.socialisation_remind", target=material, after={"sent": sent})
    return sent


# --- the monthly reminder ------------------------------------------------------------------


def jp_reminders_send(*, today: dt.date | None = None) -> int:
    """From July, once a month, remind every active employee under the yearly target.
    The dedup key (year, month) makes a second run in the month send nothing."""
    today = today or timezone.localdate()
    if not rules.reminder_due(today.month):
        return 0
    users = selectors.users_under_target(year=today.year)
    context = {"year": today.year, "target": rules.YEARLY_JP_TARGET, "url": reverse("training:mine")}
    return notification_send_many(
        recipients=users,
        subject=render_to_string("emails/training_jp_reminder_subject.txt", context).strip(),
        body=render_to_string("emails/training_jp_reminder_body.txt", context),
        url=context["url"],
        dedup_key=f"training-jp-{today.year}-{today.month:02d}",
    )
