import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from positions import rules


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19850314201001100", "nip_format"),  # 17 digits
        ("1985031420100110011", "nip_format"),  # 19 digits
        ("19850314X010011001", "nip_format"),
        ("19850230 201001 1 001", "nip_birth"),  # spaces are ignored
        ("198502302010011001", "nip_birth"),  # 30 February
        ("198513012010011001", "nip_birth"),  # month 13
        ("198503142010131001", "nip_tmt"),  # TMT month 13
        ("198503142010001001", "nip_tmt"),  # TMT month 00
        ("198503142010013001", "nip_sex"),
        ("198503142010011000", "nip_sequence"),
        ("198503142002011001", "nip_tmt_age"),  # appointed at 16
        ("198503149999011001", "nip_tmt_future"),
    ],
)
def test_it_rejects_an_invalid_nip_with_its_reason(nip, code):
    with pytest.raises(ValidationError) as err:
        rules.parse_nip(nip)
    assert err.value.code == code


def test_it_reads_birth_date_sex_and_tmt_from_a_valid_nip():
    parts = rules.parse_nip("198503142010012007")
    assert parts.birth_date == dt.date(1985, 3, 14)
    assert (parts.appointment_year, parts.appointment_month) == (2010, 1)
    assert parts.sex == "P"
    assert parts.sequence == 7


@pytest.mark.parametrize(
    ("ptype", "level", "ok"),
    [
        ("JPT", "jpt_pratama", True),
        ("JA", "pengawas", True),
        ("JF", "ahli_muda", True),
        ("JF", "penyelia", True),
        ("JA", "ahli_muda", False),
        ("JF", "pelaksana", False),
        ("JPT", "administrator", False),
    ],
)
def test_a_level_must_belong_to_its_position_type(ptype, level, ok):
    assert rules.level_belongs_to_type(ptype, level) is ok


@pytest.mark.parametrize(
    ("assessed", "required", "cap", "expected"),
    [
        ({"M.01": 3, "M.02": 3}, {"M.01": 3, "M.02": 3}, False, Decimal("100.00")),
        ({"M.01": 2, "M.02": 3}, {"M.01": 3, "M.02": 3}, False, Decimal("83.33")),
        ({"M.01": 5, "M.02": 1}, {"M.01": 3, "M.02": 3}, False, Decimal("100.00")),
        ({"M.01": 5, "M.02": 1}, {"M.01": 3, "M.02": 3}, True, Decimal("66.67")),
        ({}, {"M.01": 3}, False, Decimal("0.00")),
        ({"M.01": 3}, {}, False, None),
    ],
)
def test_job_person_match_is_assessed_over_required(assessed, required, cap, expected):
    assert rules.job_person_match(assessed, required, cap_at_required=cap) == expected


@pytest.mark.parametrize(
    ("jpm", "band"),
    [
        (Decimal("100"), rules.MEMENUHI),
        (Decimal("80.00"), rules.MEMENUHI),
        (Decimal("79.99"), rules.MASIH_MEMENUHI),
        (Decimal("68.00"), rules.MASIH_MEMENUHI),
        (Decimal("67.99"), rules.KURANG_MEMENUHI),
        (None, None),
    ],
)
def test_jpm_bands_follow_the_configured_thresholds(jpm, band):
    assert rules.jpm_band(jpm, memenuhi_min=80, masih_min=68) == band


D = dt.date


@pytest.mark.parametrize(
    ("start", "on", "years", "months", "days"),
    [
        (D(2024, 1, 15), D(2024, 1, 15), 0, 0, 0),
        (D(2024, 1, 15), D(2024, 1, 14), 0, 0, 0),  # the reference date before the start
        (D(2024, 1, 15), D(2026, 1, 14), 1, 11, 30),
        (D(2024, 1, 15), D(2026, 1, 15), 2, 0, 0),
        (D(2024, 3, 1), D(2026, 2, 20), 1, 11, 19),  # 1 year 11 months 20 days is not 2 years
        (D(2024, 1, 31), D(2024, 2, 29), 0, 1, 0),  # a month from the 31st ends on the last day
        (D(2024, 1, 31), D(2024, 3, 31), 0, 2, 0),
        (D(2024, 2, 29), D(2025, 2, 28), 1, 0, 0),
        (D(2024, 2, 29), D(2025, 2, 27), 0, 11, 29),
    ],
)
def test_service_is_counted_in_completed_years_months_and_days(start, on, years, months, days):
    assert rules.service_span(start, on) == rules.Span(years, months, days)


@pytest.mark.parametrize(
    ("start", "on", "years", "expected"),
    [
        (D(2022, 6, 10), D(2024, 6, 10), 2, True),  # exactly the second anniversary
        (D(2022, 6, 10), D(2024, 6, 9), 2, False),  # one day short
        (D(2022, 6, 10), D(2026, 6, 10), 4, True),
        (D(2022, 6, 10), D(2026, 6, 9), 4, False),
        (D(2020, 2, 29), D(2022, 2, 28), 2, True),
        (D(2020, 2, 29), D(2022, 2, 27), 2, False),
    ],
)
def test_a_span_is_complete_on_its_anniversary_and_not_a_day_before(start, on, years, expected):
    assert rules.has_completed(start, on, years=years) is expected


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(1970, 3, 15), D(2026, 3, 15), 56),
        (D(1970, 3, 15), D(2026, 3, 14), 55),
        (D(1970, 3, 15), D(2027, 3, 14), 56),
        (D(1970, 3, 15), D(2027, 3, 15), 57),
        (D(2008, 2, 29), D(2026, 2, 28), 18),
        (D(2008, 2, 29), D(2026, 2, 27), 17),
    ],
)
def test_age_is_counted_in_completed_years(birth, on, age):
    assert rules.age_on(birth, on) == age


# NIP: the TMT is the 1st of its month and the person is at least 18 on that day.
@pytest.mark.parametrize(
    ("nip", "accepted"),
    [
        ("200001012018011001", True),  # born 1 Jan 2000: 18 on 1 Jan 2018
        ("200001022018011001", False),  # born 2 Jan 2000: 17 on 1 Jan 2018, one day short
        ("200001152018011001", False),  # born 15 Jan 2000, TMT January 2018: 17 (year and month alone said 18)
        ("200001152018021001", True),  # TMT 1 Feb 2018: 18
        ("200002292018031001", True),  # born 29 Feb 2000: 18 on 28 Feb 2018, so on 1 Mar 2018
        ("200003012018021001", False),  # born 1 Mar 2000, TMT 1 Feb 2018: 17
    ],
)
def test_the_nip_needs_the_person_18_on_the_first_day_of_the_tmt_month(nip, accepted):
    if accepted:
        assert rules.parse_nip(nip).birth_date.year == 2000
    else:
        with pytest.raises(ValidationError) as err:
            rules.parse_nip(nip)
        assert err.value.code == "nip_tmt_age"


D = dt.date


@pytest.mark.parametrize(
    ("periods", "on", "expected"),
    [
        ([(D(2020, 1, 2), None)], D(2022, 1, 2), (2, 0, 0)),  # held up to the second anniversary
        ([(D(2020, 1, 2), None)], D(2022, 1, 1), (1, 11, 30)),  # one day short
        ([(D(2020, 1, 2), D(2022, 1, 1))], D(2026, 1, 1), (2, 0, 0)),  # held through the day before the anniversary
        ([(D(2020, 1, 2), D(2021, 1, 1)), (D(2021, 1, 2), None)], D(2022, 1, 2), (2, 0, 0)),  # back to back: one
        ([(D(2020, 1, 1), D(2021, 6, 30)), (D(2021, 1, 1), None)], D(2022, 1, 1), (2, 0, 0)),  # overlap counts once
        ([(D(2018, 1, 1), D(2018, 12, 31)), (D(2020, 1, 1), D(2020, 1, 20))], D(2026, 1, 1), (1, 0, 20)),  # apart
        ([(D(2018, 1, 1), D(2018, 1, 15)), (D(2020, 1, 1), D(2020, 1, 15))], D(2026, 1, 1), (0, 1, 0)),  # 15+15 days
        ([(D(2027, 1, 1), None)], D(2026, 1, 1), (0, 0, 0)),  # starts later
    ],
)
def test_service_over_several_periods_is_counted_by_dates(periods, on, expected):
    assert rules.span_of_periods(periods, on) == rules.Span(*expected)


def test_a_span_reads_in_words():
    assert rules.span_words(rules.Span(1, 11, 20)) == "1 tahun 11 bulan 20 hari"
