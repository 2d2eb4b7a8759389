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
