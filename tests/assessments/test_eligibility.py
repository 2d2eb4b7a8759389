"""Screening per requirement from the applicant's own record, table-driven.

The employee: born 1 Jan 1990, S1, III/a since April 2018, Pelaksana since 2 Jan 2020.
Screened on 5 March 2026 (36 years old, 6.2 years as Pelaksana).
"""

import datetime as dt
from decimal import Decimal

import pytest

from assessments import eligibility
from assessments.models import Vacancy
from positions import services as position_services
from positions.models import Competency, DisciplinaryRecord, Rank

ON = dt.date(2026, 3, 5)


def vacancy_with(seat, **requirements) -> Vacancy:
    fields = {
        "registration_opens": ON,
        "registration_closes": ON,
        "no_moderate_heavy_discipline": False,
        "predikat_baik_two_years": False,
        **requirements,
    }
    return Vacancy(position=seat, title="x", **fields)


def status_of(vacancy, employee, key, **kwargs):
    checks = {c.key: c for c in eligibility.screen(vacancy, employee, on=ON, **kwargs)}
    return checks[key].status, checks[key].reason


@pytest.mark.parametrize(("code", "status"), [("II/d", "met"), ("III/a", "met"), ("III/b", "not_met")])
def test_minimum_rank(seat, employee_record, code, status):
    vacancy = vacancy_with(seat, min_rank=Rank.objects.get(code=code))
    assert status_of(vacancy, employee_record, "rank")[0] == status


@pytest.mark.parametrize(
    ("has", "required", "status"),
    [
        ("S1", "D3", "met"),
        ("S1", "S1", "met"),
        ("S1", "D4", "met"),
        ("S1", "S2", "not_met"),
        ("D4", "S1", "met"),  # "S1/D-IV" is one level
        ("D3", "S1", "not_met"),
        ("SMA", "D3", "not_met"),
    ],
)
def test_minimum_education(seat, employee_record, has, required, status):
    employee_record.education = has
    assert status_of(vacancy_with(seat, min_education=required), employee_record, "education")[0] == status


@pytest.mark.parametrize(
    ("levels", "years", "status"),
    [
        (["pelaksana"], 6, "met"),
        (["pelaksana"], 7, "not_met"),
        (["pengawas"], 1, "not_met"),
        (["pengawas", "pelaksana"], 4, "met"),
    ],
)
def test_years_in_a_position_level(seat, employee_record, levels, years, status):
    vacancy = vacancy_with(seat, experience_levels=levels, experience_years=years)
    assert status_of(vacancy, employee_record, "experience")[0] == status


@pytest.mark.parametrize(("max_age", "status"), [(36, "met"), (56, "met"), (35, "not_met")])
def test_age_limit(seat, employee_record, max_age, status):
    assert status_of(vacancy_with(seat, max_age=max_age), employee_record, "age")[0] == status


@pytest.mark.parametrize(
    ("level", "status"), [(None, "met"), ("ringan", "met"), ("sedang", "not_met"), ("berat", "not_met")]
)
def test_no_moderate_or_heavy_discipline(seat, employee_record, level, status):
    if level:
        DisciplinaryRecord.objects.create(
            employee=employee_record,
            level=level,
            sanction="Teguran",
            decided_on=dt.date(2024, 1, 1),
            start_date=dt.date(2024, 1, 1),
        )
    vacancy = vacancy_with(seat, no_moderate_heavy_discipline=True)
    assert status_of(vacancy, employee_record, "discipline")[0] == status


@pytest.mark.parametrize(
    ("history", "status", "reason"),
    [
        ({2024: "baik", 2025: "baik"}, "met", "Predikat"),
        ({2024: "sangat_baik", 2025: "baik"}, "met", "Predikat"),
        ({2024: "baik", 2025: "butuh_perbaikan"}, "not_met", "di bawah Baik"),
        ({2024: "kurang", 2025: "sangat_baik"}, "not_met", "di bawah Baik"),
        ({2025: "baik"}, "not_met", "2024"),
        ({}, "not_met", "belum tercatat"),
        (None, "not_met", "belum tersedia"),
    ],
)
def test_predikat_at_least_baik_in_the_last_two_years(monkeypatch, seat, employee_record, history, status, reason):
    lookup = (lambda ids, years: None) if history is None else (lambda ids, years: {employee_record.pk: history})
    monkeypatch.setattr(eligibility, "predikat_by_year", lookup)
    got = status_of(vacancy_with(seat, predikat_baik_two_years=True), employee_record, "predikat")
    assert got[0] == status
    assert reason in got[1]


def test_the_predikat_lookup_asks_for_the_two_years_before_the_screening(monkeypatch, seat, employee_record):
    asked = {}

    def lookup(ids, years):
        asked["years"] = list(years)
        return {}

    monkeypatch.setattr(eligibility, "predikat_by_year", lookup)
    status_of(vacancy_with(seat, predikat_baik_two_years=True), employee_record, "predikat")
    assert asked["years"] == [2024, 2025]


@pytest.mark.parametrize(("certificate", "status"), [(None, "check"), (True, "check"), (False, "not_met")])
def test_leadership_training_is_checked_by_hr_from_a_certificate(seat, employee_record, certificate, status):
    vacancy = vacancy_with(seat, leadership_training="PKA")
    assert status_of(vacancy, employee_record, "training", has_training_certificate=certificate)[0] == status


@pytest.mark.parametrize(
    ("level", "threshold", "status"), [(None, 68, "not_met"), (3, 80, "met"), (2, 68, "not_met"), (2, 66, "met")]
)
def test_jpm_threshold_against_the_seat_standard(seat, employee_record, hr_staff, level, threshold, status):
    comps = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL))
    position_services.position_set_standard(position=seat, levels={c.pk: 3 for c in comps})
    if level is not None:
        position_services.competency_assessment_record(
            employee=employee_record,
            method="ac",
            assessed_on=dt.date(2025, 6, 1),
            levels={c.code: level for c in comps},
            actor=hr_staff,
        )
    vacancy = vacancy_with(seat, jpm_min=Decimal(threshold))
    assert status_of(vacancy, employee_record, "jpm")[0] == status


def test_an_employee_meeting_everything_is_eligible(seat, employee_record):
    vacancy = vacancy_with(
        seat,
        min_rank=Rank.objects.get(code="III/a"),
        min_education="S1",
        max_age=40,
        no_moderate_heavy_discipline=True,
        predikat_baik_two_years=True,
    )
    checks = eligibility.screen(vacancy, employee_record, on=ON)
    assert [c.key for c in checks] == ["rank", "education", "age", "discipline", "predikat"]
    assert eligibility.is_eligible(checks)


def test_one_unmet_requirement_makes_the_employee_ineligible(seat, employee_record):
    vacancy = vacancy_with(seat, min_education="S1", max_age=30)
    assert not eligibility.is_eligible(eligibility.screen(vacancy, employee_record, on=ON))


# Counting service by dates (DOMAIN.md "Counting service"): Pelaksana since 2 Jan 2020.
@pytest.mark.parametrize(
    ("on", "status", "words"),
    [
        (dt.date(2022, 1, 2), "met", "2 tahun 0 bulan 0 hari"),  # exactly the second anniversary
        (dt.date(2022, 1, 1), "not_met", "1 tahun 11 bulan 30 hari"),  # one day short
        (dt.date(2021, 12, 22), "not_met", "1 tahun 11 bulan 20 hari"),  # 1.97 years once rounded to 2.0
        (dt.date(2022, 3, 5), "met", "2 tahun 2 bulan 3 hari"),
    ],
)
def test_years_in_a_level_are_counted_by_dates_not_rounded(seat, employee_record, on, status, words):
    vacancy = vacancy_with(seat, experience_levels=["pelaksana"], experience_years=2)
    check = {c.key: c for c in eligibility.screen(vacancy, employee_record, on=on)}["experience"]
    assert (check.status, check.reason) == (status, f"Tercatat {words} pada jenjang tersebut.")


@pytest.mark.parametrize(
    ("reference", "status", "age"),
    [
        (None, "met", "36"),  # default: the last day of registration (ON)
        (dt.date(2026, 12, 31), "met", "36"),  # the day before the 37th birthday
        (dt.date(2027, 1, 1), "not_met", "37"),  # the 37th birthday itself
    ],
)
def test_age_is_measured_on_the_announced_reference_date(seat, employee_record, reference, status, age):
    vacancy = vacancy_with(seat, max_age=36, age_reference_date=reference)
    got, reason = status_of(vacancy, employee_record, "age")
    assert got == status and f"Usia {age} tahun" in reason


def _level_seat(org, level: str, ptype: str = "JA"):
    from tests.factories import PositionFactory

    return PositionFactory(
        code=f"P-{level}", org_unit=org["opd"], type=ptype, level=level, kelas_jabatan=12, reports_to=org["head"]
    )


# Each level brings its statutory requirements (DOMAIN.md "Appointment to JA / JPT"), with
# nothing entered by HR: one row per level.
@pytest.mark.parametrize(
    ("level", "ptype", "expected"),
    [
        ("pengawas", "JA", {"education": "D3", "experience": 4, "predikat": True, "jpm": True}),
        ("administrator", "JA", {"education": "S1", "experience": 3, "predikat": True, "jpm": True}),
        (
            "jpt_pratama",
            "JPT",
            {"education": "S1", "experience": 2, "age": 56, "service": 5, "discipline": True, "jpm": True},
        ),
        ("jpt_madya", "JPT", {"experience": 2, "age": 58, "service": 7}),
        ("jpt_utama", "JPT", {"age": 58, "service": 10}),
        ("ahli_madya", "JF", {}),
    ],
)
def test_a_level_brings_its_statutory_requirements(org, employee_record, level, ptype, expected):
    checks = {
        c.key: c for c in eligibility.screen(vacancy_with(_level_seat(org, level, ptype)), employee_record, on=ON)
    }
    got = {}
    if "education" in checks:
        got["education"] = checks["education"].label.rsplit(" ", 1)[1]
    if "experience" in checks:
        got["experience"] = int(checks["experience"].label.split()[2])
    if "age" in checks:
        got["age"] = int(checks["age"].label.split()[3])
    if "service" in checks:
        got["service"] = int(checks["service"].label.split()[2])
    for key, name in (("discipline", "discipline"), ("predikat", "predikat"), ("jpm", "jpm")):
        if name in checks:
            got[key] = True
    assert got == expected


def test_hr_adds_to_the_level_requirements_and_the_stricter_value_applies(org, employee_record):
    vacancy = vacancy_with(_level_seat(org, "jpt_pratama", "JPT"), max_age=35, min_education="S2")
    checks = {c.key: c for c in eligibility.screen(vacancy, employee_record, on=ON)}
    assert "35 tahun" in checks["age"].label and checks["education"].label.endswith("S2")


@pytest.mark.parametrize(
    ("service_from", "status"),
    [((2021, 3), "check"), ((2021, 4), "not_met")],  # 5 years since the TMT on 1 March 2021 / 1 April 2021
)
def test_jpt_experience_needs_the_years_of_service_and_hr_checks_the_field(org, service_from, status):
    from tests.factories import EmployeeFactory

    person = EmployeeFactory(birth=dt.date(1980, 1, 1), tmt=service_from)
    vacancy = vacancy_with(_level_seat(org, "jpt_pratama", "JPT"), registration_closes=dt.date(2026, 3, 1))
    checks = {c.key: c for c in eligibility.screen(vacancy, person, on=dt.date(2026, 3, 1))}
    assert checks["service"].status == status
