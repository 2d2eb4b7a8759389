"""Factories for plain rows. Business states (assignments, ratings) go through services."""

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from positions import current
from positions.models import Employee, OrgUnit, Position, Rank, RankHistory

_seq = itertools.count(1)


def make_nip(
    birth: dt.date = dt.date(1985, 3, 14), tmt: tuple[int, int] = (2010, 1), sex: str = "L", seq: int | None = None
) -> str:
    seq = seq if seq is not None else next(_seq) % 999 + 1
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{'1' if sex == 'L' else '2'}{seq:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "sandi-rahasia-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    kind = OrgUnit.Kind.DINAS
    parent = None

    @factory.post_generation
    def set_opd(self, create, extracted, **kwargs):
        if create and self.parent_id:
            self.opd = self.parent.opd or self.parent
            self.save(update_fields=["opd"])


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    code = factory.Sequence(lambda n: f"JAB{n:05d}")
    title = factory.Sequence(lambda n: f"Analis Kebijakan {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    type = Position.Type.JA
    level = Position.Level.PELAKSANA
    kelas_jabatan = 7
    formasi = 1
    reports_to = None


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    class Params:
        birth = dt.date(1985, 3, 14)
        tmt = (2010, 1)

    sex = Employee.Sex.MALE
    nip = factory.LazyAttribute(lambda o: make_nip(o.birth, o.tmt, o.sex))
    birth_date = factory.LazyAttribute(lambda o: o.birth)
    name = factory.Sequence(lambda n: f"Pegawai Contoh {n}")
    education = Employee.Education.S1
    employment_type = Employee.EmploymentType.PNS
    status = Employee.Status.ACTIVE


def give_rank(employee: Employee, code: str, tmt: dt.date) -> RankHistory:
    """A rank row written directly, as a bulk writer does; the stored current rank follows."""
    row = RankHistory.objects.create(employee=employee, rank=Rank.objects.get(code=code), tmt=tmt)
    current.refresh_employee(employee)
    return row


# The smallest files the upload validator accepts as genuine (semarang_asn.core.uploads).
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17


def annual_cycle(year: int, predikat_by_employee: dict, *, status: str, evaluation_status: str = "rated"):
    """An annual evaluation cycle in ``status`` with one evaluation per employee and predikat."""
    from performance.models import Evaluation, EvaluationCycle

    cycle = EvaluationCycle.objects.create(
        name=f"Penilaian Kinerja Tahunan {year}",
        kind="annual",
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        open_date=dt.date(year, 1, 2),
        rating_deadline=dt.date(year + 1, 1, 31),
        objection_deadline=dt.date(year + 1, 2, 14),
        status=status,
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(cycle=cycle, employee=employee, predikat=predikat, status=evaluation_status)
            for employee, predikat in predikat_by_employee.items()
        ]
    )
    return cycle


def kp_reguler_years(on: dt.date | None = None) -> tuple[int, int]:
    """The two annual years KP reguler reads for the next promotion window (in December: this
    year and the last; otherwise the two before this one)."""
    from django.utils import timezone

    from performance.eligibility.rules import next_window

    last = next_window(on or timezone.localdate()).year - 1
    return last - 1, last
