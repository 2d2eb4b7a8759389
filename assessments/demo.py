"""Demo selections: one finished (results published, appointed), one in scoring, one open
for applications. Built through the services, so every step is audited as in real use.

Idempotent: a kind of selection that already exists (an appointed one, one with a stage in
scoring, one open for registration) is not added again.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from positions import selectors as position_selectors
from positions.models import Employee
from positions.rules import add_months
from semarang_asn.core import roles

from . import eligibility, services
from .models import Application, Stage, Vacancy

STAGES = [
    {"kind": "administration", "weight": Decimal("15"), "pass_mark": Decimal("60")},
    {"kind": "competency", "weight": Decimal("25"), "pass_mark": Decimal("60")},
    {"kind": "paper", "weight": Decimal("15"), "pass_mark": Decimal("60")},
    {"kind": "presentation", "weight": Decimal("15"), "pass_mark": Decimal("60")},
    {"kind": "interview", "weight": Decimal("30"), "pass_mark": Decimal("65")},
]
LEVELS = ("administrator", "pengawas")


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _user(username: str, group: str, first: str, last: str = ""):
    """An existing demo login, or a new account with no usable password."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def _assessors():
    main = _user("asesor", roles.ASSESSOR, "Asesor", "Pansel")
    names = ["Prof. Sri Wahyuni", "Dr. Bambang Hartono", "Dra. Endang Lestari", "Ir. Agus Santoso"]
    others = [_user(f"asesor{i}", roles.ASSESSOR, *name.split(" ", 1)) for i, name in enumerate(names, start=2)]
    return [main, *others]


def _candidates(vacancy: Vacancy, on: dt.date, count: int, exclude: set[int]) -> list[Employee]:
    """The first ``count`` employees (by NIP) who pass every requirement on ``on``: among
    those mapped for competency who held a post the level asks for."""
    found = []
    post_levels = vacancy.level_requirements.post_levels
    pool = (
        Employee.objects.active()
        .filter(education__in=["S1", "S2", "S3", "D4"], user__isnull=True, competency_assessments__isnull=False)
        .filter(**({"assignments__position__level__in": post_levels} if post_levels else {}))
        .distinct()
        # Younger than the age limit, so the pool does not depend on how many employees exist.
        .filter(birth_date__gt=add_months(vacancy.age_measured_on, -12 * (vacancy.max_age or 56)))
        .exclude(pk__in=exclude)
        .order_by("nip")[:80]
    )
    for employee in pool:
        if eligibility.is_eligible(eligibility.screen(vacancy, employee, on=on)):
            found.append(employee)
            if len(found) == count:
                break
    return found


def _new_vacancy(position, opens: dt.date, hr) -> Vacancy:
    vacancy = Vacancy(
        position=position,
        title=f"Seleksi Terbuka {position.title}",
        description=(
            "Seleksi terbuka pengisian jabatan berdasarkan sistem merit. Hasil setiap tahap diumumkan di halaman ini."
        ),
        registration_opens=opens,
        registration_closes=opens + dt.timedelta(days=19),
        min_education="S1",
        max_age=56,
        no_moderate_heavy_discipline=True,
        predikat_baik_two_years=True,
        lhkpn_required=False,
    )
    vacancy = services.vacancy_create(vacancy=vacancy, stages=[dict(s) for s in STAGES], actor=hr)
    return services.vacancy_publish(vacancy=vacancy, actor=hr, on=opens)


def _committee(vacancy: Vacancy, assessors, hr) -> list:
    members = [
        services.committee_member_add(
            vacancy=vacancy,
            user=user,
            is_internal=i < 2,
            is_chair=i == 0,
            affiliation="BKPP Kota Semarang" if i < 2 else "Perguruan tinggi / profesional",
            actor=hr,
        )
        for i, user in enumerate(assessors)
    ]
    services.committee_confirm(vacancy=vacancy, actor=hr)
    return members


def _apply_all(vacancy: Vacancy, employees, on: dt.date) -> list[Application]:
    return [
        services.application_submit(vacancy=vacancy, employee=e, documents={}, actor=e.user, on=on) for e in employees
    ]


def _score(stage: Stage, members, apps, rng: random.Random, skip: set[int] = frozenset()) -> None:
    for app in apps:
        base = rng.randint(58, 90)
        for member in members:
            if member.pk in skip:
                continue
            services.score_submit(
                stage=stage,
                application=app,
                member=member,
                value=max(0, min(100, base + rng.randint(-6, 6))),
                comment="Sesuai rubrik penilaian dan bukti yang disampaikan.",
                actor=member.user,
            )


def _active(vacancy: Vacancy) -> list[Application]:
    return list(
        Application.objects.filter(vacancy=vacancy, admin_status=Application.Admin.PASSED, stopped_at__isnull=True)
    )


def _run_stage(stage, members, vacancy, rng, on, hr, skip=frozenset(), finish=True) -> None:
    services.stage_open(stage=stage, actor=hr, on=on)
    _score(Stage.objects.get(pk=stage.pk), members, _active(vacancy), rng, skip)
    if finish:
        services.stage_lock(stage=stage, actor=hr)
        services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr, on=on)


def _prepare(vacancy, members, apps, hr) -> None:
    for i, app in enumerate(apps):
        passed = i < len(apps) - 1 or len(apps) < 4
        services.application_verify(
            application=app,
            passed=passed,
            reason="" if passed else "Salinan ijazah S1 belum dilegalisasi pejabat yang berwenang.",
            actor=hr,
        )
    services.administration_announce(
        vacancy=vacancy, actor=hr, on=Vacancy.objects.get(pk=vacancy.pk).registration_closes + dt.timedelta(days=1)
    )
    for member in members:
        for app in Application.objects.filter(vacancy=vacancy, admin_status=Application.Admin.PASSED):
            services.conflict_declare(
                member=member, application=app, has_conflict=False, statement="", actor=member.user
            )


def _finished(position, today, assessors, hr, official, used) -> None:
    opens = today - dt.timedelta(days=120)
    vacancy = _new_vacancy(position, opens, hr)
    apps = _apply_all(
        vacancy, _candidates(vacancy, opens + dt.timedelta(days=3), 5, used), opens + dt.timedelta(days=3)
    )
    used.update(a.employee_id for a in apps)
    members = _committee(vacancy, assessors, hr)
    _prepare(vacancy, members, apps, hr)
    rng = random.Random(2026)
    on = vacancy.registration_closes + dt.timedelta(days=2)
    for stage in vacancy.stages.order_by("order"):
        _run_stage(stage, members, vacancy, rng, on, hr)
        on += dt.timedelta(days=7)
    services.vacancy_propose(vacancy=vacancy, actor=hr, on=on)
    top = Application.objects.filter(vacancy=vacancy, proposed=True).order_by("final_rank").first()
    services.appointment_decide(
        vacancy=vacancy,
        application=top,
        reason="",
        start_date=on + dt.timedelta(days=7),
        decree_number=f"821.2/{vacancy.pk:03d}/{on.year}",
        actor=official,
    )


def _in_scoring(position, today, assessors, hr, used) -> None:
    opens = today - dt.timedelta(days=45)
    vacancy = _new_vacancy(position, opens, hr)
    apps = _apply_all(
        vacancy, _candidates(vacancy, opens + dt.timedelta(days=2), 4, used), opens + dt.timedelta(days=2)
    )
    used.update(a.employee_id for a in apps)
    members = _committee(vacancy, assessors, hr)
    _prepare(vacancy, members, apps, hr)
    rng = random.Random(15)
    stages = list(vacancy.stages.order_by("order"))
    on = vacancy.registration_closes + dt.timedelta(days=2)
    _run_stage(stages[0], members, vacancy, rng, on, hr)
    # The demo assessor ("asesor") still has to declare nothing new but score stage 2.
    _run_stage(stages[1], members, vacancy, rng, on + dt.timedelta(days=5), hr, skip={members[0].pk}, finish=False)


def _open(position, today, hr, used) -> None:
    opens = today - dt.timedelta(days=3)
    vacancy = _new_vacancy(position, opens, hr)
    _apply_all(vacancy, _candidates(vacancy, today, 2, used), today)


def _existing_kinds(today: dt.date) -> set[str]:
    kinds = set()
    if Vacancy.objects.filter(status=Vacancy.Status.APPOINTED).exists():
        kinds.add("finished")
    if Stage.objects.filter(state=Stage.State.SCORING).exists():
        kinds.add("scoring")
    if Vacancy.objects.filter(
        status=Vacancy.Status.PUBLISHED, registration_opens__lte=today, registration_closes__gte=today
    ).exists():
        kinds.add("open")
    return kinds


def seed(*, stdout=None) -> None:
    today = timezone.localdate()
    existing = _existing_kinds(today)
    wanted = [k for k in ("finished", "scoring", "open") if k not in existing]
    if not wanted:
        _say(stdout, "Seleksi terbuka demo sudah ada; dilewati.")
        return
    # Administrator seats first: their applicants (Pengawas for 3 years) exist at any demo size,
    # while a small demo city has few Pelaksana with the 4 years a Pengawas seat asks for.
    seats = list(
        position_selectors.vacant_positions()
        .filter(level__in=LEVELS)
        .exclude(vacancies__isnull=False)
        .order_by("level", "code")[:3]
    )
    if len(seats) < len(wanted):
        _say(stdout, "Seleksi terbuka demo: tidak cukup jabatan kosong; dilewati.")
        return
    hr = _user("hr", roles.HR, "Staf", "BKPP")
    official = _user("ppk", roles.APPOINTING_OFFICIAL, "Pejabat Pembina", "Kepegawaian")
    assessors = _assessors()
    used = set(Application.objects.values_list("employee_id", flat=True))
    try:
        with transaction.atomic():
            for kind, seat in zip(wanted, seats, strict=False):
                if kind == "finished":
                    _finished(seat, today, assessors, hr, official, used)
                elif kind == "scoring":
                    _in_scoring(seat, today, assessors, hr, used)
                else:
                    _open(seat, today, hr, used)
    except ValidationError as exc:
        _say(stdout, f"Seleksi terbuka demo gagal dibuat: {' '.join(exc.messages)}")
        return
    _say(stdout, f"Seleksi terbuka demo: {', '.join(wanted)}.")
