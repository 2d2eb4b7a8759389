"""Promotion eligibility and talent rules (DOMAIN.md, "Promotion and appointment rules",
"Talent management", "Competency development") as small pure functions.

Each rule returns a ``RuleResult``: met / not met / unknown (data missing, never a silent
"not met") and its criteria. A criterion is stored compactly as (key, status, params); the
readable reason and next step are rendered from the params when shown, so a past answer is
explained in the reader's language with the inputs it used. Years are counted by dates
through ``positions.rules`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performance import rules as perf_rules
from positions import rules as pos_rules

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUS_CHOICES = [
    (MET, gettext_lazy("Memenuhi")),
    (NOT_MET, gettext_lazy("Belum memenuhi")),
    (UNKNOWN, gettext_lazy("Data belum lengkap")),
]
STATUS_LABELS = dict(STATUS_CHOICES)

# The rules kept per employee.
KP_REGULER = "kp_reguler"
KP_PILIHAN = "kp_pilihan"
READY_PENGAWAS = "siap_pengawas"
READY_ADMINISTRATOR = "siap_administrator"
READY_JPT_PRATAMA = "siap_jpt_pratama"
JP_YEARLY = "jp_tahunan"
RULE_CHOICES = [
    (KP_REGULER, gettext_lazy("Kenaikan pangkat reguler")),
    (KP_PILIHAN, gettext_lazy("Kenaikan pangkat pilihan (JF)")),
    (READY_PENGAWAS, gettext_lazy("Kesiapan jabatan Pengawas")),
    (READY_ADMINISTRATOR, gettext_lazy("Kesiapan jabatan Administrator")),
    (READY_JPT_PRATAMA, gettext_lazy("Kesiapan JPT Pratama")),
    (JP_YEARLY, gettext_lazy("Pengembangan kompetensi 20 JP setahun")),
]
RULE_LABELS = dict(RULE_CHOICES)

# Golongan ruang in order (DOMAIN.md, "Ranks"); index + 1 is Rank.order.
RANK_CODES = [
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
]  # fmt: skip


def rank_order(code: str) -> int:
    return RANK_CODES.index(code) + 1


def rank_code(order: int) -> str:
    return RANK_CODES[order - 1]


# Ceiling by education (PP 99/2000 jo PP 12/2002 Pasal 18).
EDUCATION_CEILING = {
    "SD": "II/a",
    "SMP": "II/c",
    "SMA": "III/b",
    "D1": "III/b",
    "D2": "III/b",
    "D3": "III/c",
    "D4": "III/d",
    "S1": "III/d",
    "S2": "IV/a",
    "S3": "IV/b",
}
EDUCATION_ORDER = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
EDUCATION_LABELS = {"SMA": "SMA/SMK", "D1": "D-I", "D2": "D-II", "D3": "D-III", "D4": "S1/D-IV"}


def education_label(code: str) -> str:
    return EDUCATION_LABELS.get(code, code)


def education_at_least(code: str, minimum: str) -> bool:
    return code in EDUCATION_ORDER and EDUCATION_ORDER.index(code) >= EDUCATION_ORDER.index(minimum)


# Ujian dinas: the promotion into III/a (tingkat I) and into IV/a (tingkat II), and who is exempt.
EXAM_FOR_NEXT_RANK = {"III/a": "I", "IV/a": "II"}
EXAM_EXEMPT_EDUCATION = {"I": {"D4", "S1", "S2", "S3"}, "II": {"S2", "S3"}}
EXAM_EXEMPT_TRAINING = {"I": {"PKP", "PKA", "PKN_II"}, "II": {"PKA", "PKN_II"}}

# Promotion windows: the 1st of Feb, Apr, Jun, Aug, Oct, Dec.
WINDOW_MONTHS = (2, 4, 6, 8, 10, 12)


@lru_cache(maxsize=65536)
def next_window(on: dt.date) -> dt.date:
    """The first promotion window on or after ``on``."""
    for year in (on.year, on.year + 1):
        for month in WINDOW_MONTHS:
            day = dt.date(year, month, 1)
            if day >= on:
                return day
    raise AssertionError("unreachable")


def annual_years_read(on: dt.date, count: int = 2) -> list[int]:
    """The annual evaluation years the rules read on ``on``: the promotion rules read the
    ``count`` years before the next window's year, the position-readiness rules the ``count``
    years before ``on``'s; in December the two differ (three years in all)."""
    last = {next_window(on).year - 1, on.year - 1}
    return sorted({year - back for year in last for back in range(count)})


# Readiness for the next position level: the levels that lead to it, what it needs.
LEADERSHIP = {"PKP": "PKP", "PKA": "PKA", "PKN_II": "PKN Tingkat II"}
TARGETS = {
    READY_PENGAWAS: {
        "level": "pengawas",
        "from": ("pelaksana", "pemula", "terampil", "mahir", "penyelia", "ahli_pertama"),
        "training": "PKP",
    },
    READY_ADMINISTRATOR: {"level": "administrator", "from": ("pengawas", "ahli_muda"), "training": "PKA"},
    READY_JPT_PRATAMA: {"level": "jpt_pratama", "from": ("administrator", "ahli_madya"), "training": "PKN_II"},
}
TARGET_BY_LEVEL = {level: rule for rule, spec in TARGETS.items() for level in spec["from"]}
_FEEDERS = {rule: frozenset(spec["from"]) for rule, spec in TARGETS.items()}
_MIN_EDUCATION_FIELD = {
    READY_PENGAWAS: "pengawas_min_education",
    READY_ADMINISTRATOR: "administrator_min_education",
    READY_JPT_PRATAMA: "jpt_min_education",
}
_YEARS_LOWER_FIELD = {
    READY_PENGAWAS: "pengawas_years_lower",
    READY_ADMINISTRATOR: "administrator_years_lower",
    READY_JPT_PRATAMA: "jpt_years_lower",
}
JF_KEAHLIAN = ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama")
STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")


@dataclass(frozen=True)
class RuleParams:
    """The thresholds an administrator may change (EligibilityRuleSet); defaults = DOMAIN.md."""

    version: int = 0
    reguler_years_in_rank: int = 4
    pilihan_years_in_rank: int = 2
    predikat_years: int = 2
    min_predikat: str = perf_rules.BAIK
    pengawas_min_education: str = "D3"
    pengawas_years_lower: int = 4
    administrator_min_education: str = "D4"
    administrator_years_lower: int = 3
    jpt_min_education: str = "D4"
    jpt_years_lower: int = 2
    jpt_min_experience_years: int = 5
    jpt_max_age: int = 56
    min_jpm_band: str = pos_rules.MASIH_MEMENUHI
    yearly_jp_target: int = 20
    ak_ahli_pertama: int = 50
    ak_ahli_muda: int = 100
    ak_ahli_madya: int = 150
    ak_ahli_utama: int = 200
    perf_above_min: str = perf_rules.SANGAT_BAIK
    perf_meets_min: str = perf_rules.BAIK
    potential_mid_min: Decimal = Decimal("3.00")
    potential_high_min: Decimal = Decimal("4.00")
    boxes: Mapping[tuple[str, str], int] = field(default_factory=lambda: dict(DEFAULT_BOXES))

    def min_education(self, rule: str) -> str:
        return getattr(self, _MIN_EDUCATION_FIELD[rule])

    def years_lower(self, rule: str) -> int:
        return getattr(self, _YEARS_LOWER_FIELD[rule])

    def ak_required(self, level: str) -> int:
        return getattr(self, f"ak_{level}")


@dataclass(slots=True)
class RuleResult:
    rule: str
    status: str
    criteria: list[list] = field(default_factory=list)  # [key, status, params]
    window: dt.date | None = None
    target: str = ""


def _overall(criteria: list[list]) -> str:
    overall = MET
    for criterion in criteria:
        status = criterion[1]
        if status == NOT_MET:
            return NOT_MET
        if status == UNKNOWN:
            overall = UNKNOWN
    return overall


def _result(rule: str, criteria: list[list], target: str = "") -> RuleResult:
    return RuleResult(rule, _overall(criteria), criteria, None, target)


# --- single criteria ---------------------------------------------------------------


@lru_cache(maxsize=65536)
def years_in_rank(*, tmt: dt.date | None, on: dt.date, years: int) -> list:
    if tmt is None:
        return ["years_in_rank", UNKNOWN, {"years": years}]
    reached = pos_rules.anniversary(tmt, years=years)
    span = pos_rules.service_span(tmt, on)
    params = {
        "tmt": tmt.isoformat(),
        "on": on.isoformat(),
        "years": years,
        "reached": reached.isoformat(),
        "span": [span.years, span.months, span.days],
        "reached_window": next_window(reached).isoformat(),
    }
    return ["years_in_rank", MET if pos_rules.has_completed(tmt, on, years=years) else NOT_MET, params]


def predikat_years(*, predikat: Mapping[int, str], last_year: int, count: int, floor: str) -> list:
    """At least ``floor`` in each of the ``count`` years up to ``last_year``. A bad year asks
    for good years after it; a missing year is unknown."""
    return _predikat_years(tuple(sorted(predikat.items())), last_year, count, floor)


# Many employees share the same inputs: the pure criteria are memoised (their results are
# never mutated), which keeps a full recompute of 15,000 employees fast.
@lru_cache(maxsize=65536)
def _predikat_years(items: tuple, last_year: int, count: int, floor: str) -> list:
    predikat = dict(items)
    years = list(range(last_year - count + 1, last_year + 1))
    values = {str(y): predikat.get(y, "") for y in years}
    bad = [y for y in years if predikat.get(y) and not perf_rules.is_at_least(predikat[y], floor)]
    missing = [y for y in years if not predikat.get(y)]
    params = {"years": years, "values": values, "floor": floor}
    if bad:
        latest_bad = max(bad)
        params["need"] = [y for y in range(latest_bad + 1, latest_bad + count + 1) if not predikat.get(y)]
        return ["predikat", NOT_MET, params]
    if missing:
        params["missing"] = missing
        return ["predikat", UNKNOWN, params]
    return ["predikat", MET, params]


@lru_cache(maxsize=65536)
def superior_rank(*, next_order: int, has_superior_post: bool, superior_order: int | None) -> list:
    params = {"next": rank_code(next_order)}
    if not has_superior_post:
        return ["superior", MET, {**params, "top": True}]
    if superior_order is None:
        return ["superior", UNKNOWN, params]
    params["superior"] = rank_code(superior_order)
    return ["superior", MET if next_order <= superior_order else NOT_MET, params]


@lru_cache(maxsize=65536)
def education_ceiling(*, education: str, next_order: int, level: str) -> list:
    ceiling = EDUCATION_CEILING.get(education)
    params = {"education": education, "next": rank_code(next_order), "ceiling": ceiling}
    if ceiling is None:
        return ["education_ceiling", UNKNOWN, params]
    if next_order <= rank_order(ceiling):
        return ["education_ceiling", MET, params]
    if level in JF_KEAHLIAN or level in STRUCTURAL:
        return ["education_ceiling", MET, {**params, "route": level}]
    return ["education_ceiling", NOT_MET, params]


def service_exam(
    *, next_code: str, education: str, level: str, leadership: set[str] | None, passed: set[str]
) -> list | None:
    """Ujian dinas for II/d → III/a (tingkat I) and III/d → IV/a (tingkat II), with exemptions.
    None when the next rank needs no exam."""
    if next_code not in EXAM_FOR_NEXT_RANK:
        return None
    held = frozenset(leadership) if leadership is not None else None
    return _service_exam(next_code, education, level, held, frozenset(passed))


@lru_cache(maxsize=65536)
def _service_exam(next_code: str, education: str, level: str, leadership, passed) -> list | None:
    tingkat = EXAM_FOR_NEXT_RANK.get(next_code)
    if tingkat is None:
        return None
    params = {"tingkat": tingkat}
    if tingkat in passed:
        return ["exam", MET, {**params, "passed": True}]
    if education in EXAM_EXEMPT_EDUCATION[tingkat]:
        return ["exam", MET, {**params, "exempt": "education", "education": education}]
    if level in JF_KEAHLIAN or level in ("pemula", "terampil", "mahir", "penyelia"):
        return ["exam", MET, {**params, "exempt": "jf"}]
    if leadership and leadership & EXAM_EXEMPT_TRAINING[tingkat]:
        return ["exam", MET, {**params, "exempt": "training", "training": sorted(leadership)}]
    if leadership is None:
        return ["exam", UNKNOWN, {**params, "training_unknown": True}]
    return ["exam", NOT_MET, params]


@lru_cache(maxsize=65536)
def credit_points(*, total: Decimal | None, required: int) -> list:
    if total is None:
        return ["ak", UNKNOWN, {"required": required}]
    return ["ak", MET if total >= required else NOT_MET, {"total": str(total), "required": required}]


@lru_cache(maxsize=65536)
def minimum_education(*, education: str, minimum: str) -> list:
    status = MET if education_at_least(education, minimum) else NOT_MET
    return ["education_min", status, {"education": education, "min": minimum}]


def months_served(spans: Iterable[tuple[dt.date, dt.date | None]], on: dt.date) -> int:
    """Completed months over the spans (each counted by dates to ``on``); spans may not overlap."""
    total = 0
    for start, end in spans:
        stop = min(end, on) if end else on
        if stop > start:
            total += _completed_months(start, stop)
    return total


# Memoised per span, not per employee: start dates are shared (a few thousand whatever the
# number of employees), so the cache keeps working at any size.
@lru_cache(maxsize=65536)
def _completed_months(start: dt.date, stop: dt.date) -> int:
    return pos_rules.service_span(start, stop).total_months


@lru_cache(maxsize=65536)
def lower_service(*, months: int, years: int, levels: tuple[str, ...]) -> list:
    status = MET if months >= years * 12 else NOT_MET
    return ["lower_service", status, {"months": months, "years": years, "levels": list(levels)}]


@lru_cache(maxsize=65536)
def experience(*, months: int | None, years: int) -> list:
    if months is None:
        return ["experience", UNKNOWN, {"years": years}]
    return ["experience", MET if months >= years * 12 else NOT_MET, {"months": months, "years": years}]


def discipline(*, levels: set[str]) -> list:
    return _discipline(frozenset(levels))


@lru_cache(maxsize=256)
def _discipline(levels: frozenset) -> list:
    bad = sorted(levels & {"sedang", "berat"})
    return ["discipline", NOT_MET if bad else MET, {"levels": bad}]


@lru_cache(maxsize=65536)
def jpm(*, value: Decimal | None, band: str | None, min_band: str) -> list:
    if value is None or band is None:
        return ["jpm", UNKNOWN, {"min_band": min_band}]
    order = [pos_rules.KURANG_MEMENUHI, pos_rules.MASIH_MEMENUHI, pos_rules.MEMENUHI]
    status = MET if order.index(band) >= order.index(min_band) else NOT_MET
    return ["jpm", status, {"value": str(value), "band": band, "min_band": min_band}]


def leadership_training(*, required: str, held: set[str] | None) -> list:
    return _leadership_training(required, frozenset(held) if held is not None else None)


@lru_cache(maxsize=65536)
def _leadership_training(required: str, held) -> list:
    if held is None:
        return ["leadership", UNKNOWN, {"required": required}]
    return ["leadership", MET if required in held else NOT_MET, {"required": required, "held": sorted(held)}]


@lru_cache(maxsize=65536)
def max_age(*, birth_date: dt.date, on: dt.date, maximum: int) -> list:
    age = pos_rules.age_on(birth_date, on)
    return ["age", MET if age <= maximum else NOT_MET, {"age": age, "max": maximum, "on": on.isoformat()}]


@lru_cache(maxsize=65536)
def jp_yearly(*, total: Decimal | None, target: int, year: int) -> list:
    if total is None:
        return ["jp", UNKNOWN, {"target": target, "year": year}]
    status = MET if total >= target else NOT_MET
    return ["jp", status, {"total": str(total), "target": target, "year": year}]


# --- the rules -----------------------------------------------------------------------


@dataclass(slots=True)
class Record:
    """What the rules read about one employee (loaded set-based by ``inputs``)."""

    employee_id: int
    birth_date: dt.date
    education: str
    is_pns: bool = True
    rank_order: int | None = None
    rank_tmt: dt.date | None = None
    level: str = ""  # level of the position held now; "" when none
    has_superior_post: bool = False
    superior_rank_order: int | None = None
    predikat: dict[int, str] = field(default_factory=dict)
    spans_by_level: dict[str, list[tuple[dt.date, dt.date | None]]] = field(default_factory=dict)
    discipline_levels: set[str] = field(default_factory=set)
    jpm_by_target: dict[str, tuple[Decimal | None, str | None]] = field(default_factory=dict)
    credit_points: Decimal | None = None
    jp_total: Decimal | None = None
    leadership: set[str] | None = None
    exams_passed: set[str] = field(default_factory=set)


def _window(result: RuleResult, window: dt.date, on: dt.date) -> dt.date | None:
    """The window of a promotion: the next one when every criterion is met; a later one (within
    a year) when only the years in rank are still running, so HR can plan ahead; else none."""
    if result.status == MET:
        return window
    pending = [c for c in result.criteria if c[1] != MET]
    if len(pending) == 1 and pending[0][0] == "years_in_rank" and pending[0][1] == NOT_MET:
        projected = dt.date.fromisoformat(pending[0][2]["reached_window"])
        if projected <= pos_rules.anniversary(on, years=1):
            return projected
    return None


def kp_reguler(record: Record, *, on: dt.date, params: RuleParams) -> RuleResult:
    window = next_window(on)
    if record.rank_order is None:
        return _result(KP_REGULER, [["rank", UNKNOWN, {}]])
    if record.rank_order >= len(RANK_CODES):
        return _result(KP_REGULER, [["top_rank", NOT_MET, {"rank": rank_code(record.rank_order)}]])
    next_order = record.rank_order + 1
    criteria = [
        years_in_rank(tmt=record.rank_tmt, on=window, years=params.reguler_years_in_rank),
        predikat_years(
            predikat=record.predikat, last_year=window.year - 1, count=params.predikat_years, floor=params.min_predikat
        ),
        superior_rank(
            next_order=next_order,
            has_superior_post=record.has_superior_post,
            superior_order=record.superior_rank_order,
        ),
        education_ceiling(education=record.education, next_order=next_order, level=record.level),
    ]
    exam = service_exam(
        next_code=rank_code(next_order),
        education=record.education,
        level=record.level,
        leadership=record.leadership,
        passed=record.exams_passed,
    )
    if exam:
        criteria.append(exam)
    result = _result(KP_REGULER, criteria, target=rank_code(next_order))
    result.window = _window(result, window, on)
    return result


def kp_pilihan(record: Record, *, on: dt.date, params: RuleParams) -> RuleResult | None:
    """Kenaikan pangkat pilihan for JF keahlian holders; None for anyone else."""
    if record.level not in JF_KEAHLIAN:
        return None
    window = next_window(on)
    if record.rank_order is None:
        return _result(KP_PILIHAN, [["rank", UNKNOWN, {}]])
    if record.rank_order >= len(RANK_CODES):
        return _result(KP_PILIHAN, [["top_rank", NOT_MET, {"rank": rank_code(record.rank_order)}]])
    criteria = [
        years_in_rank(tmt=record.rank_tmt, on=window, years=params.pilihan_years_in_rank),
        credit_points(total=record.credit_points, required=params.ak_required(record.level)),
    ]
    result = _result(KP_PILIHAN, criteria, target=rank_code(record.rank_order + 1))
    result.window = _window(result, window, on)
    return result


def readiness(record: Record, *, on: dt.date, params: RuleParams) -> RuleResult | None:
    """Readiness for the position level above the one held now; None when there is none."""
    rule = TARGET_BY_LEVEL.get(record.level)
    if rule is None:
        return None
    spec = TARGETS[rule]
    criteria = [
        minimum_education(education=record.education, minimum=params.min_education(rule)),
        lower_service(
            months=months_served(_spans_in(record.spans_by_level, _FEEDERS[rule]), on),
            years=params.years_lower(rule),
            levels=spec["from"],
        ),
        predikat_years(
            predikat=record.predikat, last_year=on.year - 1, count=params.predikat_years, floor=params.min_predikat
        ),
        discipline(levels=record.discipline_levels),
        _jpm_for(record, spec["level"], params),
        leadership_training(required=spec["training"], held=record.leadership),
    ]
    if rule == READY_JPT_PRATAMA:
        all_spans = [span for spans in record.spans_by_level.values() for span in spans]
        months = months_served(all_spans, on) if all_spans else None
        criteria.append(experience(months=months, years=params.jpt_min_experience_years))
        criteria.append(max_age(birth_date=record.birth_date, on=on, maximum=params.jpt_max_age))
    return _result(rule, criteria, target=spec["level"])


def _spans_in(spans_by_level: Mapping[str, list], levels: frozenset[str]) -> tuple:
    """The spans held at any of ``levels``."""
    found = ()
    for level, spans in spans_by_level.items():
        if level in levels:
            found += tuple(spans)
    return found


def _jpm_for(record: Record, level: str, params: RuleParams) -> list:
    value, band = record.jpm_by_target.get(level, (None, None))
    return jpm(value=value, band=band, min_band=params.min_jpm_band)


def jp_rule(record: Record, *, on: dt.date, params: RuleParams) -> RuleResult:
    return _result(JP_YEARLY, [jp_yearly(total=record.jp_total, target=params.yearly_jp_target, year=on.year)])


def evaluate(record: Record, *, on: dt.date, params: RuleParams) -> list[RuleResult]:
    """Every rule that applies to the employee."""
    results = []
    if record.is_pns:
        results.append(kp_reguler(record, on=on, params=params))
        pilihan = kp_pilihan(record, on=on, params=params)
        if pilihan:
            results.append(pilihan)
    ready = readiness(record, on=on, params=params)
    if ready:
        results.append(ready)
    results.append(jp_rule(record, on=on, params=params))
    return results


# --- nine-box ------------------------------------------------------------------------

LOW, MIDDLE, HIGH = "rendah", "menengah", "tinggi"
POTENTIAL_LEVELS = [LOW, MIDDLE, HIGH]
PERFORMANCE_LEVELS = [perf_rules.ABOVE, perf_rules.MEETS, perf_rules.BELOW]  # top row first
DEFAULT_BOXES: dict[tuple[str, str], int] = {
    (perf_rules.ABOVE, LOW): 4,
    (perf_rules.ABOVE, MIDDLE): 7,
    (perf_rules.ABOVE, HIGH): 9,
    (perf_rules.MEETS, LOW): 2,
    (perf_rules.MEETS, MIDDLE): 5,
    (perf_rules.MEETS, HIGH): 8,
    (perf_rules.BELOW, LOW): 1,
    (perf_rules.BELOW, MIDDLE): 3,
    (perf_rules.BELOW, HIGH): 6,
}
TALENT_POOL_BOXES = (7, 8, 9)
FOLLOW_UP = {
    9: gettext_lazy("Promosi dan dipertahankan"),
    8: gettext_lazy("Dipertahankan, rotasi, coaching"),
    7: gettext_lazy("Dipertahankan, rotasi, pengembangan kompetensi"),
    6: gettext_lazy("Penempatan sesuai, coaching"),
    5: gettext_lazy("Penempatan, coaching, pengembangan"),
    4: gettext_lazy("Rotasi, pengembangan"),
    3: gettext_lazy("Coaching dan konseling, pengembangan"),
    2: gettext_lazy("Coaching, pengembangan"),
    1: gettext_lazy("Ditangani sesuai ketentuan peraturan"),
}
POTENTIAL_LABELS = {LOW: gettext_lazy("Rendah"), MIDDLE: gettext_lazy("Menengah"), HIGH: gettext_lazy("Tinggi")}


def performance_level(predikat: str, *, params: RuleParams) -> str:
    if perf_rules.is_at_least(predikat, params.perf_above_min):
        return perf_rules.ABOVE
    if perf_rules.is_at_least(predikat, params.perf_meets_min):
        return perf_rules.MEETS
    return perf_rules.BELOW


def potential_level(score: Decimal, *, params: RuleParams) -> str:
    """Potential from the mean assessed competency level (1–5)."""
    if score >= params.potential_high_min:
        return HIGH
    if score >= params.potential_mid_min:
        return MIDDLE
    return LOW


def nine_box(performance: str, potential: str, *, params: RuleParams) -> int:
    return params.boxes[(performance, potential)]


def validate_box_numbering(boxes: Mapping[tuple[str, str], int]) -> str | None:
    if sorted(boxes.values()) != list(range(1, 10)):
        return _("Nomor kotak harus 1 sampai 9, masing-masing tepat satu kali.")
    return None


# --- readable text -------------------------------------------------------------------


def _d(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def _pred(code: str) -> str:
    return str(perf_rules.PREDIKAT_LABELS.get(code, code))


def _level(code: str) -> str:
    from positions.models import Position

    return str(dict(Position.Level.choices).get(code, code))


def _jp(value: str) -> str:
    return f"{Decimal(value).normalize():f}"


def describe(key: str, status: str, p: dict) -> dict:
    """Label, reason and next step of one stored criterion, in the active language."""
    text = _TEXTS[key](status, p)
    return {"key": key, "status": status, "label": text[0], "reason": text[1], "next_step": text[2]}


def _t_rank(status, p):
    return (_("Pangkat saat ini"), _("Riwayat pangkat belum tercatat."), _("Minta BKPP mencatat SK pangkat terakhir."))


def _t_top_rank(status, p):
    return (_("Pangkat berikutnya"), _("Pangkat %(rank)s adalah pangkat tertinggi.") % p, "")


def _t_years_in_rank(status, p):
    label = _("Masa kerja dalam pangkat minimal %(years)s tahun") % p
    if status == UNKNOWN:
        return label, _("TMT pangkat belum tercatat."), _("Minta BKPP mencatat SK pangkat terakhir.")
    y, m, d = p["span"]
    reason = _("TMT pangkat %(tmt)s: %(y)s tahun %(m)s bulan %(d)s hari pada %(on)s.") % {
        "tmt": _d(p["tmt"]),
        "y": y,
        "m": m,
        "d": d,
        "on": _d(p["on"]),
    }
    step = ""
    if status == NOT_MET:
        step = _("%(years)s tahun tercapai %(date)s; periode kenaikan pangkat %(window)s.") % {
            "years": p["years"],
            "date": _d(p["reached"]),
            "window": _d(p["reached_window"]),
        }
    return label, reason, step


def _t_predikat(status, p):
    label = _("Predikat minimal %(floor)s %(n)s tahun terakhir") % {"floor": _pred(p["floor"]), "n": len(p["years"])}
    shown = ", ".join(
        f"{y}: {_pred(p['values'][str(y)]) if p['values'][str(y)] else _('belum ada')}" for y in p["years"]
    )
    step = ""
    if status == NOT_MET:
        step = _("Predikat %(floor)s tahun %(years)s diperlukan.") % {
            "floor": _pred(p["floor"]),
            "years": ", ".join(str(y) for y in p["need"]),
        }
    elif status == UNKNOWN:
        step = _("Predikat tahun %(years)s belum tercatat (siklus tahunan belum ditutup).") % {
            "years": ", ".join(str(y) for y in p["missing"])
        }
    return label, shown, step


def _t_superior(status, p):
    label = _("Tidak melebihi pangkat atasan langsung")
    if p.get("top"):
        return label, _("Tidak ada jabatan atasan langsung."), ""
    if status == UNKNOWN:
        return label, _("Pangkat atasan langsung tidak diketahui (jabatan atasan kosong)."), ""
    reason = _("Pangkat berikutnya %(next)s, pangkat atasan %(superior)s.") % p
    return label, reason, _("Menunggu kenaikan pangkat atasan langsung.") if status == NOT_MET else ""


def _t_education_ceiling(status, p):
    label = _("Batas pangkat menurut pendidikan")
    if status == UNKNOWN:
        return label, _("Pendidikan terakhir belum tercatat."), ""
    reason = _("Pendidikan %(edu)s: paling tinggi %(ceiling)s; pangkat berikutnya %(next)s.") % {
        "edu": education_label(p["education"]),
        "ceiling": p["ceiling"],
        "next": p["next"],
    }
    if p.get("route"):
        reason += " " + _("Melalui jalur jabatan %(level)s.") % {"level": _level(p["route"])}
    return label, reason, _("Penyesuaian ijazah diperlukan.") if status == NOT_MET else ""


def _t_exam(status, p):
    label = _("Ujian dinas tingkat %(tingkat)s") % p
    if p.get("passed"):
        return label, _("Lulus ujian dinas tercatat."), ""
    exempt = p.get("exempt")
    if exempt == "education":
        return label, _("Dibebaskan: pendidikan %(edu)s.") % {"edu": education_label(p["education"])}, ""
    if exempt == "jf":
        return label, _("Dibebaskan: pemangku jabatan fungsional."), ""
    if exempt == "training":
        return label, _("Dibebaskan: telah mengikuti pelatihan kepemimpinan."), ""
    if status == UNKNOWN:
        return (
            label,
            _("Kelulusan ujian dinas belum tercatat dan data pelatihan kepemimpinan belum tersedia."),
            _("Minta BKPP mencatat kelulusan ujian dinas."),
        )
    return label, _("Belum lulus ujian dinas."), _("Ikuti ujian dinas tingkat %(tingkat)s.") % p


def _t_ak(status, p):
    label = _("Angka kredit minimal %(required)s") % p
    if status == UNKNOWN:
        return label, _("Angka kredit belum tercatat."), _("Angka kredit dihitung saat siklus tahunan ditutup.")
    reason = _("Angka kredit sejak TMT pangkat: %(total)s.") % p
    short = Decimal(str(p["required"])) - Decimal(p["total"])
    return label, reason, (_("%(n)s angka kredit lagi.") % {"n": f"{short.normalize():f}"}) if status == NOT_MET else ""


def _t_education_min(status, p):
    label = _("Pendidikan minimal %(min)s") % {"min": education_label(p["min"])}
    reason = _("Pendidikan terakhir %(edu)s.") % {"edu": education_label(p["education"])}
    return label, reason, _("Pendidikan lebih tinggi diperlukan.") if status == NOT_MET else ""


def _t_lower_service(status, p):
    levels = ", ".join(_level(level) for level in p["levels"])
    label = _("Minimal %(years)s tahun pada jenjang %(levels)s") % {"years": p["years"], "levels": levels}
    reason = _("%(span)s tercatat.") % {"span": pos_rules.months_words(p["months"])}
    step = ""
    if status == NOT_MET:
        step = _("%(span)s lagi.") % {"span": pos_rules.months_words(p["years"] * 12 - p["months"])}
    return label, reason, step


def _t_experience(status, p):
    label = _("Pengalaman jabatan minimal %(years)s tahun") % p
    if status == UNKNOWN:
        return label, _("Riwayat jabatan belum tercatat."), ""
    reason = _("%(span)s tercatat.") % {"span": pos_rules.months_words(p["months"])}
    return label, reason, ""


def _t_discipline(status, p):
    label = _("Tidak pernah dijatuhi hukuman disiplin sedang/berat")
    if status == NOT_MET:
        return label, _("Tercatat hukuman disiplin tingkat %(lv)s.") % {"lv": ", ".join(p["levels"])}, ""
    return label, _("Tidak ada hukuman disiplin sedang/berat tercatat."), ""


def _t_jpm(status, p):
    label = _("Kompetensi sesuai standar (JPM minimal %(band)s)") % {"band": pos_rules.BAND_LABELS[p["min_band"]]}
    if status == UNKNOWN:
        return label, _("Belum ada hasil pemetaan kompetensi."), _("Ikuti pemetaan kompetensi (asesmen).")
    reason = _("JPM %(v)s%% (%(band)s).") % {"v": p["value"], "band": pos_rules.BAND_LABELS[p["band"]]}
    return label, reason, _("Kembangkan kompetensi yang masih di bawah standar.") if status == NOT_MET else ""


def _t_leadership(status, p):
    name = LEADERSHIP[p["required"]]
    label = _("Pelatihan kepemimpinan %(t)s") % {"t": name}
    if status == UNKNOWN:
        return label, _("Data pelatihan belum tersedia dari aplikasi pelatihan."), ""
    if status == MET:
        return label, _("%(t)s sudah diikuti.") % {"t": name}, ""
    return label, _("%(t)s belum.") % {"t": name}, _("Ikuti %(t)s.") % {"t": name}


def _t_age(status, p):
    label = _("Usia paling tinggi %(max)s tahun") % p
    reason = _("Usia %(age)s tahun pada %(on)s.") % {"age": p["age"], "on": _d(p["on"])}
    return label, reason, ""


def _t_jp(status, p):
    label = _("Minimal %(target)s JP tahun %(year)s") % p
    if status == UNKNOWN:
        return label, _("Data JP belum tersedia dari aplikasi pelatihan."), ""
    reason = _("%(total)s JP tercatat tahun %(year)s.") % {"total": _jp(p["total"]), "year": p["year"]}
    short = Decimal(str(p["target"])) - Decimal(p["total"])
    return label, reason, (_("%(n)s JP lagi tahun ini.") % {"n": _jp(str(short))}) if status == NOT_MET else ""


_TEXTS = {
    "rank": _t_rank,
    "top_rank": _t_top_rank,
    "years_in_rank": _t_years_in_rank,
    "predikat": _t_predikat,
    "superior": _t_superior,
    "education_ceiling": _t_education_ceiling,
    "exam": _t_exam,
    "ak": _t_ak,
    "education_min": _t_education_min,
    "lower_service": _t_lower_service,
    "experience": _t_experience,
    "discipline": _t_discipline,
    "jpm": _t_jpm,
    "leadership": _t_leadership,
    "age": _t_age,
    "jp": _t_jp,
}
