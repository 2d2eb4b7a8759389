"""Selection fixtures: a vacant JF Ahli Madya seat in Dinas Contoh (a level with no
statutory requirements, so each test sets only the requirement it is about), a published vacancy whose
registration ran 1–20 March 2026, a confirmed five-member committee, and helpers that move a
selection through its stages with the services."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments import services
from assessments.models import Application, Stage, Vacancy
from semarang_asn.core import roles
from tests.factories import PositionFactory, UserFactory

OPENS = dt.date(2026, 3, 1)
CLOSES = dt.date(2026, 3, 20)
DURING = dt.date(2026, 3, 5)
AFTER = dt.date(2026, 3, 21)

STAGES = [
    {"kind": "administration", "weight": Decimal("20"), "pass_mark": Decimal("60")},
    {"kind": "competency", "weight": Decimal("30"), "pass_mark": Decimal("60")},
    {"kind": "interview", "weight": Decimal("50"), "pass_mark": Decimal("60")},
]


@pytest.fixture(autouse=True)
def _predikat_baik(monkeypatch):
    """Every employee is Baik in both years unless a test says otherwise."""
    monkeypatch.setattr(
        "assessments.eligibility.predikat_by_year",
        lambda ids, years: {i: {y: "baik" for y in years} for i in ids},
    )


@pytest.fixture
def seat(org):
    return PositionFactory(
        code="P-SEK",
        title="Analis Kebijakan Ahli Madya",
        org_unit=org["opd"],
        type="JF",
        level="ahli_madya",
        kelas_jabatan=12,
        reports_to=org["head"],
    )


def make_vacancy(seat, hr, *, stages=STAGES, opens=OPENS, closes=CLOSES, **requirements) -> Vacancy:
    fields = {"no_moderate_heavy_discipline": True, "predikat_baik_two_years": True, **requirements}
    vacancy = Vacancy(
        position=seat,
        title="Seleksi Terbuka Analis Kebijakan Ahli Madya",
        registration_opens=opens,
        registration_closes=closes,
        **fields,
    )
    return services.vacancy_create(vacancy=vacancy, stages=[dict(s) for s in stages], actor=hr)


@pytest.fixture
def draft(seat, hr_staff):
    return make_vacancy(seat, hr_staff)


@pytest.fixture
def vacancy(draft, hr_staff):
    return services.vacancy_publish(vacancy=draft, actor=hr_staff, on=OPENS)


def make_committee(vacancy, hr, *, size=5, internal=2, prefix="asesor"):
    members = []
    for i in range(size):
        user = UserFactory(username=f"{prefix}{i + 1}", groups=[roles.ASSESSOR], first_name=f"Asesor {i + 1}")
        members.append(
            services.committee_member_add(
                vacancy=vacancy, user=user, is_internal=i < internal, is_chair=i == 0, actor=hr
            )
        )
    services.committee_confirm(vacancy=vacancy, actor=hr)
    return members


@pytest.fixture
def committee(vacancy, hr_staff):
    return make_committee(vacancy, hr_staff)


@pytest.fixture
def applications(vacancy, employee_record, other_employee_record, employee, other_employee):
    return [
        services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING),
        services.application_submit(
            vacancy=vacancy, employee=other_employee_record, documents={}, actor=other_employee, on=DURING
        ),
    ]


@pytest.fixture
def verified(vacancy, applications, hr_staff):
    """Both applicants pass administration and the result is announced."""
    for app in applications:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    services.administration_announce(vacancy=vacancy, actor=hr_staff, on=AFTER)
    return [Application.objects.get(pk=a.pk) for a in applications]


def declare_all(members, apps):
    for m in members:
        for a in apps:
            services.conflict_declare(member=m, application=a, has_conflict=False, statement="", actor=m.user)


def score_stage(stage, members, values: dict):
    """values: {application: [score per member]}"""
    for app, scores in values.items():
        for member, value in zip(members, scores, strict=False):
            if value is not None:
                services.score_submit(
                    stage=stage, application=app, member=member, value=value, comment="Sesuai bukti", actor=member.user
                )


def run_stage(stage, members, values, hr, on=AFTER):
    services.stage_open(stage=stage, actor=hr, on=on)
    score_stage(stage, members, values)
    services.stage_lock(stage=stage, actor=hr)
    return services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr, on=on)


@pytest.fixture
def scoring(vacancy, committee, verified, hr_staff):
    """First stage open for scoring, every member has declared no conflict."""
    declare_all(committee, verified)
    stage = vacancy.stages.get(order=1)
    services.stage_open(stage=stage, actor=hr_staff, on=AFTER)
    return Stage.objects.get(pk=stage.pk)


@pytest.fixture
def finished(vacancy, committee, verified, hr_staff):
    """All three stages scored and announced; applicant 1 leads; proposed to the official."""
    declare_all(committee, verified)
    a, b = verified
    for stage, (va, vb) in zip(vacancy.stages.order_by("order"), [(80, 70), (75, 70), (90, 65)], strict=True):
        run_stage(stage, committee, {a: [va] * 5, b: [vb] * 5}, hr_staff)
    services.vacancy_propose(vacancy=vacancy, actor=hr_staff, on=AFTER + dt.timedelta(days=10))
    return Vacancy.objects.get(pk=vacancy.pk)
