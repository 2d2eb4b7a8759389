"""One small world with every role and an object of each kind, built once per test module.

Personas (``World.users[role]``):
    anonymous         no login
    employee          pegawai: a Pelaksana under the supervisor; owns the evaluation, the
                      application, the notification, the evidence file
    other_employee    pegawai2: same seat type, same supervisor; owns the other application
    supervisor        atasan: the Kasi, the rater of ``employee``
    other_supervisor  atasan2: Kasi of another bidang, rater of pegawai3 (not of employee)
    superior          kabid: the rater's superior (Atasan Pejabat Penilai) of ``employee``
    assessor          asesor1: chair of the vacancy's selection committee
    outside_assessor  asesor-luar: in the Asesor group, on no committee
    hr                HR BKPP staff
    ppk               the appointing official (PPK)
    admin             a superuser

Objects (``World.objects[name]``) are made with the services where a business state matters
and as plain rows otherwise: performance (cycle, evaluation, rows, objection, calibration),
selection (vacancies, applications, stages, scores, objection, document), training (a
published course the employee completed and the other employee is taking, a draft course,
certificate, attempts, external training, socialisation materials), eligibility and
succession (a current snapshot, talent-pool placements, a successor mark), jobs (HR's checked
import, the employee's export), and the employee's record (assignment, rank, discipline).
Build it with :func:`module_world` in a module-scoped fixture.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from semarang_asn.core import roles
from semarang_asn.core.models import Notification
from tests.conftest import _person
from tests.factories import OrgUnitFactory, PositionFactory, UserFactory

ROLES = (
    "anonymous",
    "employee",
    "other_employee",
    "supervisor",
    "other_supervisor",
    "superior",
    "assessor",
    "outside_assessor",
    "hr",
    "ppk",
    "admin",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _org():
    opd = OrgUnitFactory(code="DIN01", name="Dinas Contoh")
    bidang = OrgUnitFactory(code="DIN01.1", name="Bidang Satu", kind="bidang", parent=opd)
    bidang2 = OrgUnitFactory(code="DIN01.2", name="Bidang Dua", kind="bidang", parent=opd)
    head = PositionFactory(
        code="P-KEP", title="Kepala Dinas Contoh", org_unit=opd, type="JPT", level="jpt_pratama", kelas_jabatan=14
    )
    kabid = PositionFactory(
        code="P-KABID", title="Kepala Bidang Satu", org_unit=bidang, type="JA", level="administrator",
        kelas_jabatan=12, reports_to=head,
    )  # fmt: skip
    kasi = PositionFactory(
        code="P-KASI", title="Kepala Seksi Satu", org_unit=bidang, type="JA", level="pengawas", kelas_jabatan=9,
        reports_to=kabid,
    )  # fmt: skip
    staff = PositionFactory(
        code="P-STAF", title="Pengolah Data", org_unit=bidang, type="JA", level="pelaksana", kelas_jabatan=7,
        formasi=3, reports_to=kasi,
    )  # fmt: skip
    kasi2 = PositionFactory(
        code="P-KASI2", title="Kepala Seksi Dua", org_unit=bidang2, type="JA", level="pengawas", kelas_jabatan=9,
        reports_to=kabid,
    )  # fmt: skip
    staff2 = PositionFactory(
        code="P-STAF2", title="Pengadministrasi Umum", org_unit=bidang2, type="JA", level="pelaksana",
        kelas_jabatan=6, formasi=2, reports_to=kasi2,
    )  # fmt: skip
    return {
        "opd": opd, "bidang": bidang, "bidang2": bidang2, "head": head, "kabid": kabid, "kasi": kasi,
        "staff": staff, "kasi2": kasi2, "staff2": staff2,
    }  # fmt: skip


def _people(org) -> dict:
    return {
        "head": _person("kepala", org["head"], rank="IV/b", birth=dt.date(1970, 5, 5), tmt=(1995, 3)),
        "superior": _person("kabid", org["kabid"], rank="IV/a", birth=dt.date(1975, 6, 6), tmt=(2000, 3)),
        "supervisor": _person("atasan", org["kasi"], rank="III/d", birth=dt.date(1980, 7, 7), tmt=(2005, 3)),
        "other_supervisor": _person("atasan2", org["kasi2"], rank="III/d", birth=dt.date(1981, 8, 8), tmt=(2006, 3)),
        "employee": _person("pegawai", org["staff"], birth=dt.date(1990, 1, 1), tmt=(2015, 2)),
        "other_employee": _person("pegawai2", org["staff"], birth=dt.date(1991, 2, 2), tmt=(2016, 3), sex="P"),
        "third_employee": _person("pegawai3", org["staff2"], birth=dt.date(1992, 3, 3), tmt=(2017, 3)),
    }


def _performance(world: World, hr) -> None:
    from performance import rules
    from performance import services as perf
    from performance.models import CoachingAction, Evaluation, Objection, PerilakuKerja, UnitCalibration
    from tests.performance.conftest import ON, make_cycle

    cycle = make_cycle(hr)
    perf.cycle_open(cycle=cycle, actor=hr, on=ON)
    cycle.refresh_from_db()
    evaluation = cycle.evaluations.get(employee=world.people["employee"])
    row = perf.hasil_kerja_add(
        evaluation=evaluation, actor=world.users["employee"], kind="utama", indicator="Data terolah", target="100%"
    )
    row.evidence_file.save("bukti.pdf", ContentFile(PDF), save=True)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        status=Evaluation.Status.RATED,
        hasil_rating=rules.BELOW,
        perilaku_rating=rules.MEETS,
        predikat=rules.BUTUH_PERBAIKAN,
    )
    world.objects.update(
        cycle=cycle,
        evaluation=evaluation,
        row=row,
        perilaku=PerilakuKerja.objects.create(evaluation=evaluation, value=PerilakuKerja.Value.PELAYANAN),
        coaching=CoachingAction.objects.create(
            evaluation=evaluation, action="Pendampingan", owner=world.people["employee"], due_date=dt.date(2026, 3, 1)
        ),
        objection=Objection.objects.create(evaluation=evaluation, reason="Bukti belum dinilai"),
        calibration=UnitCalibration.objects.create(cycle=cycle, unit=world.org["opd"], opd=world.org["opd"]),
        other_evaluation=cycle.evaluations.get(employee=world.people["third_employee"]),
    )


def _selection(world: World, hr) -> None:
    from assessments import services as sel
    from assessments.models import ApplicationDocument, Score
    from tests.assessments.conftest import AFTER, DURING, OPENS, declare_all, make_committee, make_vacancy, run_stage

    seat = PositionFactory(
        code="P-SEK", title="Analis Kebijakan Ahli Madya", org_unit=world.org["opd"], type="JF", level="ahli_madya",
        kelas_jabatan=12, reports_to=world.org["head"],
    )  # fmt: skip
    vacancy = make_vacancy(seat, hr)
    members = make_committee(vacancy, hr)
    vacancy = sel.vacancy_publish(vacancy=vacancy, actor=hr, on=OPENS)
    apps = [
        sel.application_submit(
            vacancy=vacancy, employee=world.people[who], documents={}, actor=world.users[who], on=DURING
        )
        for who in ("employee", "other_employee")
    ]
    for app in apps:
        sel.application_verify(application=app, passed=True, reason="", actor=hr)
    sel.administration_announce(vacancy=vacancy, actor=hr, on=AFTER)
    declare_all(members, apps)
    first = vacancy.stages.get(order=1)
    first = run_stage(first, members, {apps[0]: [80] * 5, apps[1]: [70] * 5}, hr)
    objection = sel.objection_file(
        stage=first, application=apps[0], text="Nilai saya keliru", actor=world.users["employee"], on=AFTER
    )
    document = ApplicationDocument(application=apps[0], kind=ApplicationDocument.Kind.PAPER, original_name="m.pdf")
    document.file.save("makalah.pdf", ContentFile(PDF), save=True)
    draft = make_vacancy(
        PositionFactory(
            code="P-SEK2", title="Analis SDM Ahli Madya", org_unit=world.org["opd"], type="JF", level="ahli_madya"
        ),
        hr,
    )
    world.users["assessor"] = members[0].user
    proposed = _proposed_vacancy(world, hr)
    world.objects.update(
        vacancy=vacancy,
        draft_vacancy=draft,
        member=members[1],
        application=apps[0],
        other_application=apps[1],
        stage=first,
        next_stage=vacancy.stages.get(order=2),
        score=Score.objects.filter(application=apps[0], stage=first).first(),
        selection_objection=objection,
        document=document,
        proposed_vacancy=proposed,
    )
    assert Decimal(world.score.value) == Decimal(80)


def _proposed_vacancy(world: World, hr):
    """A second selection run to the end and proposed to the PPK (three stages scored)."""
    from assessments import services as sel
    from assessments.models import Vacancy
    from tests.assessments.conftest import AFTER, DURING, OPENS, declare_all, make_committee, make_vacancy, run_stage

    seat = PositionFactory(
        code="P-SEK3", title="Analis Keuangan Ahli Madya", org_unit=world.org["opd"], type="JF", level="ahli_madya",
        kelas_jabatan=12, reports_to=world.org["head"],
    )  # fmt: skip
    vacancy = make_vacancy(seat, hr)
    members = make_committee(vacancy, hr, prefix="panselb")
    vacancy = sel.vacancy_publish(vacancy=vacancy, actor=hr, on=OPENS)
    apps = [
        sel.application_submit(
            vacancy=vacancy, employee=world.people[who], documents={}, actor=world.users[who], on=DURING
        )
        for who in ("employee", "other_employee")
    ]
    for app in apps:
        sel.application_verify(application=app, passed=True, reason="", actor=hr)
    sel.administration_announce(vacancy=vacancy, actor=hr, on=AFTER)
    declare_all(members, apps)
    for stage, (a, b) in zip(vacancy.stages.order_by("order"), [(80, 70), (75, 70), (90, 65)], strict=True):
        run_stage(stage, members, {apps[0]: [a] * 5, apps[1]: [b] * 5}, hr)
    sel.vacancy_propose(vacancy=vacancy, actor=hr, on=AFTER + dt.timedelta(days=10))
    return Vacancy.objects.get(pk=vacancy.pk)


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 16


def _training(world: World, hr) -> None:
    """A published course the employee completed (certificate) and the other employee is
    taking (an open quiz attempt), a draft course, the employee's external training, and
    socialisation materials: one for all, one for another OPD only, one unpublished."""
    from tests.training.conftest import build_course, complete_course
    from training import services as tr
    from training.models import Lesson, SocialisationMaterial

    course = build_course(hr, code="K-SEC", title="Integritas ASN", lessons=1, questions=2)
    pdf_lesson = Lesson(course=course, order=2, title="Modul PDF", kind=Lesson.Kind.PDF)
    pdf_lesson.pdf_file.save("modul.pdf", ContentFile(PDF), save=False)
    video_lesson = Lesson(course=course, order=3, title="Video", kind=Lesson.Kind.VIDEO)
    video_lesson.video_file.save("video.mp4", ContentFile(MP4), save=False)
    Lesson.objects.bulk_create([pdf_lesson, video_lesson])
    today = dt.date.today()
    done = complete_course(world.people["employee"], course, day=today)
    taking = tr.enrollment_create(course=course, employee=world.people["other_employee"])
    for lesson in course.lessons.order_by("order"):
        tr.lesson_complete(enrollment=taking, lesson=lesson)
    other_attempt = tr.quiz_start(enrollment=taking)
    draft = build_course(hr, code="K-DRAF", title="Draf Kursus", lessons=1, questions=1, publish=False)
    external = tr.external_submit(
        employee=world.people["employee"], title="Pelatihan Arsip", organiser="ANRI",
        start_date=dt.date(2026, 2, 2), end_date=dt.date(2026, 2, 4), jp=Decimal("12"),
        certificate_file=ContentFile(PDF, name="sertifikat.pdf"),
    )  # fmt: skip
    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    materials = {
        key: tr.socialisation_save(
            actor=hr,
            title=title,
            body="Isi materi.",
            jp=Decimal("1"),
            for_all=for_all,
            opds=[] if for_all else [other_opd],
            publish=publish,
        )
        for key, title, for_all, publish in [
            ("socialisation", "Untuk semua", True, True),
            ("socialisation_elsewhere", "Untuk OPD lain", False, True),
            ("socialisation_draft", "Belum terbit", True, False),
        ]
    }
    assert SocialisationMaterial.objects.count() == 3
    world.objects.update(
        course=course,
        lesson=course.lessons.get(order=1),
        pdf_lesson=course.lessons.get(order=2),
        video_lesson=course.lessons.get(order=3),
        question=course.questions.order_by("pk").first(),
        draft_course=draft,
        draft_lesson=draft.lessons.get(),
        draft_question=draft.questions.get(),
        enrollment=done,
        attempt=done.attempts.get(),
        other_attempt=other_attempt,
        certificate=done.certificate,
        external=external,
        **materials,
    )


def _talent(world: World, hr) -> None:
    """Eligibility computed by the service; the supervisor (a Pengawas) placed in box 8 of the
    talent pool and marked successor of the Kepala Bidang (an Administrator post)."""
    from performance.eligibility import counts, selectors
    from performance.eligibility import services as elig
    from performance.eligibility.models import EligibilitySnapshot, TalentPlacement

    elig.eligibility_recompute_all(on=dt.date.today(), actor=hr)
    snapshot = EligibilitySnapshot.objects.get(is_current=True)
    placed = dict(opd=world.org["opd"], level="pengawas", year=2025, predikat="baik", performance_level="sesuai")
    TalentPlacement.objects.bulk_create(
        TalentPlacement(
            snapshot=snapshot,
            employee=world.people[who],
            potential_score=Decimal("4.20"),
            potential_level="tinggi",
            box=8,
            **placed,
        )
        for who in ("supervisor", "other_supervisor")
    )
    counts.refresh(snapshot)  # the counts the snapshot stores, as the services keep them
    post = selectors.key_position(world.org["kabid"].pk)
    candidates = {c["employee"].pk for c in selectors.succession_candidates(post)}
    assert world.people["other_supervisor"].pk in candidates  # the succession page shows its mark form
    mark = elig.successor_mark(
        actor=hr, position=world.org["kabid"], employee=world.people["supervisor"], reason="Kotak 8, siap"
    )
    world.objects.update(key_position=world.org["kabid"], successor=mark, other_key_position=world.org["head"])


def _jobs(world: World, hr) -> None:
    """HR's checked employee import (run by the worker's code, inline) and the employee's
    finished export with its file: a job is its owner's alone."""
    from positions.importing import jobs as import_jobs
    from semarang_asn.core.jobs import job_attach, job_run
    from semarang_asn.core.models import Job
    from tests.positions.test_import import _employee_csv, _good_row

    checked = Job(owner=hr, kind=Job.Kind.IMPORT_CHECK, title="Pemeriksaan impor pegawai")
    checked.params = {"kind": "employees", "ext": "csv", "update": False}
    checked.input_file.save("impor.csv", ContentFile(_employee_csv(_good_row())), save=False)
    checked.save()
    assert job_run(checked.pk, import_jobs.import_check)
    export = Job(owner=world.users["employee"], kind=Job.Kind.EXPORT, title="Ekspor", status=Job.Status.DONE)
    job_attach(export, name="ekspor.csv", content=b"NIP;Nama\n")
    export.save()
    checked.refresh_from_db()
    assert checked.status == Job.Status.DONE, checked.message
    world.objects.update(import_job=checked, job=export)


def build_world() -> World:
    world = World()
    world.org = _org()
    world.people = _people(world.org)
    for role in ("employee", "other_employee", "supervisor", "other_supervisor", "superior"):
        world.users[role] = world.people[role].user
    hr = UserFactory(username="hr", groups=[roles.HR], first_name="Staf", last_name="BKPP")
    world.users.update(
        hr=hr,
        outside_assessor=UserFactory(username="asesor-luar", groups=[roles.ASSESSOR], first_name="Asesor Luar"),
        ppk=UserFactory(username="ppk", groups=[roles.APPOINTING_OFFICIAL], first_name="Wali Kota"),
        admin=UserFactory(username="admin", is_staff=True, is_superuser=True),
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            "assessments.eligibility.predikat_by_year",
            lambda ids, years: {i: {y: "baik" for y in years} for i in ids},
        )
        _selection(world, hr)
    _performance(world, hr)
    _training(world, hr)
    _talent(world, hr)
    _jobs(world, hr)
    world.objects.update(
        opd=world.org["opd"],
        unit=world.org["bidang"],
        position=world.org["staff"],
        employee=world.people["employee"],
        assignment=world.people["employee"].assignments.first(),
        rank=world.people["employee"].rank_history.first(),
        discipline=_discipline(world.people["employee"]),
        notification=Notification.objects.create(recipient=world.users["employee"], subject="Pemberitahuan"),
    )
    return world


def _discipline(employee):
    from positions.models import DisciplinaryRecord

    return DisciplinaryRecord.objects.create(
        employee=employee, level="ringan", sanction="Teguran lisan", decree_number="800/1/2024",
        decided_on=dt.date(2024, 1, 10), start_date=dt.date(2024, 1, 10),
    )  # fmt: skip


@contextlib.contextmanager
def module_world(django_db_blocker):
    """Build the world in a transaction that is rolled back after the module; every test
    runs inside it in its own savepoint (the usual pytest-django ``db`` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
