"""The eligibility and nine-box rules, table-driven, one row per boundary or cell."""

import datetime as dt
from decimal import Decimal

import pytest

from performance import rules as perf
from performance.eligibility import rules
from performance.eligibility.rules import MET, NOT_MET, UNKNOWN

D = dt.date
PARAMS = rules.RuleParams()
SB, B, BP, K = perf.SANGAT_BAIK, perf.BAIK, perf.BUTUH_PERBAIKAN, perf.KURANG


def record(**kwargs) -> rules.Record:
    defaults = {
        "employee_id": 1,
        "birth_date": D(1985, 3, 14),
        "education": "S1",
        "rank_order": rules.rank_order("III/a"),
        "rank_tmt": D(2022, 12, 1),
        "level": "pelaksana",
        "has_superior_post": True,
        "superior_rank_order": rules.rank_order("III/d"),
        "predikat": {2024: B, 2025: B},
        "jp_total": Decimal(24),
        "leadership": set(),
    }
    defaults.update(kwargs)
    return rules.Record(**defaults)


def criterion(result, key):
    return next(c for c in result.criteria if c[0] == key)


@pytest.mark.parametrize(
    ("on", "window"),
    [
        (D(2026, 1, 31), D(2026, 2, 1)),
        (D(2026, 2, 1), D(2026, 2, 1)),
        (D(2026, 2, 2), D(2026, 4, 1)),
        (D(2026, 11, 28), D(2026, 12, 1)),
        (D(2026, 12, 2), D(2027, 2, 1)),
    ],
)
def test_the_next_promotion_window_is_the_first_of_feb_apr_jun_aug_oct_or_dec(on, window):
    assert rules.next_window(on) == window


@pytest.mark.parametrize(
    ("on", "years"),
    [
        (D(2026, 11, 30), [2024, 2025]),
        (D(2026, 12, 1), [2024, 2025]),  # the 1 Dec window reads 2024 and 2025
        (D(2026, 12, 2), [2024, 2025, 2026]),  # the 1 Feb 2027 window reads 2025 and 2026
        (D(2027, 1, 15), [2025, 2026]),
    ],
)
def test_the_annual_years_read_include_this_year_once_the_next_window_is_in_the_next_year(on, years):
    assert rules.annual_years_read(on) == years


@pytest.mark.parametrize(
    ("tmt", "status"),
    [
        (D(2022, 12, 1), MET),  # exactly four years on the 1 Dec 2026 window
        (D(2022, 12, 2), NOT_MET),  # one day short
        (D(2020, 1, 1), MET),
    ],
)
def test_four_years_in_rank_are_counted_by_dates_to_the_window(tmt, status):
    result = rules.kp_reguler(record(rank_tmt=tmt), on=D(2026, 11, 28), params=PARAMS)
    assert criterion(result, "years_in_rank")[1] == status


def test_one_day_short_names_the_anniversary_and_the_window_after_it():
    result = rules.kp_reguler(record(rank_tmt=D(2022, 12, 2)), on=D(2026, 11, 28), params=PARAMS)
    text = rules.describe(*criterion(result, "years_in_rank"))
    assert "2 Desember 2026" in text["next_step"] and "1 Februari 2027" in text["next_step"]
    assert result.status == NOT_MET and result.window == D(2027, 2, 1)


@pytest.mark.parametrize(
    ("predikat", "status", "need"),
    [
        ({2024: B, 2025: B}, MET, None),
        ({2024: SB, 2025: B}, MET, None),
        ({2024: B, 2025: BP}, NOT_MET, [2026, 2027]),  # one year Baik and one Butuh Perbaikan
        ({2024: BP, 2025: B}, NOT_MET, [2026]),
        ({2024: K, 2025: SB}, NOT_MET, [2026]),
        ({2025: B}, UNKNOWN, None),  # missing year: unknown, never a silent "not met"
        ({}, UNKNOWN, None),
    ],
)
def test_predikat_at_least_baik_in_each_of_the_last_two_years(predikat, status, need):
    _key, got, params = rules.predikat_years(predikat=predikat, last_year=2025, count=2, floor=B)
    assert got == status
    if need:
        assert params["need"] == need


def test_a_bad_year_names_the_year_whose_baik_is_needed():
    key, status, params = rules.predikat_years(predikat={2024: BP, 2025: B}, last_year=2025, count=2, floor=B)
    assert rules.describe(key, status, params)["next_step"] == "Predikat Baik tahun 2026 diperlukan."


@pytest.mark.parametrize(
    ("next_code", "superior", "has_post", "status"),
    [
        ("III/b", "III/b", True, MET),  # equal to the superior's rank
        ("III/c", "III/b", True, NOT_MET),  # above it
        ("III/b", None, True, UNKNOWN),  # superior's seat empty
        ("IV/c", None, False, MET),  # no superior post at all
    ],
)
def test_the_next_rank_is_not_above_the_direct_superiors(next_code, superior, has_post, status):
    got = rules.superior_rank(
        next_order=rules.rank_order(next_code),
        has_superior_post=has_post,
        superior_order=rules.rank_order(superior) if superior else None,
    )
    assert got[1] == status


@pytest.mark.parametrize(
    ("education", "next_code", "level", "status"),
    [
        ("SD", "II/a", "pelaksana", MET),
        ("SD", "II/b", "pelaksana", NOT_MET),
        ("SMP", "II/c", "pelaksana", MET),
        ("SMP", "II/d", "pelaksana", NOT_MET),
        ("SMA", "III/b", "pelaksana", MET),
        ("SMA", "III/c", "pelaksana", NOT_MET),
        ("D3", "III/c", "pelaksana", MET),
        ("D3", "III/d", "pelaksana", NOT_MET),
        ("S1", "III/d", "pelaksana", MET),
        ("S1", "IV/a", "pelaksana", NOT_MET),
        ("D4", "IV/a", "pelaksana", NOT_MET),
        ("S2", "IV/a", "pelaksana", MET),
        ("S2", "IV/b", "pelaksana", NOT_MET),
        ("S3", "IV/b", "pelaksana", MET),
        ("S3", "IV/c", "pelaksana", NOT_MET),
        ("S1", "IV/a", "ahli_muda", MET),  # the JF route
        ("S1", "IV/a", "administrator", MET),  # the structural route
    ],
)
def test_the_education_ceiling(education, next_code, level, status):
    got = rules.education_ceiling(education=education, next_order=rules.rank_order(next_code), level=level)
    assert got[1] == status


@pytest.mark.parametrize(
    ("next_code", "education", "level", "leadership", "passed", "status"),
    [
        ("III/b", "SMA", "pelaksana", set(), set(), None),  # no exam for this step
        ("III/a", "SMA", "pelaksana", set(), set(), NOT_MET),
        ("III/a", "SMA", "pelaksana", set(), {"I"}, MET),
        ("III/a", "S1", "pelaksana", set(), set(), MET),  # S1 holders need no tingkat I
        ("III/a", "D4", "pelaksana", set(), set(), MET),
        ("III/a", "SMA", "terampil", set(), set(), MET),  # JF holders are exempt
        ("III/a", "SMA", "pelaksana", {"PKP"}, set(), MET),  # leadership training
        ("III/a", "SMA", "pelaksana", None, set(), UNKNOWN),  # training data missing
        ("IV/a", "S1", "pengawas", set(), set(), NOT_MET),  # S1 does not exempt tingkat II
        ("IV/a", "S2", "pengawas", set(), set(), MET),
        ("IV/a", "S1", "pengawas", {"PKP"}, set(), NOT_MET),
        ("IV/a", "S1", "pengawas", {"PKA"}, set(), MET),
        ("IV/a", "S1", "ahli_muda", set(), set(), MET),
        ("IV/a", "S1", "pengawas", set(), {"II"}, MET),
    ],
)
def test_ujian_dinas_and_its_exemptions(next_code, education, level, leadership, passed, status):
    got = rules.service_exam(
        next_code=next_code, education=education, level=level, leadership=leadership, passed=passed
    )
    assert (got[1] if got else None) == status


def test_regular_promotion_met_names_the_next_window_and_rank():
    result = rules.kp_reguler(record(), on=D(2026, 11, 28), params=PARAMS)
    assert result.status == MET
    assert result.window == D(2026, 12, 1)
    assert result.target == "III/b"


def test_regular_promotion_without_a_rank_record_is_unknown():
    result = rules.kp_reguler(record(rank_order=None, rank_tmt=None), on=D(2026, 11, 28), params=PARAMS)
    assert result.status == UNKNOWN


def test_a_changed_threshold_changes_the_answer():
    short = record(rank_tmt=D(2023, 12, 1))
    assert rules.kp_reguler(short, on=D(2026, 11, 28), params=PARAMS).status == NOT_MET
    three = rules.RuleParams(reguler_years_in_rank=3)
    assert rules.kp_reguler(short, on=D(2026, 11, 28), params=three).status == MET


@pytest.mark.parametrize(
    ("level", "tmt", "credit", "status"),
    [
        ("ahli_pertama", D(2024, 12, 1), Decimal(50), MET),  # exactly two years, exactly 50 AK
        ("ahli_pertama", D(2024, 12, 2), Decimal(50), NOT_MET),
        ("ahli_pertama", D(2024, 12, 1), Decimal("49.99"), NOT_MET),
        ("ahli_muda", D(2020, 1, 1), Decimal(100), MET),
        ("ahli_madya", D(2020, 1, 1), Decimal(149), NOT_MET),
        ("ahli_utama", D(2020, 1, 1), Decimal(200), MET),
        ("ahli_muda", D(2020, 1, 1), None, UNKNOWN),
    ],
)
def test_selective_promotion_for_jf_needs_two_years_and_the_credit_points(level, tmt, credit, status):
    result = rules.kp_pilihan(
        record(level=level, rank_tmt=tmt, credit_points=credit), on=D(2026, 11, 28), params=PARAMS
    )
    assert result.status == status


def test_selective_promotion_does_not_apply_outside_jf_keahlian():
    assert rules.kp_pilihan(record(level="pelaksana"), on=D(2026, 11, 28), params=PARAMS) is None


def ready_record(**kwargs):
    base = {
        "level": "administrator",
        "education": "S2",
        "birth_date": D(1970, 11, 28),
        "spans_by_level": {"administrator": [(D(2020, 1, 1), None)], "pengawas": [(D(2014, 1, 1), D(2019, 12, 31))]},
        "jpm_by_target": {"jpt_pratama": (Decimal("85.00"), "memenuhi")},
        "leadership": {"PKN_II"},
    }
    base.update(kwargs)
    return record(**base)


@pytest.mark.parametrize(
    ("birth", "status"),
    [
        (D(1970, 11, 28), MET),  # exactly 56 on the reference date
        (D(1970, 11, 29), MET),  # 55, one day short of 56
        (D(1969, 11, 28), NOT_MET),  # 57
        (D(1970, 11, 27), MET),  # 56 and a day
    ],
)
def test_jpt_pratama_age_is_at_most_56_on_the_reference_date(birth, status):
    result = rules.readiness(ready_record(birth_date=birth), on=D(2026, 11, 28), params=PARAMS)
    assert criterion(result, "age")[1] == status


def test_jpt_pratama_readiness_met_when_every_criterion_holds():
    result = rules.readiness(ready_record(), on=D(2026, 11, 28), params=PARAMS)
    assert result.rule == rules.READY_JPT_PRATAMA
    assert result.status == MET, result.criteria


@pytest.mark.parametrize(
    ("change", "key", "status"),
    [
        ({"education": "D3"}, "education_min", NOT_MET),
        ({"spans_by_level": {"administrator": [(D(2024, 11, 29), None)]}}, "lower_service", NOT_MET),
        ({"spans_by_level": {"administrator": [(D(2024, 11, 28), None)]}}, "lower_service", MET),
        ({"discipline_levels": {"sedang"}}, "discipline", NOT_MET),
        ({"discipline_levels": {"ringan"}}, "discipline", MET),
        ({"jpm_by_target": {"jpt_pratama": (Decimal("67.99"), "kurang_memenuhi")}}, "jpm", NOT_MET),
        ({"jpm_by_target": {}}, "jpm", UNKNOWN),
        ({"leadership": {"PKA"}}, "leadership", NOT_MET),
        ({"leadership": None}, "leadership", UNKNOWN),
    ],
)
def test_each_readiness_criterion(change, key, status):
    result = rules.readiness(ready_record(**change), on=D(2026, 11, 28), params=PARAMS)
    assert criterion(result, key)[1] == status


def test_a_missing_leadership_training_says_so():
    result = rules.readiness(ready_record(level="pengawas", leadership=set()), on=D(2026, 11, 28), params=PARAMS)
    text = rules.describe(*criterion(result, "leadership"))
    assert result.rule == rules.READY_ADMINISTRATOR
    assert text["reason"] == "PKA belum."


@pytest.mark.parametrize(
    ("since", "reason", "step"),
    [
        (D(2025, 2, 28), "1 tahun 9 bulan tercatat.", "3 bulan lagi."),
        (D(2026, 2, 28), "9 bulan tercatat.", "1 tahun 3 bulan lagi."),
        (D(2025, 11, 28), "1 tahun tercatat.", "1 tahun lagi."),
        (D(2026, 11, 27), "0 bulan tercatat.", "2 tahun lagi."),
        (D(2024, 11, 28), "2 tahun tercatat.", ""),
    ],
)
def test_service_in_the_lower_level_is_said_without_a_zero_part(since, reason, step):
    record = ready_record(spans_by_level={"administrator": [(since, None)]})
    text = rules.describe(*criterion(rules.readiness(record, on=D(2026, 11, 28), params=PARAMS), "lower_service"))
    assert (text["reason"], text["next_step"]) == (reason, step)


@pytest.mark.parametrize(
    ("level", "rule"),
    [
        ("pelaksana", rules.READY_PENGAWAS),
        ("terampil", rules.READY_PENGAWAS),
        ("ahli_pertama", rules.READY_PENGAWAS),
        ("pengawas", rules.READY_ADMINISTRATOR),
        ("ahli_muda", rules.READY_ADMINISTRATOR),
        ("administrator", rules.READY_JPT_PRATAMA),
        ("ahli_madya", rules.READY_JPT_PRATAMA),
        ("jpt_pratama", None),
        ("", None),
    ],
)
def test_readiness_is_for_the_level_above_the_one_held(level, rule):
    result = rules.readiness(record(level=level), on=D(2026, 11, 28), params=PARAMS)
    assert (result.rule if result else None) == rule


@pytest.mark.parametrize(
    ("total", "status", "step"),
    [
        (Decimal(20), MET, ""),
        (Decimal(12), NOT_MET, "8 JP lagi tahun ini."),
        (Decimal("19.5"), NOT_MET, "0.5 JP lagi tahun ini."),
        (None, UNKNOWN, ""),
    ],
)
def test_twenty_jp_a_year(total, status, step):
    key, got, params = rules.jp_yearly(total=total, target=20, year=2026)
    assert got == status
    assert rules.describe(key, got, params)["next_step"] == step


def test_months_served_add_the_completed_months_of_each_span():
    spans = [(D(2020, 1, 15), D(2021, 1, 14)), (D(2022, 3, 1), None)]
    assert rules.months_served(spans, D(2022, 9, 1)) == 11 + 6


@pytest.mark.parametrize(
    ("predikat", "score", "box"),
    [
        (SB, Decimal("2.99"), 4),
        (SB, Decimal("3.00"), 7),
        (SB, Decimal("4.00"), 9),
        (B, Decimal("1.00"), 2),
        (B, Decimal("3.99"), 5),
        (B, Decimal("5.00"), 8),
        (BP, Decimal("2.00"), 1),
        (K, Decimal("3.50"), 3),
        (perf.SANGAT_KURANG, Decimal("4.50"), 6),
    ],
)
def test_every_nine_box_cell(predikat, score, box):
    performance = rules.performance_level(predikat, params=PARAMS)
    potential = rules.potential_level(score, params=PARAMS)
    assert rules.nine_box(performance, potential, params=PARAMS) == box


def test_box_numbering_must_use_each_number_once():
    boxes = dict(rules.DEFAULT_BOXES)
    assert rules.validate_box_numbering(boxes) is None
    boxes[(perf.ABOVE, rules.LOW)] = 9
    assert rules.validate_box_numbering(boxes)


def test_every_box_has_its_follow_up():
    assert set(rules.FOLLOW_UP) == set(range(1, 10))


@pytest.mark.parametrize(
    ("tmt", "status", "window"),
    [
        (D(2022, 12, 1), MET, D(2026, 12, 1)),
        (D(2023, 3, 15), NOT_MET, D(2027, 4, 1)),  # only the years are running: a projected window
        (D(2024, 2, 1), NOT_MET, None),  # more than a year away
    ],
)
def test_the_window_is_the_next_one_when_met_or_a_projected_one_within_a_year(tmt, status, window):
    result = rules.kp_reguler(record(rank_tmt=tmt), on=D(2026, 11, 28), params=PARAMS)
    assert (result.status, result.window) == (status, window)


def test_no_projected_window_while_another_criterion_fails():
    result = rules.kp_reguler(
        record(rank_tmt=D(2023, 3, 15), predikat={2024: BP, 2025: B}), on=D(2026, 11, 28), params=PARAMS
    )
    assert result.window is None


def test_service_in_the_lower_level_reads_naturally_in_english():
    from django.utils import translation

    record = ready_record(spans_by_level={"administrator": [(D(2025, 11, 28), None)]})
    result = rules.readiness(record, on=D(2026, 11, 28), params=PARAMS)
    with translation.override("en"):
        text = rules.describe(*criterion(result, "lower_service"))
    assert (text["reason"], text["next_step"]) == ("1 year recorded.", "1 year to go.")
