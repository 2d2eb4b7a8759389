"""Pure rules of the open selection: stage weights, committee composition, ranking and tie-breaks.

Each lives here once and is tested table-driven.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ADMINISTRATION = "administration"
COMPETENCY = "competency"
PAPER = "paper"
PRESENTATION = "presentation"
INTERVIEW = "interview"

STAGE_KINDS = (ADMINISTRATION, COMPETENCY, PAPER, PRESENTATION, INTERVIEW)
STAGE_LABELS = {
    ADMINISTRATION: _("Administrasi dan rekam jejak"),
    COMPETENCY: _("Asesmen kompetensi"),
    PAPER: _("Penulisan makalah"),
    PRESENTATION: _("Presentasi makalah"),
    INTERVIEW: _("Wawancara akhir"),
}
STAGE_SHORT_LABELS = {
    ADMINISTRATION: _("Administrasi"),
    COMPETENCY: _("Kompetensi"),
    PAPER: _("Makalah"),
    PRESENTATION: _("Presentasi"),
    INTERVIEW: _("Wawancara"),
}
# Ties on the final score are broken by these stages' results, in this order, then by the
# earlier registration. The public page prints exactly this rule (tie_break_text).
TIE_BREAK_STAGES = (INTERVIEW, COMPETENCY)

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def weights_total(weights: Iterable[Decimal]) -> Decimal:
    return sum((Decimal(w) for w in weights), Decimal("0"))


def weights_are_valid(weights: Iterable[Decimal]) -> bool:
    """Stage weights must total exactly 100 (percent), each above 0."""
    weights = [Decimal(w) for w in weights]
    return bool(weights) and all(w > 0 for w in weights) and weights_total(weights) == HUNDRED


@dataclass(frozen=True)
class CommitteeRule:
    minimum: int
    maximum: int
    internal_max_pct: Decimal


def committee_problems(*, size: int, internal: int, rule: CommitteeRule) -> list[str]:
    """Why a committee breaks the pansel rule (empty when it is fine): odd size within
    [minimum, maximum] and internal members at most ``internal_max_pct`` percent."""
    problems = []
    if size < rule.minimum or size > rule.maximum:
        problems.append(
            str(_("Jumlah anggota pansel harus %(min)s sampai %(max)s orang (sekarang %(n)s)."))
            % {"min": rule.minimum, "max": rule.maximum, "n": size}
        )
    if size % 2 == 0:
        problems.append(str(_("Jumlah anggota pansel harus ganjil (sekarang %(n)s).")) % {"n": size})
    if size and Decimal(internal) * HUNDRED > rule.internal_max_pct * size:
        problems.append(
            str(_("Anggota internal paling banyak %(pct)s%% (sekarang %(i)s dari %(n)s)."))
            % {"pct": rule.internal_max_pct.normalize(), "i": internal, "n": size}
        )
    return problems


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = [Decimal(v) for v in values]
    if not values:
        return None
    return q2(sum(values, Decimal("0")) / len(values))


def spread(values: Iterable[Decimal]) -> Decimal:
    values = [Decimal(v) for v in values]
    return max(values) - min(values) if len(values) > 1 else Decimal("0")


def final_score(stage_results: Mapping[str, Decimal], weights: Mapping[str, Decimal]) -> Decimal:
    """Σ weight × stage result over the stages (weights in percent)."""
    total = sum(
        (Decimal(weights[kind]) * Decimal(stage_results.get(kind, 0)) / HUNDRED for kind in weights), Decimal("0")
    )
    return q2(total)


@dataclass
class Candidate:
    key: int
    registration_seq: int
    stage_results: dict[str, Decimal]
    final: Decimal = Decimal("0")
    rank: int = 0
    extra: dict = field(default_factory=dict)


def sort_key(candidate: Candidate) -> tuple:
    tie = tuple(-Decimal(candidate.stage_results.get(kind, 0)) for kind in TIE_BREAK_STAGES)
    return (-candidate.final, *tie, candidate.registration_seq)


def rank_candidates(candidates: list[Candidate], weights: Mapping[str, Decimal]) -> list[Candidate]:
    """Compute every final score and rank 1..n; the tie-break makes the order total."""
    for c in candidates:
        c.final = final_score(c.stage_results, weights)
    ordered = sorted(candidates, key=sort_key)
    for position, c in enumerate(ordered, start=1):
        c.rank = position
    return ordered


def tie_break_text() -> str:
    stages = ", ".join(str(_("nilai %(stage)s lebih tinggi")) % {"stage": STAGE_LABELS[k]} for k in TIE_BREAK_STAGES)
    return str(
        _(
            "Jika nilai akhir sama, peringkat ditentukan berturut-turut oleh: %(stages)s, "
            "lalu nomor pendaftaran yang lebih awal."
        )
    ) % {"stages": stages}


# --- the stage a selection is at, as the public and HR see it -------------------------------

PHASE_DRAFT = "draft"
PHASE_UPCOMING = "upcoming"
PHASE_REGISTRATION = "registration"
PHASE_ADMINISTRATION = "administration"
PHASE_TRACK_RECORD = "track_record"
PHASE_FINAL = "final"
PHASE_DECISION = "decision"
PHASE_DONE = "done"
PHASE_CANCELLED = "cancelled"
PHASE_LABELS = {
    PHASE_DRAFT: _("Draf"),
    PHASE_UPCOMING: _("Segera dibuka"),
    PHASE_REGISTRATION: _("Pendaftaran"),
    PHASE_ADMINISTRATION: _("Seleksi administrasi"),
    PHASE_TRACK_RECORD: STAGE_LABELS[ADMINISTRATION],
    PHASE_FINAL: _("Pengolahan hasil akhir"),
    PHASE_DECISION: _("Menunggu keputusan PPK"),
    PHASE_DONE: _("Selesai"),
    PHASE_CANCELLED: _("Dibatalkan"),
}


def selection_phase(
    *,
    status: str,
    today: dt.date,
    registration_opens: dt.date,
    registration_closes: dt.date,
    admin_announced: bool,
    open_stage: str | None,
) -> str:
    """Where a selection is: registration, administration, the first stage whose result is not
    yet announced (its kind, e.g. "competency"), the final processing, the PPK, done.
    ``status`` is the vacancy's (draft, published, proposed, appointed, cancelled)."""
    fixed = {"draft": PHASE_DRAFT, "proposed": PHASE_DECISION, "appointed": PHASE_DONE, "cancelled": PHASE_CANCELLED}
    if status in fixed:
        return fixed[status]
    if today < registration_opens:
        return PHASE_UPCOMING
    if today <= registration_closes:
        return PHASE_REGISTRATION
    if not admin_announced:
        return PHASE_ADMINISTRATION
    if open_stage == ADMINISTRATION:
        # The verification is announced; the stage's own scoring (track record) is not yet.
        return PHASE_TRACK_RECORD
    return open_stage or PHASE_FINAL


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS.get(phase) or STAGE_LABELS.get(phase, phase))


# Statutory requirements of each position level (DOMAIN.md, "Appointment to JA" and
# "Appointment to JPT Pratama"). They apply to every vacancy of the level automatically;
# HR may add requirements or make these stricter, never drop or loosen them.
# "Or equivalent JF": Pelaksana ~ JF keterampilan and Ahli Pertama, Pengawas ~ Ahli Muda,
# Administrator ~ Ahli Madya, JPT Pratama ~ Ahli Utama (the JA-to-JF equivalence).
PELAKSANA_OR_EQUIVALENT = ("pelaksana", "pemula", "terampil", "mahir", "penyelia", "ahli_pertama")


@dataclass(frozen=True)
class LevelRequirements:
    min_education: str = ""
    max_age: int | None = None
    post_levels: tuple[str, ...] = ()
    post_years: int = 0
    service_years: int = 0  # years of experience (in the related field: HR verifies the field)
    predikat_baik_two_years: bool = False
    competency_to_standard: bool = False
    no_moderate_heavy_discipline: bool = False
    lhkpn: bool = False
    training: str = ""


NO_LEVEL_REQUIREMENTS = LevelRequirements()
LEVEL_REQUIREMENTS: dict[str, LevelRequirements] = {
    "pengawas": LevelRequirements(
        min_education="D3",
        post_levels=PELAKSANA_OR_EQUIVALENT,
        post_years=4,
        predikat_baik_two_years=True,
        competency_to_standard=True,
    ),
    "administrator": LevelRequirements(
        min_education="S1",
        post_levels=("pengawas", "ahli_muda"),
        post_years=3,
        predikat_baik_two_years=True,
        competency_to_standard=True,
    ),
    "jpt_pratama": LevelRequirements(
        min_education="S1",
        max_age=56,
        post_levels=("administrator", "ahli_madya"),
        post_years=2,
        service_years=5,
        competency_to_standard=True,
        no_moderate_heavy_discipline=True,
        lhkpn=True,
    ),
    "jpt_madya": LevelRequirements(
        max_age=58, post_levels=("jpt_pratama", "ahli_utama"), post_years=2, service_years=7
    ),
    "jpt_utama": LevelRequirements(max_age=58, service_years=10),
}


def level_requirements(level: str) -> LevelRequirements:
    return LEVEL_REQUIREMENTS.get(level, NO_LEVEL_REQUIREMENTS)


def stricter_education(a: str, b: str, order: Mapping[str, int]) -> str:
    """The higher of two minimum educations ("" = none); D-IV and S1 are one level."""

    def rank(code: str) -> int:
        return order.get("S1" if code == "D4" else code, -1) if code else -1

    return a if rank(a) >= rank(b) else b


def stricter_max_age(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v]
    return min(values) if values else None


def loosened_requirements(
    statutory: LevelRequirements, *, min_education: str, max_age: int | None, order: Mapping[str, int]
) -> list[str]:
    """What HR entered that would loosen the level's requirements (empty when it only adds)."""
    problems = []
    if min_education and stricter_education(min_education, statutory.min_education, order) != min_education:
        problems.append(
            str(_("Pendidikan minimal jenjang ini %(edu)s; persyaratan hanya dapat diperketat."))
            % {"edu": statutory.min_education}
        )
    if max_age and statutory.max_age and max_age > statutory.max_age:
        problems.append(
            str(_("Usia paling tinggi jenjang ini %(n)s tahun; persyaratan hanya dapat diperketat."))
            % {"n": statutory.max_age}
        )
    return problems


def requirement_lines(req: LevelRequirements, level_labels: Mapping[str, str]) -> list[str]:
    """A level's statutory requirements in words, as the vacancy form explains them."""
    lines = []
    if req.min_education:
        lines.append(str(_("pendidikan minimal %(e)s")) % {"e": req.min_education})
    if req.post_years:
        posts = ", ".join(str(level_labels.get(lv, lv)) for lv in req.post_levels)
        lines.append(str(_("%(n)s tahun sebagai %(posts)s")) % {"n": req.post_years, "posts": posts})
    if req.service_years:
        lines.append(str(_("pengalaman %(n)s tahun di bidang terkait")) % {"n": req.service_years})
    if req.max_age:
        lines.append(str(_("usia paling tinggi %(n)s tahun")) % {"n": req.max_age})
    if req.predikat_baik_two_years:
        lines.append(str(_("predikat kinerja minimal Baik 2 tahun terakhir")))
    if req.competency_to_standard:
        lines.append(str(_("kompetensi memenuhi standar jabatan (JPM)")))
    if req.no_moderate_heavy_discipline:
        lines.append(str(_("tidak pernah dijatuhi hukuman disiplin sedang/berat")))
    if req.lhkpn:
        lines.append(str(_("menyampaikan LHKPN")))
    return lines
