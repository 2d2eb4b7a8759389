"""Rules of PermenPANRB 6/2022 as pure functions: the predikat matrix, the Utama rule,
the distribution curve per unit predikat, the head's hasil kerja from the unit's result and
the JF credit points (AK). Each lives here once and is tested table-driven.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Rating of one part (hasil kerja, perilaku kerja) on three levels.
BELOW = "di_bawah"
MEETS = "sesuai"
ABOVE = "di_atas"
RATING_CHOICES = [
    (BELOW, gettext_lazy("Di bawah ekspektasi")),
    (MEETS, gettext_lazy("Sesuai ekspektasi")),
    (ABOVE, gettext_lazy("Di atas ekspektasi")),
]

# Predikat kinerja pegawai.
SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"
SANGAT_KURANG = "sangat_kurang"
PREDIKAT_CHOICES = [
    (SANGAT_BAIK, gettext_lazy("Sangat Baik")),
    (BAIK, gettext_lazy("Baik")),
    (BUTUH_PERBAIKAN, gettext_lazy("Butuh Perbaikan")),
    (KURANG, gettext_lazy("Kurang/Misconduct")),
    (SANGAT_KURANG, gettext_lazy("Sangat Kurang")),
]
PREDIKAT_LABELS = dict(PREDIKAT_CHOICES)
# Best first; the chart's y axis and "at least Baik" comparisons use this order.
PREDIKAT_ORDER = [SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG]
NEEDS_COACHING = frozenset({BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG})

# rows = hasil kerja, columns = perilaku kerja (DOMAIN.md, exact).
PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (ABOVE, BELOW): KURANG,
    (ABOVE, MEETS): BAIK,
    (ABOVE, ABOVE): SANGAT_BAIK,
    (MEETS, BELOW): KURANG,
    (MEETS, MEETS): BAIK,
    (MEETS, ABOVE): BAIK,
    (BELOW, BELOW): SANGAT_KURANG,
    (BELOW, MEETS): BUTUH_PERBAIKAN,
    (BELOW, ABOVE): BUTUH_PERBAIKAN,
}


def predikat(hasil: str, perilaku: str) -> str:
    """The predikat kinerja for a hasil kerja rating and a perilaku kerja rating."""
    return PREDIKAT_MATRIX[(hasil, perilaku)]


def is_at_least(value: str, floor: str) -> bool:
    """True when predikat ``value`` is ``floor`` or better."""
    return value in PREDIKAT_ORDER and PREDIKAT_ORDER.index(value) <= PREDIKAT_ORDER.index(floor)


def hasil_rating_error(hasil: str, utama_row_ratings: Iterable[str]) -> str | None:
    """Hasil kerja may be "di atas" only if no Utama row is below expectation."""
    if hasil == ABOVE and BELOW in set(utama_row_ratings):
        return _("Hasil kerja tidak dapat 'di atas ekspektasi' selama ada hasil kerja utama di bawah ekspektasi.")
    return None


# The unit's own predikat (predikat kinerja organisasi).
ISTIMEWA = "istimewa"
UNIT_BAIK = "baik"
UNIT_BUTUH_PERBAIKAN = "butuh_perbaikan"
UNIT_KURANG = "kurang"
UNIT_SANGAT_KURANG = "sangat_kurang"
UNIT_PREDIKAT_CHOICES = [
    (ISTIMEWA, gettext_lazy("Istimewa")),
    (UNIT_BAIK, gettext_lazy("Baik")),
    (UNIT_BUTUH_PERBAIKAN, gettext_lazy("Butuh Perbaikan")),
    (UNIT_KURANG, gettext_lazy("Kurang")),
    (UNIT_SANGAT_KURANG, gettext_lazy("Sangat Kurang")),
]

# The head of a unit takes the unit's result as their own hasil kerja rating.
HEAD_HASIL_FROM_UNIT = {
    ISTIMEWA: ABOVE,
    UNIT_BAIK: MEETS,
    UNIT_BUTUH_PERBAIKAN: BELOW,
    UNIT_KURANG: BELOW,
    UNIT_SANGAT_KURANG: BELOW,
}

# The curve: per unit predikat, bounds on the share of its employees' predikat.
# Each bound: (predikat set, "max"/"min", percent); "min_count" for "at least one".
AT_MOST, AT_LEAST, AT_LEAST_ONE = "max", "min", "min_count"
CURVE: dict[str, list[tuple[frozenset[str], str, int]]] = {
    ISTIMEWA: [(frozenset({SANGAT_BAIK}), AT_MOST, 70)],
    UNIT_BAIK: [
        (frozenset({BAIK}), AT_MOST, 70),
        (frozenset({BUTUH_PERBAIKAN, KURANG}), AT_LEAST_ONE, 1),
    ],
    UNIT_BUTUH_PERBAIKAN: [
        (frozenset({BUTUH_PERBAIKAN}), AT_LEAST, 60),
        (frozenset({SANGAT_BAIK}), AT_MOST, 10),
    ],
    UNIT_KURANG: [
        (frozenset({KURANG}), AT_LEAST, 60),
        (frozenset({BUTUH_PERBAIKAN}), AT_LEAST, 10),
        (frozenset({SANGAT_BAIK}), AT_MOST, 10),
    ],
    UNIT_SANGAT_KURANG: [
        (frozenset({SANGAT_KURANG}), AT_LEAST, 60),
        (frozenset({KURANG, BUTUH_PERBAIKAN}), AT_LEAST, 10),
        (frozenset({SANGAT_BAIK}), AT_MOST, 0),
    ],
}


def _names(group: frozenset[str]) -> str:
    return " / ".join(str(PREDIKAT_LABELS[p]) for p in PREDIKAT_ORDER if p in group)


def distribution_breaches(unit_predikat: str, counts: Mapping[str, int]) -> list[str]:
    """Every breach of the curve for a unit with ``unit_predikat`` whose employees' predikat
    are tallied in ``counts``; each message names the bound and the actual share."""
    total = sum(counts.values())
    if total == 0:
        return []
    breaches = []
    for group, kind, bound in CURVE[unit_predikat]:
        n = sum(counts.get(p, 0) for p in group)
        share = Decimal(n * 100) / Decimal(total)
        if kind == AT_MOST:
            breached = share > bound
        elif kind == AT_LEAST:
            breached = share < bound
        else:  # AT_LEAST_ONE
            breached = n < bound
        if not breached:
            continue  # the message (translated names, formatted share) only for a breach
        shown = number_format(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1)  # "85,7" in Indonesian
        args = {"group": _names(group), "bound": bound, "share": shown, "n": n}
        if kind == AT_MOST:
            if bound == 0:
                breaches.append(_("%(group)s tidak boleh ada (ada %(n)s).") % args)
            else:
                breaches.append(_("%(group)s paling banyak %(bound)s%%, sekarang %(share)s%%.") % args)
        elif kind == AT_LEAST:
            breaches.append(_("%(group)s paling sedikit %(bound)s%%, sekarang %(share)s%%.") % args)
        else:
            breaches.append(_("Harus ada paling sedikit satu %(group)s.") % args)
    return breaches


def credit_points(
    *,
    predikat_value: str,
    coefficient: Decimal,
    months: int,
    percentages: Mapping[str, object],
) -> Decimal:
    """AK a year for a JF holder: predikat % × coefficient × months/12, two decimals."""
    percent = Decimal(str(percentages[predikat_value]))
    value = percent / 100 * Decimal(str(coefficient)) * Decimal(months) / 12
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Who rates (DOMAIN.md, "Performance evaluation"): the Pejabat Penilai Kinerja is at least
# Pengawas level. From the post an employee reports to, go up the tree to the first seat at
# one of these levels that has a holder (definitive, else Plt) other than the people excluded;
# a Pelaksana or JF post, or an empty seat, is passed over. None: HR's list.
RATER_LEVELS = frozenset({"pengawas", "administrator", "jpt_pratama", "jpt_madya", "jpt_utama"})


def may_rate(level: str) -> bool:
    return level in RATER_LEVELS


def first_rater_up(
    position_id: int | None,
    *,
    reports_to: Mapping[int, int | None],
    levels: Mapping[int, str],
    holders: Mapping[int, list[int]],
    exclude: Iterable[int] = (),
) -> tuple[int | None, int | None]:
    """(holder, seat): the first holder not in ``exclude`` of a seat at Pengawas level or
    above, searching from the seat ``position_id`` reports to upward. ``holders`` lists each
    seat's holders, definitive ones first."""
    excluded = set(exclude)
    seen: set[int] = set()
    seat = reports_to.get(position_id) if position_id is not None else None
    while seat is not None and seat not in seen:
        seen.add(seat)
        if may_rate(levels.get(seat, "")):
            for employee_id in holders.get(seat, ()):
                if employee_id not in excluded:
                    return employee_id, seat
        seat = reports_to.get(seat)
    return None, None


def rater_and_superior(
    employee_id: int,
    position_id: int | None,
    *,
    reports_to: Mapping[int, int | None],
    levels: Mapping[int, str],
    holders: Mapping[int, list[int]],
) -> tuple[int | None, int | None, int | None]:
    """(rater, rater's seat, rater's superior). Nobody rates themselves, and the rater never
    decides objections to their own rating: the superior is searched from the rater's seat up."""
    tree = {"reports_to": reports_to, "levels": levels, "holders": holders}
    rater, seat = first_rater_up(position_id, exclude=[employee_id], **tree)
    if rater is None:
        return None, None, None
    superior, _seat = first_rater_up(seat, exclude=[employee_id, rater], **tree)
    return rater, seat, superior


# Calibration unit (DOMAIN.md: an OPD by default; per Bidang/Bagian when configured).
CALIBRATE_PER_OPD = "opd"
CALIBRATE_PER_BIDANG = "bidang"


def calibration_unit(
    org_unit_id: int, *, units: Mapping[int, tuple[int | None, str]], per: str, bidang_kind: str = "bidang"
) -> int:
    """The unit whose curve an org unit's staff count in: its OPD (the top of its tree), or,
    per Bidang/Bagian, the nearest Bidang/Bagian above or at it (its OPD when none).
    ``units`` maps an org unit to (parent, kind)."""
    unit, seen = org_unit_id, set()
    while True:
        parent, kind = units[unit]
        if per == CALIBRATE_PER_BIDANG and kind == bidang_kind:
            return unit
        if parent is None or unit in seen:
            return unit
        seen.add(unit)
        unit = parent
