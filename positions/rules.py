"""Rules of the field from DOMAIN.md that are pure functions: NIP, position levels, JPM.

Each lives here once and is tested table-driven.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_AGE_AT_APPOINTMENT = 18


# Counting service and age (DOMAIN.md, "Counting service"): by dates, never by rounding a
# decimal. Every rule that counts years, months or age uses these and nothing else.


@dataclass(frozen=True)
class Span:
    """Completed years, months and days between two dates."""

    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st (or 29 February) falls on the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def anniversary(start: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """The day on which ``years`` and ``months`` of service from ``start`` are complete."""
    return add_months(start, years * 12 + months)


def has_completed(start: dt.date, on: dt.date, *, years: int = 0, months: int = 0) -> bool:
    """True once the anniversary is reached: "≥ 2 years" holds on the second anniversary itself."""
    return on >= anniversary(start, years=years, months=months)


def service_span(start: dt.date, on: dt.date) -> Span:
    """Completed years, months and days from ``start`` to ``on`` (zero if ``on`` is earlier)."""
    if on <= start:
        return Span(0, 0, 0)
    months = (on.year - start.year) * 12 + on.month - start.month
    if add_months(start, months) > on:
        months -= 1
    days = (on - add_months(start, months)).days
    return Span(months // 12, months % 12, days)


def span_of_periods(periods: list[tuple[dt.date, dt.date | None]], on: dt.date) -> Span:
    """Service over several periods (start, last day held or None while held), up to ``on``.

    Overlaps count once; back-to-back periods join into one, so a transfer between two posts
    of the same level does not break the count. One period is its exact span by dates;
    separate periods add up their completed years, months and days, 30 days making a month
    (the civil-service convention for summing masa kerja)."""
    merged: list[list[dt.date]] = []
    for start, end in sorted(periods):
        if start > on:
            continue
        # Held through ``end`` means the period runs up to the day after it.
        stop = min(on, end + dt.timedelta(days=1)) if end else on
        if stop <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    if len(merged) == 1:
        return service_span(*merged[0])
    years = months = days = 0
    for start, stop in merged:
        span = service_span(start, stop)
        years, months, days = years + span.years, months + span.months, days + span.days
    months += days // 30
    return Span(years + months // 12, months % 12, days % 30)


def span_words(span: Span) -> str:
    """ "1 tahun 11 bulan 20 hari": a span as the screening reasons show it."""
    return _("%(y)s tahun %(m)s bulan %(d)s hari") % {"y": span.years, "m": span.months, "d": span.days}


def months_words(total: int) -> str:
    """ "3 tahun 3 bulan", "9 bulan", "2 tahun": completed months as people say them, with no
    zero part (a span of whole months, as the readiness rules count service)."""
    years, months = divmod(total, 12)
    parts = [ngettext("%(n)s tahun", "%(n)s tahun", years) % {"n": years}] if years else []
    if months or not years:
        parts.append(ngettext("%(n)s bulan", "%(n)s bulan", months) % {"n": months})
    return " ".join(parts)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in completed years on ``on`` (someone born on 29 February turns a year older on
    28 February in a common year)."""
    return service_span(birth_date, on).years


@dataclass(frozen=True)
class NipParts:
    birth_date: dt.date
    appointment_year: int
    appointment_month: int
    sex: str  # "L" or "P"
    sequence: int


def parse_nip(nip: str) -> NipParts:
    """Split an 18-digit NIP; raise ValidationError with a readable reason if it is not valid."""
    nip = (nip or "").strip().replace(" ", "")
    if len(nip) != 18 or not nip.isdigit():
        raise ValidationError(_("NIP harus 18 digit angka."), code="nip_format")
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("NIP: tanggal lahir %(value)s tidak valid.") % {"value": nip[0:8]}, code="nip_birth"
        ) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("NIP: bulan TMT pengangkatan %(value)s tidak valid.") % {"value": nip[8:14]}, code="nip_tmt"
        )
    if nip[14] not in "12":
        raise ValidationError(_("NIP: digit jenis kelamin harus 1 (laki-laki) atau 2 (perempuan)."), code="nip_sex")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValidationError(_("NIP: nomor urut tidak boleh 000."), code="nip_sequence")
    # The TMT is the 1st of its month; the person is at least 18 on that day (by dates).
    if not has_completed(birth, dt.date(year, month, 1), years=MIN_AGE_AT_APPOINTMENT):
        raise ValidationError(
            _("NIP: pada TMT pengangkatan (%(tmt)s) pegawai belum berusia %(age)s tahun.")
            % {"tmt": date_format(dt.date(year, month, 1), "DATE_FORMAT"), "age": MIN_AGE_AT_APPOINTMENT},
            code="nip_tmt_age",
        )
    if dt.date(year, month, 1) > dt.date.today().replace(day=1):
        raise ValidationError(
            _("NIP: TMT pengangkatan %(tmt)s di masa depan.") % {"tmt": nip[8:14]}, code="nip_tmt_future"
        )
    return NipParts(birth, year, month, "L" if nip[14] == "1" else "P", sequence)


def validate_nip(value: str) -> None:
    parse_nip(value)


# Position types and levels (DOMAIN.md, "Positions").
JPT, JA, JF = "JPT", "JA", "JF"
LEVELS_BY_TYPE: dict[str, tuple[str, ...]] = {
    JPT: ("jpt_utama", "jpt_madya", "jpt_pratama"),
    JA: ("administrator", "pengawas", "pelaksana"),
    JF: (
        "ahli_utama",
        "ahli_madya",
        "ahli_muda",
        "ahli_pertama",
        "penyelia",
        "mahir",
        "terampil",
        "pemula",
    ),
}
# Common default required level of each managerial/socio-cultural competency (configurable per position).
DEFAULT_STANDARD_LEVEL: dict[str, int] = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 1,
    "penyelia": 1,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}


def level_belongs_to_type(position_type: str, level: str) -> bool:
    return level in LEVELS_BY_TYPE.get(position_type, ())


# JPM bands (DOMAIN.md, "Competencies").
MEMENUHI = "memenuhi"
MASIH_MEMENUHI = "masih_memenuhi"
KURANG_MEMENUHI = "kurang_memenuhi"
BAND_LABELS = {
    MEMENUHI: "Memenuhi Syarat",
    MASIH_MEMENUHI: "Masih Memenuhi Syarat",
    KURANG_MEMENUHI: "Kurang Memenuhi Syarat",
}


def job_person_match(assessed: dict[str, int], required: dict[str, int], *, cap_at_required: bool) -> Decimal | None:
    """JPM = Σ assessed / Σ required × 100 over the position's competencies, to 2 decimals.

    A competency never assessed counts 0. None when the position has no standard.
    """
    total_required = sum(required.values())
    if total_required == 0:
        return None
    total = 0
    for code, req in required.items():
        got = assessed.get(code, 0)
        total += min(got, req) if cap_at_required else got
    return (Decimal(total) * 100 / Decimal(total_required)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def jpm_band(jpm: Decimal | None, *, memenuhi_min: float, masih_min: float) -> str | None:
    if jpm is None:
        return None
    if jpm >= Decimal(str(memenuhi_min)):
        return MEMENUHI
    if jpm >= Decimal(str(masih_min)):
        return MASIH_MEMENUHI
    return KURANG_MEMENUHI
