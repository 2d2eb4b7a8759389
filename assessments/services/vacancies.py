"""Vacancies, their stages and committee: create, edit while draft, publish (which freezes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from positions import selectors as position_selectors
from positions.models import Employee
from semarang_asn.core import roles
from semarang_asn.core.concurrency import version_check
from semarang_asn.core.services import audit_record, notifications_done, setting_value

from .. import rules
from ..models import CommitteeMember, Stage, Vacancy

REQUIREMENT_FIELDS = (
    "min_rank",
    "min_education",
    "experience_levels",
    "experience_years",
    "max_age",
    "no_moderate_heavy_discipline",
    "predikat_baik_two_years",
    "leadership_training",
    "jpm_min",
    "lhkpn_required",
    "age_reference_date",
)
FROZEN_FIELDS = (
    "position",
    "title",
    "registration_opens",
    "registration_closes",
    "names_to_official",
    *REQUIREMENT_FIELDS,
)
# JPT posts follow PermenPANRB 15/2019 exactly; other posts read the configurable rule.
JPT_COMMITTEE = rules.CommitteeRule(minimum=5, maximum=9, internal_max_pct=Decimal("45"))


def committee_rule_for(vacancy: Vacancy) -> rules.CommitteeRule:
    if vacancy.is_jpt:
        return JPT_COMMITTEE
    return rules.CommitteeRule(
        minimum=int(setting_value("assessments.committee_min_non_jpt")),
        maximum=int(setting_value("assessments.committee_max_non_jpt")),
        internal_max_pct=Decimal(str(setting_value("assessments.committee_internal_max_pct_non_jpt"))),
    )


def _snapshot(vacancy: Vacancy) -> dict[str, Any]:
    data = {}
    for name in FROZEN_FIELDS:
        value = getattr(vacancy, f"{name}_id" if name in ("position", "min_rank") else name)
        data[name] = value.isoformat() if isinstance(value, dt.date) else str(value) if value is not None else None
    data["stages"] = [
        {"kind": s.kind, "weight": str(s.weight), "pass_mark": str(s.pass_mark)} for s in vacancy.stages.all()
    ]
    return data


def _check_stages(stages: list[dict]) -> None:
    if not stages:
        raise ValidationError(_("Tentukan setidaknya satu tahap seleksi."))
    kinds = [s["kind"] for s in stages]
    if len(set(kinds)) != len(kinds):
        raise ValidationError(_("Setiap tahap hanya boleh muncul sekali."))
    unknown = [k for k in kinds if k not in rules.STAGE_KINDS]
    if unknown:
        raise ValidationError(_("Tahap tidak dikenal: %(k)s.") % {"k": ", ".join(unknown)})
    weights = [Decimal(s["weight"]) for s in stages]
    if not rules.weights_are_valid(weights):
        raise ValidationError(
            _("Bobot tahap harus lebih dari 0 dan berjumlah tepat 100%% (sekarang %(t)s%%).")
            % {"t": rules.weights_total(weights).normalize()}
        )
    for s in stages:
        if not Decimal("0") <= Decimal(s["pass_mark"]) <= Decimal("100"):
            raise ValidationError(_("Nilai ambang harus 0 sampai 100."))


def _check_window(vacancy: Vacancy) -> None:
    minimum = int(setting_value("assessments.registration_min_days"))
    if vacancy.registration_closes < vacancy.registration_opens:
        raise ValidationError({"registration_closes": _("Tanggal tutup sebelum tanggal buka.")})
    days = (vacancy.registration_closes - vacancy.registration_opens).days + 1
    if days < minimum:
        raise ValidationError(
            {
                "registration_closes": _("Masa pendaftaran minimal %(min)s hari (sekarang %(n)s hari).")
                % {"min": minimum, "n": days}
            }
        )


def _check_level_requirements(vacancy: Vacancy) -> None:
    """HR adds to the level's statutory requirements, never loosens them."""
    problems = rules.loosened_requirements(
        vacancy.level_requirements,
        min_education=vacancy.min_education,
        max_age=vacancy.max_age,
        order=Employee.EDUCATION_ORDER,
    )
    if problems:
        raise ValidationError(problems)
    if vacancy.age_reference_date and vacancy.age_reference_date < vacancy.registration_opens:
        raise ValidationError({"age_reference_date": _("Tanggal acuan usia tidak boleh sebelum pendaftaran dibuka.")})


def _check_position(vacancy: Vacancy) -> None:
    if not position_selectors.vacant_positions().filter(pk=vacancy.position_id).exists():
        raise ValidationError({"position": _("Jabatan ini tidak memiliki kursi kosong.")})
    clash = (
        Vacancy.objects.filter(position_id=vacancy.position_id)
        .exclude(status__in=[Vacancy.Status.APPOINTED, Vacancy.Status.CANCELLED])
        .exclude(pk=vacancy.pk)
    )
    if clash.exists():
        raise ValidationError({"position": _("Sudah ada seleksi berjalan untuk jabatan ini.")})


def _write_stages(vacancy: Vacancy, stages: list[dict]) -> None:
    vacancy.stages.all().delete()
    rows = []
    for order, spec in enumerate(sorted(stages, key=lambda s: rules.STAGE_KINDS.index(s["kind"])), start=1):
        stage = Stage(
            vacancy=vacancy,
            kind=spec["kind"],
            order=order,
            weight=Decimal(spec["weight"]),
            pass_mark=Decimal(spec["pass_mark"]),
            scheduled_on=spec.get("scheduled_on"),
        )
        stage.full_clean(exclude=["vacancy"])
        rows.append(stage)
    Stage.objects.bulk_create(rows)


@transaction.atomic
def vacancy_create(*, vacancy: Vacancy, stages: list[dict], actor) -> Vacancy:
    """Save a draft vacancy on a vacant seat with its stages (weights total exactly 100)."""
    if not vacancy.names_to_official:
        vacancy.names_to_official = int(setting_value("assessments.names_to_official"))
    vacancy.status = Vacancy.Status.DRAFT
    vacancy.created_by = actor if getattr(actor, "is_authenticated", False) else None
    vacancy.full_clean(exclude=["code"])
    _check_position(vacancy)
    _check_window(vacancy)
    _check_level_requirements(vacancy)
    _check_stages(stages)
    vacancy.save()
    _write_stages(vacancy, stages)
    audit_record(actor=actor, action="vacancy.create", target=vacancy, after=_snapshot(vacancy))
    return vacancy


def _refuse_if_frozen(vacancy: Vacancy, actor, attempted: str) -> None:
    """A published vacancy is frozen: the refused attempt itself is audited (and kept)."""
    current = Vacancy.objects.filter(pk=vacancy.pk).values_list("published_at", flat=True).first()
    if current is not None:
        audit_record(
            actor=actor,
            action="vacancy.change_refused",
            target=vacancy,
            after={"attempted": attempted},
            reason=_("Lowongan sudah diumumkan; persyaratan, tahap, bobot dan ambang tidak dapat diubah."),
        )
        raise ValidationError(
            _("Lowongan sudah diumumkan: persyaratan, tahap, bobot dan nilai ambang tidak dapat diubah lagi.")
        )


def vacancy_update(*, vacancy: Vacancy, stages: list[dict], actor, version: str | None = None) -> Vacancy:
    """Edit a draft. After publication every change is refused and the refusal audited.
    With ``version`` (from the edit form) a save over someone else's change is refused."""
    _refuse_if_frozen(vacancy, actor, attempted="update")
    return _vacancy_update(vacancy=vacancy, stages=stages, actor=actor, version=version)


@transaction.atomic
def _vacancy_update(*, vacancy: Vacancy, stages: list[dict], actor, version: str | None) -> Vacancy:
    version_check(vacancy, version, related="stages")
    before = _snapshot(Vacancy.objects.get(pk=vacancy.pk))
    vacancy.full_clean(exclude=["code"])
    _check_position(vacancy)
    _check_window(vacancy)
    _check_level_requirements(vacancy)
    _check_stages(stages)
    vacancy.save()
    _write_stages(vacancy, stages)
    audit_record(actor=actor, action="vacancy.update", target=vacancy, before=before, after=_snapshot(vacancy))
    return vacancy


def _check_committee_for_publication(vacancy: Vacancy) -> None:
    """No announcement without a pansel that meets the composition rule (size, odd, internal share)."""
    members = list(CommitteeMember.objects.filter(vacancy=vacancy).values_list("is_internal", flat=True))
    problems = rules.committee_problems(size=len(members), internal=sum(members), rule=committee_rule_for(vacancy))
    if problems:
        raise ValidationError(
            [_("Lowongan belum dapat diumumkan: susunan pansel belum memenuhi ketentuan."), *problems]
        )


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, actor, on: dt.date | None = None) -> Vacancy:
    """Publish on the public page; from now on requirements, stages and weights are frozen."""
    on = on or timezone.localdate()
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.published_at is not None:
        raise ValidationError(_("Lowongan sudah diumumkan."))
    _check_stages([{"kind": s.kind, "weight": s.weight, "pass_mark": s.pass_mark} for s in vacancy.stages.all()])
    _check_window(vacancy)
    _check_position(vacancy)
    if vacancy.registration_closes < on:
        raise ValidationError(_("Masa pendaftaran sudah lewat; ubah jadwal lebih dulu."))
    _check_level_requirements(vacancy)
    _check_committee_for_publication(vacancy)
    vacancy.status = Vacancy.Status.PUBLISHED
    vacancy.published_at = timezone.now()
    # The announcement states the day age is measured on; it freezes with the rest.
    vacancy.age_reference_date = vacancy.age_measured_on
    if not vacancy.code:
        vacancy.code = f"SEL-{on.year}-{vacancy.pk:04d}"
    vacancy.save(update_fields=["status", "published_at", "code", "age_reference_date"])
    audit_record(actor=actor, action="vacancy.publish", target=vacancy, after=_snapshot(vacancy))
    return vacancy


@transaction.atomic
def vacancy_cancel(*, vacancy: Vacancy, reason: str, actor) -> Vacancy:
    """Close a selection without an appointment (e.g. too few or no qualified applicants), with a
    written reason that the public page shows. The seat is free for a new vacancy."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status in (Vacancy.Status.APPOINTED, Vacancy.Status.CANCELLED):
        raise ValidationError(_("Seleksi ini sudah selesai atau sudah dibatalkan."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan pembatalan.")})
    before = {"status": vacancy.status}
    vacancy.status = Vacancy.Status.CANCELLED
    vacancy.cancel_reason = reason
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["status", "cancel_reason", "closed_at"])
    audit_record(
        actor=actor,
        action="vacancy.cancel",
        target=vacancy,
        before=before,
        after={"status": vacancy.status},
        reason=reason,
    )
    notifications_done(topic=f"vacancy:{vacancy.pk}")
    return vacancy


def _check_committee_editable(vacancy: Vacancy) -> None:
    if Vacancy.objects.filter(pk=vacancy.pk, committee_confirmed_at__isnull=False).exists():
        raise ValidationError(_("Pansel sudah ditetapkan dan tidak dapat diubah."))


@transaction.atomic
def committee_member_add(
    *, vacancy: Vacancy, user, is_internal: bool, is_chair: bool = False, affiliation: str = "", actor
) -> CommitteeMember:
    _check_committee_editable(vacancy)
    if not roles.is_assessor(user):
        raise ValidationError({"user": _("Pengguna ini tidak berperan sebagai asesor.")})
    if CommitteeMember.objects.filter(vacancy=vacancy, user=user).exists():
        raise ValidationError({"user": _("Pengguna ini sudah menjadi anggota pansel.")})
    if is_chair and CommitteeMember.objects.filter(vacancy=vacancy, is_chair=True).exists():
        raise ValidationError({"is_chair": _("Pansel sudah memiliki ketua.")})
    member = CommitteeMember(
        vacancy=vacancy,
        user=user,
        name=user.get_full_name() or user.get_username(),
        affiliation=affiliation,
        is_internal=is_internal,
        is_chair=is_chair,
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="committee.add",
        target=vacancy,
        after={"user": user.get_username(), "internal": is_internal, "chair": is_chair},
    )
    return member


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember, actor) -> None:
    _check_committee_editable(member.vacancy)
    audit_record(actor=actor, action="committee.remove", target=member.vacancy, before={"user": member.user_id})
    member.delete()


@transaction.atomic
def committee_confirm(*, vacancy: Vacancy, actor) -> Vacancy:
    """Fix the committee; refused when its size or internal share breaks the pansel rule."""
    vacancy = Vacancy.objects.select_for_update().select_related("position").get(pk=vacancy.pk)
    _check_committee_editable(vacancy)
    members = list(CommitteeMember.objects.filter(vacancy=vacancy))
    internal = sum(1 for m in members if m.is_internal)
    problems = rules.committee_problems(size=len(members), internal=internal, rule=committee_rule_for(vacancy))
    if problems:
        raise ValidationError(problems)
    vacancy.committee_confirmed_at = timezone.now()
    vacancy.save(update_fields=["committee_confirmed_at"])
    audit_record(
        actor=actor,
        action="committee.confirm",
        target=vacancy,
        after={"members": [m.user_id for m in members], "internal": internal},
    )
    return vacancy
