"""Applications: online submission after screening, uploads, external candidates, HR verification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from positions import rules as position_rules
from positions import selectors as position_selectors
from semarang_asn.core import uploads
from semarang_asn.core.services import audit_bulk, audit_record, notification_send, setting_value

from .. import eligibility
from ..models import Application, ApplicationDocument, Stage, Vacancy

ALLOWED_TYPES = {
    ApplicationDocument.Kind.PAPER: ("pdf",),
    ApplicationDocument.Kind.LHKPN: ("pdf", "jpg", "jpeg", "png"),
    ApplicationDocument.Kind.TRAINING: ("pdf", "jpg", "jpeg", "png"),
    ApplicationDocument.Kind.OTHER: ("pdf", "jpg", "jpeg", "png"),
}


def validate_upload(kind: str, upload) -> None:
    """Type by extension and content, size by ``UPLOAD_MAX_BYTES`` (semarang_asn.core.uploads)."""
    uploads.validate_upload(upload, allowed=ALLOWED_TYPES[kind], label=str(ApplicationDocument.Kind(kind).label))


def _save_documents(application: Application, documents: dict[str, object]) -> None:
    for kind, upload in documents.items():
        if upload:
            ApplicationDocument.objects.create(
                application=application, kind=kind, file=upload, original_name=Path(upload.name).name[:200]
            )


def _next_seq(vacancy: Vacancy) -> int:
    Vacancy.objects.select_for_update().filter(pk=vacancy.pk).first()
    return (Application.objects.filter(vacancy=vacancy).aggregate(m=Max("seq"))["m"] or 0) + 1


def _scoring_started(vacancy: Vacancy) -> bool:
    return vacancy.stages.exclude(state=Stage.State.PENDING).exists()


@transaction.atomic
def application_submit(
    *, vacancy: Vacancy, employee, documents: dict[str, object], actor, on: dt.date | None = None
) -> Application:
    """An employee applies. Refused unless registration is open and every requirement is met."""
    on = on or timezone.localdate()
    vacancy = Vacancy.objects.select_related("position", "min_rank").get(pk=vacancy.pk)
    if not vacancy.registration_is_open(on):
        raise ValidationError(_("Pendaftaran untuk lowongan ini tidak sedang dibuka."))
    if Application.objects.filter(vacancy=vacancy, nip=employee.nip).exists():
        raise ValidationError(_("Anda sudah mendaftar pada lowongan ini."))
    for kind, upload in documents.items():
        if upload:
            validate_upload(kind, upload)
    if vacancy.requirements()["lhkpn_required"] and not documents.get(ApplicationDocument.Kind.LHKPN):
        raise ValidationError(_("Unggah bukti penyampaian LHKPN."))
    checks = eligibility.screen(
        vacancy, employee, on=on, has_training_certificate=bool(documents.get(ApplicationDocument.Kind.TRAINING))
    )
    if not eligibility.is_eligible(checks):
        failed = "; ".join(f"{c.label}: {c.reason}" for c in checks if not c.met)
        raise ValidationError(_("Anda belum memenuhi persyaratan: %(why)s") % {"why": failed})
    seq = _next_seq(vacancy)
    application = Application.objects.create(
        vacancy=vacancy,
        employee=employee,
        seq=seq,
        registration_number=f"{vacancy.code}-{seq:03d}",
        nip=employee.nip,
        name=employee.full_name,
        education=employee.education,
        screening=eligibility.as_json(checks),
    )
    _save_documents(application, documents)
    audit_record(
        actor=actor,
        action="application.submit",
        target=application,
        after={"vacancy": vacancy.code, "screening": application.screening},
    )
    if employee.user_id:
        notification_send(
            recipient=employee.user,
            subject=gettext_noop("Pendaftaran %(no)s diterima"),
            body=gettext_noop("Pendaftaran Anda pada %(v)s tercatat dengan nomor %(no)s."),
            params={"v": vacancy.title, "no": application.registration_number},
            topic=f"vacancy:{vacancy.pk}",
            dedup_key=f"application-submitted-{application.pk}",
        )
    return application


@transaction.atomic
def application_register_external(
    *,
    vacancy: Vacancy,
    nip: str,
    name: str,
    origin_agency: str,
    education: str,
    documents: dict[str, object],
    actor,
    rank=None,
    on: dt.date | None = None,
) -> Application:
    """HR registers a candidate from another government (no record here): NIP and origin
    agency. They are screened against the same requirements as an employee and refused with
    the same reasons when one is not met (``eligibility.screen_external``)."""
    vacancy = Vacancy.objects.select_related("position", "min_rank").get(pk=vacancy.pk)
    if vacancy.published_at is None or vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("Lowongan belum diumumkan atau sudah selesai."))
    if vacancy.admin_announced_at is not None or _scoring_started(vacancy):
        raise ValidationError(_("Hasil seleksi administrasi sudah diumumkan; pelamar tidak dapat ditambah."))
    nip = (nip or "").strip()
    position_rules.validate_nip(nip)
    if position_selectors.is_active_employee_nip(nip):
        raise ValidationError(
            {
                "nip": _(
                    "NIP ini milik pegawai aktif Pemerintah Kota Semarang, bukan pelamar dari luar: "
                    "pegawai mendaftar sendiri lewat akunnya."
                )
            }
        )
    if not origin_agency.strip():
        raise ValidationError({"origin_agency": _("Isi instansi asal.")})
    if Application.objects.filter(vacancy=vacancy, nip=nip).exists():
        raise ValidationError({"nip": _("NIP ini sudah terdaftar pada lowongan ini.")})
    for kind, upload in documents.items():
        if upload:
            validate_upload(kind, upload)
    checks = eligibility.screen_external(
        vacancy,
        nip=nip,
        education=education,
        rank=rank,
        has_lhkpn=bool(documents.get(ApplicationDocument.Kind.LHKPN)),
        on=on,
    )
    if not eligibility.is_eligible(checks):
        failed = "; ".join(f"{c.label}: {c.reason}" for c in checks if not c.met)
        raise ValidationError(_("Pelamar belum memenuhi persyaratan: %(why)s") % {"why": failed})
    seq = _next_seq(vacancy)
    application = Application.objects.create(
        vacancy=vacancy,
        seq=seq,
        registration_number=f"{vacancy.code}-{seq:03d}",
        nip=nip,
        name=name.strip(),
        is_external=True,
        origin_agency=origin_agency.strip(),
        education=education,
        screening=eligibility.as_json(checks),
    )
    _save_documents(application, documents)
    audit_record(
        actor=actor,
        action="application.register_external",
        target=application,
        after={
            "vacancy": vacancy.code,
            "nip": nip,
            "origin": application.origin_agency,
            "rank": rank.code if rank else "",
            "screening": application.screening,
        },
    )
    return application


@transaction.atomic
def document_upload(*, application: Application, kind: str, upload, actor) -> ApplicationDocument:
    """The applicant adds a document (e.g. the paper) while their application is still running."""
    # Judged on what has been announced: refusing because of an unannounced verification or
    # stage result would tell the applicant that result early.
    if application.vacancy.status != Vacancy.Status.PUBLISHED or not application.is_active_as_published:
        raise ValidationError(_("Lamaran ini tidak lagi menerima dokumen."))
    if (
        kind == ApplicationDocument.Kind.PAPER
        and application.vacancy.stages.filter(
            kind="paper", state__in=[Stage.State.LOCKED, Stage.State.ANNOUNCED]
        ).exists()
    ):
        raise ValidationError(_("Tahap makalah sudah dikunci."))
    validate_upload(kind, upload)
    doc = ApplicationDocument.objects.create(
        application=application, kind=kind, file=upload, original_name=Path(upload.name).name[:200]
    )
    audit_record(actor=actor, action="application.document", target=application, after={"kind": kind})
    return doc


@transaction.atomic
def application_verify(
    *, application: Application, passed: bool, reason: str, training_certificate_ok: bool | None = None, actor
) -> Application:
    """HR's administration verification: pass or fail, with a reason when it fails."""
    vacancy = Vacancy.objects.get(pk=application.vacancy_id)
    if vacancy.admin_announced_at is not None or _scoring_started(vacancy):
        raise ValidationError(_("Hasil seleksi administrasi sudah diumumkan; verifikasi sudah ditutup."))
    reason = (reason or "").strip()
    if not passed and not reason:
        raise ValidationError({"reason": _("Tulis alasan ketidaklulusan administrasi.")})
    if passed and vacancy.leadership_training and not application.is_external and not training_certificate_ok:
        raise ValidationError(
            {"training_certificate_ok": _("Sertifikat pelatihan kepemimpinan harus dinyatakan sah untuk lulus.")}
        )
    before = {"admin_status": application.admin_status, "reason": application.admin_reason}
    application.admin_status = Application.Admin.PASSED if passed else Application.Admin.FAILED
    application.admin_reason = reason
    application.training_certificate_ok = training_certificate_ok
    application.save(update_fields=["admin_status", "admin_reason", "training_certificate_ok"])
    audit_record(
        actor=actor,
        action="application.verify",
        target=application,
        before=before,
        after={"admin_status": application.admin_status, "training_certificate_ok": training_certificate_ok},
        reason=reason,
    )
    return application


@transaction.atomic
def applications_verify(
    *,
    vacancy: Vacancy,
    application_ids: list[int],
    passed: bool,
    reason: str,
    training_certificate_ok: bool | None = None,
    actor,
) -> int:
    """HR verifies many applicants' administration at once with one result and one reason:
    the same rules as ``application_verify`` for each, checked for all before anything is
    written; one UPDATE and one audit insert. Returns the number of applications changed."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.admin_announced_at is not None or _scoring_started(vacancy):
        raise ValidationError(_("Hasil seleksi administrasi sudah diumumkan; verifikasi sudah ditutup."))
    ids = sorted(set(application_ids))
    if not ids:
        raise ValidationError(_("Centang setidaknya satu pelamar."))
    reason = (reason or "").strip()
    if not passed and not reason:
        raise ValidationError({"reason": _("Tulis alasan ketidaklulusan administrasi.")})
    rows = list(Application.objects.filter(vacancy=vacancy, pk__in=ids).select_related("vacancy").order_by("seq"))
    if len(rows) != len(ids):
        raise ValidationError(_("Sebagian pelamar yang dicentang bukan pelamar lowongan ini."))
    needs_certificate = [a.registration_number for a in rows if not a.is_external]
    if passed and vacancy.leadership_training and needs_certificate and not training_certificate_ok:
        raise ValidationError(
            {
                "training_certificate_ok": _(
                    "Sertifikat pelatihan kepemimpinan harus dinyatakan sah untuk lulus (%(n)s)."
                )
                % {"n": ", ".join(needs_certificate[:5])}
            }
        )
    status = Application.Admin.PASSED if passed else Application.Admin.FAILED
    Application.objects.filter(pk__in=ids).update(
        admin_status=status, admin_reason=reason, training_certificate_ok=training_certificate_ok
    )
    after = {"admin_status": status, "training_certificate_ok": training_certificate_ok, "bulk": len(ids)}
    audit_bulk(
        actor=actor,
        action="application.verify",
        rows=[(a, {"admin_status": a.admin_status, "reason": a.admin_reason}, after) for a in rows],
        reason=reason,
    )
    return len(ids)


@transaction.atomic
def administration_announce(*, vacancy: Vacancy, actor, on: dt.date | None = None) -> Vacancy:
    """Publish the administration results (who meets the requirements) once every applicant
    is verified and registration has closed; verification closes with it and the objection
    window (masa sanggah) opens."""
    on = on or timezone.localdate()
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.PUBLISHED or vacancy.admin_announced_at is not None:
        raise ValidationError(_("Hasil seleksi administrasi tidak dapat diumumkan (lagi)."))
    if on <= vacancy.registration_closes:
        raise ValidationError(_("Pendaftaran belum ditutup."))
    applications = Application.objects.filter(vacancy=vacancy)
    if not applications.exists():
        raise ValidationError(_("Belum ada pelamar."))
    if applications.filter(admin_status=Application.Admin.PENDING).exists():
        raise ValidationError(_("Masih ada pelamar yang belum diverifikasi administrasinya."))
    # Backfilled announcements (``on`` in the past) keep their own date.
    vacancy.admin_announced_at = (
        timezone.now() if on == timezone.localdate() else timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
    )
    vacancy.admin_objection_until = on + dt.timedelta(days=int(setting_value("assessments.objection_days")))
    vacancy.save(update_fields=["admin_announced_at", "admin_objection_until"])
    audit_record(
        actor=actor,
        action="administration.announce",
        target=vacancy,
        after={
            "objection_until": vacancy.admin_objection_until.isoformat(),
            "passed": applications.filter(admin_status=Application.Admin.PASSED).count(),
            "failed": applications.filter(admin_status=Application.Admin.FAILED).count(),
        },
    )
    url = reverse("assessments:public_detail", args=[vacancy.pk])
    for app in applications.filter(employee__user__isnull=False).select_related("employee__user"):
        notification_send(
            recipient=app.employee.user,
            subject=gettext_noop("Pengumuman hasil seleksi administrasi"),
            body=gettext_noop("Hasil seleksi administrasi %(v)s telah diumumkan. Masa sanggah sampai %(d)s."),
            params={"v": vacancy.title, "d": vacancy.admin_objection_until.isoformat()},
            topic=f"vacancy:{vacancy.pk}",
            url=url,
            dedup_key=f"administration-announced-{vacancy.pk}",
            email=False,
        )
    return vacancy
