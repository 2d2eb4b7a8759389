"""Objections (masa sanggah), the proposal of the best names and the official's appointment."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from positions import services as position_services
from semarang_asn.core import roles
from semarang_asn.core.services import audit_record, notification_send, notifications_done

from ..models import Application, Decision, Objection, Stage, Vacancy


@transaction.atomic
def objection_file(
    *, stage: Stage | None, application: Application, text: str, actor, on: dt.date | None = None
) -> Objection:
    """The applicant objects to an announcement within its window (masa sanggah): a stage's
    result, or with ``stage=None`` the administration result."""
    on = on or timezone.localdate()
    if application.employee is None or application.employee.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Sanggahan hanya dapat diajukan oleh pelamar yang bersangkutan."))
    if stage is None:
        vacancy = Vacancy.objects.get(pk=application.vacancy_id)
        if vacancy.admin_announced_at is None or vacancy.admin_objection_until is None:
            raise ValidationError(_("Hasil seleksi administrasi belum diumumkan."))
        until = vacancy.admin_objection_until
    else:
        if stage.vacancy_id != application.vacancy_id or stage.state != Stage.State.ANNOUNCED:
            raise ValidationError(_("Tahap ini belum diumumkan."))
        until = stage.objection_until
    if on > until:
        raise ValidationError(_("Masa sanggah sudah berakhir pada %(d)s.") % {"d": until})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Tulis isi sanggahan.")})
    objection = Objection.objects.create(stage=stage, application=application, text=text)
    audit_record(
        actor=actor,
        action="objection.file",
        target=objection,
        after={"stage": stage.kind if stage else "administration_announcement"},
        reason=text,
    )
    return objection


@transaction.atomic
def objection_answer(*, objection: Objection, answer: str, actor) -> Objection:
    """HR answers in writing; the objection and the answer are both kept."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise ValidationError(_("Sanggahan ini sudah dijawab."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Tulis jawaban sanggahan.")})
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(actor=actor, action="objection.answer", target=objection, reason=answer)
    application = objection.application
    if application.employee_id and application.employee.user_id:
        notification_send(
            recipient=application.employee.user,
            subject=gettext_noop("Sanggahan Anda telah dijawab"),
            body="%(answer)s",
            params={"answer": answer},
            topic=f"vacancy:{application.vacancy_id}",
            url=reverse("assessments:my_application", args=[application.pk]),
            dedup_key=f"objection-answered-{objection.pk}",
        )
    return objection


@transaction.atomic
def vacancy_propose(*, vacancy: Vacancy, actor, on: dt.date | None = None) -> Vacancy:
    """After the final announcement and its objection window, the top names go to the official."""
    on = on or timezone.localdate()
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("Lowongan tidak dalam proses seleksi."))
    stages = list(vacancy.stages.all())
    if not stages or any(s.state != Stage.State.ANNOUNCED for s in stages):
        raise ValidationError(_("Semua tahap harus sudah diumumkan."))
    last = stages[-1]
    if on <= last.objection_until:
        raise ValidationError(_("Masa sanggah tahap akhir berlangsung sampai %(d)s.") % {"d": last.objection_until})
    if Objection.objects.filter(application__vacancy=vacancy, answered_at__isnull=True).exists():
        raise ValidationError(_("Masih ada sanggahan yang belum dijawab."))
    top = list(
        Application.objects.filter(vacancy=vacancy, final_rank__isnull=False)
        .order_by("final_rank")
        .values_list("pk", flat=True)[: vacancy.names_to_official]
    )
    if not top:
        raise ValidationError(_("Tidak ada pelamar yang lulus semua tahap."))
    Application.objects.filter(pk__in=top).update(proposed=True)
    vacancy.status = Vacancy.Status.PROPOSED
    vacancy.proposed_at = timezone.now()
    vacancy.save(update_fields=["status", "proposed_at"])
    audit_record(actor=actor, action="vacancy.propose", target=vacancy, after={"applications": top})
    url = reverse("assessments:official_decide", args=[vacancy.pk])
    for user in get_user_model().objects.filter(groups__name=roles.APPOINTING_OFFICIAL, is_active=True):
        notification_send(
            recipient=user,
            subject=gettext_noop("Usulan %(n)s nama: %(v)s"),
            params={"n": len(top), "v": vacancy.title},
            url=url,
            topic=f"vacancy:{vacancy.pk}",
            dedup_key=f"vacancy-proposed-{vacancy.pk}",
        )
    return vacancy


def _employee_for(application: Application, actor):
    """The appointee's record; an external candidate gets one from their NIP."""
    if application.employee_id:
        return application.employee
    return position_services.employee_get_or_create_by_nip(
        nip=application.nip, name=application.name, education=application.education, actor=actor
    )


@transaction.atomic
def appointment_decide(
    *,
    vacancy: Vacancy,
    application: Application,
    reason: str,
    start_date: dt.date,
    decree_number: str = "",
    actor,
) -> Decision:
    """The official picks one proposed name (a written reason unless it is the top-ranked one).
    The definitive assignment fills the seat and the vacancy closes."""
    vacancy = Vacancy.objects.select_for_update().select_related("position").get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.PROPOSED:
        raise ValidationError(_("Lowongan belum diusulkan ke PPK atau sudah diputuskan."))
    if application.vacancy_id != vacancy.pk or not application.proposed:
        raise ValidationError(_("Pilih salah satu nama yang diusulkan."))
    reason = (reason or "").strip()
    top_rank = min(
        Application.objects.filter(vacancy=vacancy, proposed=True).values_list("final_rank", flat=True), default=1
    )
    if application.final_rank != top_rank and not reason:
        raise ValidationError({"reason": _("Tulis alasan memilih nama yang bukan peringkat pertama.")})
    employee = _employee_for(application, actor)
    assignment = position_services.assignment_create(
        employee=employee,
        position=vacancy.position,
        start_date=start_date,
        decree_number=decree_number,
        end_previous=True,
        actor=actor,
        reason=_("Hasil seleksi terbuka %(code)s") % {"code": vacancy.code},
    )
    decision = Decision.objects.create(
        vacancy=vacancy,
        application=application,
        reason=reason,
        decided_by=actor,
        start_date=start_date,
        decree_number=decree_number,
        assignment=assignment,
    )
    vacancy.status = Vacancy.Status.APPOINTED
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="appointment.decide",
        target=vacancy,
        after={"application": application.registration_number, "rank": application.final_rank, "nip": employee.nip},
        reason=reason,
    )
    notifications_done(topic=f"vacancy:{vacancy.pk}")  # the selection is over: its to-dos are stale
    return decision
