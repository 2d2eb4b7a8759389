"""Rules of competency development (DOMAIN.md, "Competency development") as data and small
pure functions, one place each, tested table-driven."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

# Every PNS has the right and the duty to at least 20 JP of competency development a year.
YEARLY_JP_TARGET = 20

PKP = "PKP"
PKA = "PKA"
PKN_II = "PKN_II"
LEADERSHIP_PROGRAMMES = (PKP, PKA, PKN_II)

# The leadership training each JA/JPT level requires: PKP for Pengawas, PKA for
# Administrator, PKN Tingkat II for JPT Pratama.
LEADERSHIP_FOR_LEVEL = {
    "pengawas": PKP,
    "administrator": PKA,
    "jpt_pratama": PKN_II,
}

# The level a career step leads to from each level (DOMAIN.md, "Appointment to JA / JPT":
# Pelaksana or the equivalent JF -> Pengawas; Pengawas or equivalent JF -> Administrator;
# Administrator or JF Ahli Madya -> JPT Pratama).
NEXT_LEVEL = {
    "pelaksana": "pengawas",
    "pemula": "pengawas",
    "terampil": "pengawas",
    "mahir": "pengawas",
    "penyelia": "pengawas",
    "ahli_pertama": "pengawas",
    "pengawas": "administrator",
    "ahli_muda": "administrator",
    "administrator": "jpt_pratama",
    "ahli_madya": "jpt_pratama",
}


def leadership_required_for(level: str) -> str:
    """The leadership programme a post of ``level`` requires ("" when none)."""
    return LEADERSHIP_FOR_LEVEL.get(level, "")


def leadership_for_next_level(level: str) -> str:
    """The leadership programme required by the level one career step above ``level``."""
    return LEADERSHIP_FOR_LEVEL.get(NEXT_LEVEL.get(level, ""), "")


def jp_share(jp: Decimal | int, target: int = YEARLY_JP_TARGET) -> int:
    """Percent of the yearly target reached, 0-100, for a progress bar. Rounded down, so the
    bar shows 100 % only when the target is really met."""
    if target <= 0:
        return 100
    share = (Decimal(jp) * 100 / Decimal(target)).quantize(Decimal("1"), rounding=ROUND_DOWN)
    return int(min(Decimal(100), max(Decimal(0), share)))


def on_target(jp: Decimal | int, target: int = YEARLY_JP_TARGET) -> bool:
    return Decimal(jp) >= Decimal(target)


def quiz_score(correct: int, total: int) -> int:
    """Whole percent of questions answered rightly (rounded half up)."""
    if total <= 0:
        return 0
    return int((Decimal(correct) * 100 / Decimal(total)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def quiz_passed(score: int, pass_mark: int) -> bool:
    return score >= pass_mark


# Reminders to employees under target: once a month, from July (the second half-year leaves
# time to catch up).
REMINDER_FIRST_MONTH = 7


def reminder_due(month: int) -> bool:
    return month >= REMINDER_FIRST_MONTH
