"""Conflict declarations, independent blind scoring, calibration, stage lock and announcement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from semarang_asn.core.services import audit_bulk, audit_record, notification_send, setting_value

from .. import rules
from ..models import (
    Application,
    CommitteeMember,
    ConflictDeclaration,
    Objection,
    Score,
    Stage,
    StageResult,
    Vacancy,
)


def stage_candidates(stage: Stage):
    """Applications still in the running when ``stage`` is scored."""
    return Application.objects.filter(
        vacancy_id=stage.vacancy_id, admin_status=Application.Admin.PASSED, stopped_at__isnull=True
    )


@transaction.atomic
def conflict_declare(
    *, member: CommitteeMember, application: Application, has_conflict: bool, statement: str, actor
) -> ConflictDeclaration:
    """Declared once per applicant before seeing documents or scoring; a conflict recuses."""
    if member.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Pernyataan hanya dapat dibuat oleh anggota pansel yang bersangkutan."))
    if member.vacancy_id != application.vacancy_id:
        raise ValidationError(_("Pelamar bukan peserta seleksi ini."))
    if not Vacancy.objects.filter(pk=member.vacancy_id, committee_confirmed_at__isnull=False).exists():
        raise ValidationError(_("Pansel belum ditetapkan."))
    if ConflictDeclaration.objects.filter(member=member, application=application).exists():
        raise ValidationError(_("Pernyataan untuk pelamar ini sudah dibuat dan tidak dapat diubah."))
    statement = (statement or "").strip()
    if has_conflict and not statement:
        raise ValidationError({"statement": _("Jelaskan konflik kepentingan Anda.")})
    declaration = ConflictDeclaration.objects.create(
        member=member, application=application, has_conflict=has_conflict, statement=statement
    )
    audit_record(
        actor=actor,
        action="committee.conflict_declare",
        target=application,
        after={"member": member.user_id, "has_conflict": has_conflict},
        reason=statement,
    )
    return declaration


def _parse_score(value) -> Decimal:
    try:
        value = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({"value": _("Nilai harus angka.")})
    if not Decimal("0") <= value <= Decimal("100"):
        raise ValidationError({"value": _("Nilai harus 0 sampai 100.")})
    return rules.q2(value)


@transaction.atomic
def score_submit(
    *, stage: Stage, application: Application, member: CommitteeMember, value, comment: str, actor
) -> Score:
    """Submit one independent score; once submitted it is locked for the assessor."""
    if member.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Nilai hanya dapat diberikan oleh asesor yang bersangkutan."))
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.state != Stage.State.SCORING:
        raise ValidationError(_("Tahap ini tidak sedang dalam penilaian."))
    if not (member.vacancy_id == stage.vacancy_id == application.vacancy_id):
        raise ValidationError(_("Pelamar atau asesor bukan bagian dari seleksi ini."))
    if not stage_candidates(stage).filter(pk=application.pk).exists():
        raise ValidationError(_("Pelamar ini tidak lagi mengikuti seleksi."))
    declaration = ConflictDeclaration.objects.filter(member=member, application=application).first()
    if declaration is None:
        raise ValidationError(_("Buat pernyataan konflik kepentingan lebih dulu."))
    if declaration.has_conflict:
        raise ValidationError(_("Anda mengundurkan diri dari penilaian pelamar ini karena konflik kepentingan."))
    if Score.objects.filter(stage=stage, application=application, member=member).exists():
        raise ValidationError(_("Nilai Anda untuk pelamar ini sudah dikirim dan terkunci."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tulis catatan penilaian.")})
    score = Score.objects.create(
        stage=stage, application=application, member=member, value=_parse_score(value), comment=comment
    )
    audit_record(
        actor=actor,
        action="score.submit",
        target=score,
        after={"stage": stage.kind, "application": application.registration_number, "value": str(score.value)},
    )
    return score


@transaction.atomic
def score_adjust(*, score: Score, value, reason: str, actor) -> Score:
    """Calibration by HR before the stage is locked: a written reason is required and audited."""
    score = Score.objects.select_for_update().select_related("stage").get(pk=score.pk)
    if score.stage.state != Stage.State.SCORING:
        raise ValidationError(_("Tahap sudah dikunci; nilai tidak dapat dikalibrasi."))
    if CommitteeMember.objects.filter(vacancy_id=score.stage.vacancy_id, user_id=getattr(actor, "pk", None)).exists():
        raise ValidationError(_("Anggota pansel seleksi ini tidak dapat mengkalibrasi nilainya."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan kalibrasi.")})
    new_value = _parse_score(value)
    if new_value == score.value:
        raise ValidationError({"value": _("Nilai baru sama dengan nilai sekarang.")})
    before = {"value": str(score.value)}
    if score.original_value is None:
        score.original_value = score.value
    score.value = new_value
    score.adjustment_reason = reason
    score.save(update_fields=["value", "original_value", "adjustment_reason"])
    audit_record(
        actor=actor, action="score.adjust", target=score, before=before, after={"value": str(new_value)}, reason=reason
    )
    return score


@transaction.atomic
def stage_open(*, stage: Stage, actor, on: dt.date | None = None) -> Stage:
    """Start scoring a stage: after registration, with the committee fixed and the previous stage announced."""
    on = on or timezone.localdate()
    stage = Stage.objects.select_for_update().select_related("vacancy").get(pk=stage.pk)
    vacancy = stage.vacancy
    if stage.state != Stage.State.PENDING:
        raise ValidationError(_("Tahap ini sudah dimulai."))
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise ValidationError(_("Lowongan tidak dalam proses seleksi."))
    if on <= vacancy.registration_closes:
        raise ValidationError(_("Pendaftaran belum ditutup."))
    if vacancy.committee_confirmed_at is None:
        raise ValidationError(_("Tetapkan pansel lebih dulu."))
    if vacancy.stages.filter(order__lt=stage.order).exclude(state=Stage.State.ANNOUNCED).exists():
        raise ValidationError(_("Umumkan hasil tahap sebelumnya lebih dulu."))
    if Application.objects.filter(vacancy=vacancy, admin_status=Application.Admin.PENDING).exists():
        raise ValidationError(_("Masih ada pelamar yang belum diverifikasi administrasinya."))
    if vacancy.admin_announced_at is None:
        raise ValidationError(_("Umumkan hasil seleksi administrasi lebih dulu."))
    if Objection.objects.filter(application__vacancy=vacancy, answered_at__isnull=True).exists():
        raise ValidationError(_("Jawab dulu sanggahan yang masih terbuka."))
    if not stage_candidates(stage).exists():
        raise ValidationError(_("Tidak ada pelamar yang lolos untuk dinilai."))
    stage.state = Stage.State.SCORING
    stage.save(update_fields=["state"])
    audit_record(actor=actor, action="stage.open", target=stage, after={"vacancy": vacancy.code})
    url = reverse("assessments:committee_detail", args=[vacancy.pk])
    for member in CommitteeMember.objects.filter(vacancy=vacancy).select_related("user"):
        notification_send(
            recipient=member.user,
            subject=gettext_noop("Penilaian tahap %(stage)s dibuka"),
            body=gettext_noop("Beri nilai pelamar %(v)s pada tahap %(stage)s."),
            params={"v": vacancy.title, "stage": rules.STAGE_LABELS[stage.kind]},
            topic=f"vacancy:{vacancy.pk}",
            url=url,
            dedup_key=f"stage-open-{stage.pk}",
        )
    return stage


def scoring_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind every assessor who still owes a score in a stage being scored; once a day each."""
    today = today or timezone.localdate()
    sent = 0
    for stage in Stage.objects.filter(state=Stage.State.SCORING).select_related("vacancy"):
        owing: dict[int, int] = {}
        for p in stage_progress(stage).values():
            for member_id in p["missing"]:
                owing[member_id] = owing.get(member_id, 0) + 1
        members = CommitteeMember.objects.filter(pk__in=owing).select_related("user")
        for member in members:
            note = notification_send(
                recipient=member.user,
                subject=gettext_noop("Pengingat: %(n)s nilai belum dikirim"),
                body=gettext_noop("Tahap %(stage)s seleksi %(v)s menunggu nilai Anda."),
                params={"n": owing[member.pk], "stage": rules.STAGE_LABELS[stage.kind], "v": stage.vacancy.title},
                topic=f"vacancy:{stage.vacancy_id}",
                url=reverse("assessments:committee_detail", args=[stage.vacancy_id]),
                dedup_key=f"scoring-reminder-{stage.pk}-{today.isoformat()}",
            )
            sent += note is not None
    return sent


def stage_progress(stage: Stage) -> dict[int, dict]:
    """Per candidate: the members expected to score (not recused), those who did, their values."""
    members = list(CommitteeMember.objects.filter(vacancy_id=stage.vacancy_id).values_list("pk", flat=True))
    candidates = list(stage_candidates(stage).values_list("pk", flat=True))
    recused: dict[int, set[int]] = {}
    for app_id, member_id in ConflictDeclaration.objects.filter(
        application_id__in=candidates, has_conflict=True
    ).values_list("application_id", "member_id"):
        recused.setdefault(app_id, set()).add(member_id)
    submitted: dict[int, dict[int, Decimal]] = {}
    for app_id, member_id, value in Score.objects.filter(stage=stage).values_list(
        "application_id", "member_id", "value"
    ):
        submitted.setdefault(app_id, {})[member_id] = value
    progress = {}
    for app_id in candidates:
        expected = set(members) - recused.get(app_id, set())
        got = submitted.get(app_id, {})
        progress[app_id] = {
            "expected": expected,
            "submitted": got,
            "missing": expected - set(got),
            "quorum": bool(expected) and expected <= set(got),
        }
    return progress


@transaction.atomic
def stage_lock(*, stage: Stage, actor) -> Stage:
    """HR locks a stage once every non-recused assessor has submitted for every candidate.
    Stage result = mean of the submitted scores; candidates under the pass mark stop here."""
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.state != Stage.State.SCORING:
        raise ValidationError(_("Tahap ini tidak sedang dalam penilaian."))
    progress = stage_progress(stage)
    incomplete = [app_id for app_id, p in progress.items() if not p["quorum"]]
    if incomplete:
        numbers = Application.objects.filter(pk__in=incomplete).values_list("registration_number", flat=True)
        raise ValidationError(
            _("Belum semua asesor mengirim nilai (kuorum belum tercapai) untuk: %(no)s.")
            % {"no": ", ".join(sorted(numbers))}
        )
    results = []
    for app_id, p in progress.items():
        values = list(p["submitted"].values())
        value = rules.mean(values)
        results.append(
            StageResult(
                stage=stage,
                application_id=app_id,
                value=value,
                passed=value >= stage.pass_mark,
                spread=rules.spread(values),
            )
        )
    StageResult.objects.bulk_create(results)
    failed = [r.application_id for r in results if not r.passed]
    Application.objects.filter(pk__in=failed).update(stopped_at=stage)
    stage.state = Stage.State.LOCKED
    stage.locked_at = timezone.now()
    stage.save(update_fields=["state", "locked_at"])
    audit_record(actor=actor, action="stage.lock", target=stage, after={"results": len(results), "failed": len(failed)})
    audit_bulk(
        actor=actor,
        action="stage.result",
        rows=[(r, None, {"value": str(r.value), "passed": r.passed}) for r in StageResult.objects.filter(stage=stage)],
    )
    return stage


def _rank_vacancy(vacancy: Vacancy) -> None:
    stages = list(vacancy.stages.all())
    weights = {s.kind: s.weight for s in stages}
    finalists = list(
        Application.objects.filter(
            vacancy=vacancy, admin_status=Application.Admin.PASSED, stopped_at__isnull=True
        ).prefetch_related("stage_results__stage")
    )
    candidates = [
        rules.Candidate(
            key=app.pk,
            registration_seq=app.seq,
            stage_results={r.stage.kind: r.value for r in app.stage_results.all()},
            extra={"app": app},
        )
        for app in finalists
    ]
    for c in rules.rank_candidates(candidates, weights):
        app = c.extra["app"]
        app.final_score, app.final_rank = c.final, c.rank
    Application.objects.bulk_update(finalists, ["final_score", "final_rank"])


@transaction.atomic
def stage_announce(*, stage: Stage, actor, on: dt.date | None = None) -> Stage:
    """Publish a locked stage's results; the objection window (masa sanggah) opens.
    The last stage's announcement carries the final ranking."""
    on = on or timezone.localdate()
    stage = Stage.objects.select_for_update().select_related("vacancy").get(pk=stage.pk)
    if stage.state != Stage.State.LOCKED:
        raise ValidationError(_("Kunci tahap ini sebelum diumumkan."))
    stage.state = Stage.State.ANNOUNCED
    # Backfilled announcements (``on`` in the past) keep their own date.
    stage.announced_at = (
        timezone.now() if on == timezone.localdate() else timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
    )
    stage.objection_until = on + dt.timedelta(days=int(setting_value("assessments.objection_days")))
    stage.save(update_fields=["state", "announced_at", "objection_until"])
    is_last = not stage.vacancy.stages.filter(order__gt=stage.order).exists()
    if is_last:
        _rank_vacancy(stage.vacancy)
    audit_record(
        actor=actor,
        action="stage.announce",
        target=stage,
        after={"objection_until": stage.objection_until.isoformat(), "final": is_last},
    )
    url = reverse("assessments:public_detail", args=[stage.vacancy_id])
    for app in Application.objects.filter(vacancy_id=stage.vacancy_id, employee__user__isnull=False).select_related(
        "employee__user"
    ):
        notification_send(
            recipient=app.employee.user,
            subject=gettext_noop("Pengumuman tahap %(stage)s"),
            body=gettext_noop("Hasil tahap %(stage)s seleksi %(v)s telah diumumkan. Masa sanggah sampai %(d)s."),
            params={
                "stage": rules.STAGE_LABELS[stage.kind],
                "v": stage.vacancy.title,
                "d": stage.objection_until.isoformat() if stage.objection_until else "",
            },
            topic=f"vacancy:{stage.vacancy_id}",
            url=url,
            dedup_key=f"stage-announced-{stage.pk}",
            email=False,
        )
    return stage
