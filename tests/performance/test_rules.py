from decimal import Decimal

import pytest

from performance import rules
from performance.rules import ABOVE, BELOW, MEETS


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (ABOVE, BELOW, rules.KURANG),
        (ABOVE, MEETS, rules.BAIK),
        (ABOVE, ABOVE, rules.SANGAT_BAIK),
        (MEETS, BELOW, rules.KURANG),
        (MEETS, MEETS, rules.BAIK),
        (MEETS, ABOVE, rules.BAIK),
        (BELOW, BELOW, rules.SANGAT_KURANG),
        (BELOW, MEETS, rules.BUTUH_PERBAIKAN),
        (BELOW, ABOVE, rules.BUTUH_PERBAIKAN),
    ],
)
def test_the_predikat_matrix_cell_by_cell(hasil, perilaku, expected):
    assert rules.predikat(hasil, perilaku) == expected


def test_the_matrix_has_exactly_nine_cells():
    assert len(rules.PREDIKAT_MATRIX) == 9


@pytest.mark.parametrize(
    ("hasil", "utama", "allowed"),
    [
        (ABOVE, [MEETS, ABOVE], True),
        (ABOVE, [MEETS, BELOW], False),
        (ABOVE, [], True),
        (MEETS, [BELOW], True),
        (BELOW, [BELOW], True),
    ],
)
def test_hasil_kerja_is_above_only_without_an_utama_row_below(hasil, utama, allowed):
    assert (rules.hasil_rating_error(hasil, utama) is None) is allowed


SB, B, BP, K, SK = rules.SANGAT_BAIK, rules.BAIK, rules.BUTUH_PERBAIKAN, rules.KURANG, rules.SANGAT_KURANG


@pytest.mark.parametrize(
    ("unit", "counts", "expected_breaches"),
    [
        # Istimewa: Sangat Baik at most 70 %.
        (rules.ISTIMEWA, {SB: 7, B: 3}, []),
        (rules.ISTIMEWA, {SB: 8, B: 2}, ["Sangat Baik paling banyak 70%, sekarang 80,0%."]),
        # Baik: Baik at most 70 % and at least one Butuh Perbaikan or Kurang.
        (rules.UNIT_BAIK, {SB: 2, B: 7, BP: 1}, []),
        (rules.UNIT_BAIK, {SB: 3, B: 6, K: 1}, []),
        # Sangat Kurang is neither Butuh Perbaikan nor Kurang.
        (rules.UNIT_BAIK, {SB: 3, B: 6, SK: 1}, ["Harus ada paling sedikit satu Butuh Perbaikan / Kurang/Misconduct."]),
        (
            rules.UNIT_BAIK,
            {SB: 2, B: 8},
            [
                "Baik paling banyak 70%, sekarang 80,0%.",
                "Harus ada paling sedikit satu Butuh Perbaikan / Kurang/Misconduct.",
            ],
        ),
        # Butuh Perbaikan: BP at least 60 %, SB at most 10 %.
        (rules.UNIT_BUTUH_PERBAIKAN, {BP: 6, B: 3, SB: 1}, []),
        (
            rules.UNIT_BUTUH_PERBAIKAN,
            {BP: 5, B: 3, SB: 2},
            ["Butuh Perbaikan paling sedikit 60%, sekarang 50,0%.", "Sangat Baik paling banyak 10%, sekarang 20,0%."],
        ),
        # Kurang: Kurang at least 60 %, BP at least 10 %, SB at most 10 %.
        (rules.UNIT_KURANG, {K: 6, BP: 2, B: 1, SB: 1}, []),
        (
            rules.UNIT_KURANG,
            {K: 5, B: 3, SB: 2},
            [
                "Kurang/Misconduct paling sedikit 60%, sekarang 50,0%.",
                "Butuh Perbaikan paling sedikit 10%, sekarang 0,0%.",
                "Sangat Baik paling banyak 10%, sekarang 20,0%.",
            ],
        ),
        # Sangat Kurang: SK at least 60 %, Kurang or BP at least 10 %, no Sangat Baik.
        (rules.UNIT_SANGAT_KURANG, {SK: 6, K: 2, B: 2}, []),
        (rules.UNIT_SANGAT_KURANG, {SK: 6, BP: 1, B: 3}, []),
        (rules.UNIT_SANGAT_KURANG, {SK: 5, K: 4, B: 1}, ["Sangat Kurang paling sedikit 60%, sekarang 50,0%."]),
        (
            rules.UNIT_SANGAT_KURANG,
            {SK: 6, B: 3, SB: 1},
            [
                "Butuh Perbaikan / Kurang/Misconduct paling sedikit 10%, sekarang 0,0%.",
                "Sangat Baik tidak boleh ada (ada 1).",
            ],
        ),
    ],
)
def test_the_distribution_curve_names_each_breach(unit, counts, expected_breaches):
    assert rules.distribution_breaches(unit, counts) == expected_breaches


def test_an_empty_unit_has_no_breach():
    assert rules.distribution_breaches(rules.ISTIMEWA, {}) == []


@pytest.mark.parametrize(
    ("unit", "hasil"),
    [
        (rules.ISTIMEWA, ABOVE),
        (rules.UNIT_BAIK, MEETS),
        (rules.UNIT_BUTUH_PERBAIKAN, BELOW),
        (rules.UNIT_KURANG, BELOW),
        (rules.UNIT_SANGAT_KURANG, BELOW),
    ],
)
def test_the_head_takes_the_units_result_as_hasil_kerja(unit, hasil):
    assert rules.HEAD_HASIL_FROM_UNIT[unit] == hasil


PERCENT = {SB: 150, B: 100, BP: 75, K: 50, SK: 25}


@pytest.mark.parametrize(
    ("predikat", "coefficient", "months", "expected"),
    [
        (SB, "12.5", 12, "18.75"),
        (B, "12.5", 12, "12.50"),
        (BP, "25", 12, "18.75"),
        (K, "37.5", 12, "18.75"),
        (SK, "50", 12, "12.50"),
        (B, "25", 6, "12.50"),
        (SB, "50", 3, "18.75"),
    ],
)
def test_credit_points_are_percent_times_coefficient_times_months(predikat, coefficient, months, expected):
    value = rules.credit_points(
        predikat_value=predikat, coefficient=Decimal(coefficient), months=months, percentages=PERCENT
    )
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "floor", "expected"),
    [(SB, B, True), (B, B, True), (BP, B, False), ("", B, False)],
)
def test_at_least_compares_predikat_in_order(value, floor, expected):
    assert rules.is_at_least(value, floor) is expected


# Who rates: up the tree to the first holder at Pengawas level or above. The tree below:
# 1 Kadis (jpt_pratama) ← 2 Kabid (administrator) ← 3 Kasi (pengawas) ← 4 Pelaksana
# (team leader) ← 5 Pelaksana; 6 JF Ahli Muda ← 5b Pelaksana; 7 a seat at the top.
TREE_UP = {1: None, 2: 1, 3: 2, 4: 3, 5: 4, 6: 3, 8: 6, 7: None}
TREE_LEVELS = {1: "jpt_pratama", 2: "administrator", 3: "pengawas", 4: "pelaksana", 5: "pelaksana", 6: "ahli_muda"}
TREE_LEVELS.update({8: "pelaksana", 7: "pelaksana"})


@pytest.mark.parametrize(
    ("employee", "seat", "holders", "expected"),
    [
        # Pelaksana → Pelaksana → Pengawas: the Pelaksana team leader never rates.
        (50, 5, {1: [10], 2: [20], 3: [30], 4: [40]}, (30, 3, 20)),
        (40, 4, {1: [10], 2: [20], 3: [30]}, (30, 3, 20)),
        # An empty Pengawas seat: the Administrator above rates, the JPT decides objections.
        (50, 5, {1: [10], 2: [20], 4: [40]}, (20, 2, 10)),
        # The Pengawas seat held by a Plt only: the Plt rates.
        (50, 5, {1: [10], 2: [20], 3: [31]}, (31, 3, 20)),
        # Definitive holders come before a Plt (holders are listed definitive first).
        (50, 5, {1: [10], 2: [20], 3: [30, 31]}, (30, 3, 20)),
        # Empty Pengawas and Administrator seats: the JPT rates, nobody above to decide.
        (50, 5, {1: [10]}, (10, 1, None)),
        # A JF post is passed over: its Pelaksana is rated by the Pengawas above it.
        (80, 8, {1: [10], 3: [30], 6: [60]}, (30, 3, 10)),
        # Acting in one's own superior's seat: passed over, never rating oneself.
        (30, 3, {1: [10], 2: [30]}, (10, 1, None)),
        # Nobody at Pengawas level or above: HR's list.
        (50, 5, {4: [40]}, (None, None, None)),
        (70, 7, {}, (None, None, None)),
        (99, None, {1: [10]}, (None, None, None)),  # no seat at all
    ],
)
def test_the_rater_is_the_first_holder_up_the_tree_at_pengawas_level_or_above(employee, seat, holders, expected):
    got = rules.rater_and_superior(employee, seat, reports_to=TREE_UP, levels=TREE_LEVELS, holders=holders)
    assert got == expected


def test_a_loop_in_the_tree_ends_the_search():
    up = {1: 2, 2: 1}
    assert rules.first_rater_up(1, reports_to=up, levels={1: "pelaksana", 2: "pelaksana"}, holders={}) == (None, None)


@pytest.mark.parametrize(
    ("level", "may"),
    [
        ("pelaksana", False),
        ("pengawas", True),
        ("administrator", True),
        ("jpt_pratama", True),
        ("jpt_madya", True),
        ("jpt_utama", True),
        ("ahli_muda", False),
        ("penyelia", False),
    ],
)
def test_only_pengawas_level_or_above_may_rate(level, may):
    assert rules.may_rate(level) is may


# Calibration unit: 1 OPD ← 2 Bidang ← 3 Seksi; 1 ← 4 UPTD; 1 ← 5 Bagian (kind bidang) ← 6 Subbagian.
UNITS = {1: (None, "dinas"), 2: (1, "bidang"), 3: (2, "subunit"), 4: (1, "uptd"), 5: (1, "bidang"), 6: (5, "subunit")}


@pytest.mark.parametrize(
    ("unit", "per", "expected"),
    [
        (3, "opd", 1),
        (2, "opd", 1),
        (1, "opd", 1),
        (3, "bidang", 2),  # a Seksi counts in its Bidang
        (2, "bidang", 2),
        (6, "bidang", 5),  # a Subbagian in its Bagian
        (4, "bidang", 1),  # a UPTD outside any Bidang counts in the OPD
        (1, "bidang", 1),
    ],
)
def test_staff_count_in_their_opd_or_when_configured_their_bidang(unit, per, expected):
    assert rules.calibration_unit(unit, units=UNITS, per=per) == expected
