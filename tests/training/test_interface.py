"""The two reads the performance app relies on (promotion eligibility): jp_totals and
leadership_training_held. Their signatures are a promise to other apps."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from training import rules, selectors, services
from training.models import Certificate, SocialisationMaterial

from .conftest import build_course, complete_course

PDF = b"%PDF-1.4\n%test\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _external(employee, *, end, jp="6", leadership=""):
    return services.external_submit(
        employee=employee,
        title="Diklat Teknis Pengadaan",
        organiser="LKPP",
        start_date=end - dt.timedelta(days=2),
        end_date=end,
        jp=Decimal(jp),
        certificate_file=SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
        leadership=leadership,
    )


def test_the_yearly_target_is_twenty_jp():
    assert rules.YEARLY_JP_TARGET == 20


def test_jp_totals_sum_courses_verified_external_and_acknowledged_socialisation(
    hr_staff, employee_record, other_employee_record
):
    course = build_course(hr_staff, jp="8")
    complete_course(employee_record, course, day=dt.date(2026, 3, 10))
    services.external_verify(training=_external(employee_record, end=dt.date(2026, 5, 2)), actor=hr_staff)
    _external(employee_record, end=dt.date(2026, 5, 3), jp="9")  # not verified: does not count
    material = services.socialisation_save(
        actor=hr_staff, title="Sistem merit", body="Isi", jp=Decimal("1.5"), for_all=True, opds=[], publish=True
    )
    services.socialisation_acknowledge(material=material, employee=employee_record, today=dt.date(2026, 6, 1))

    totals = selectors.jp_totals(year=2026)

    assert totals == {employee_record.pk: Decimal("15.5")}
    assert other_employee_record.pk not in totals


def test_jp_totals_count_toward_the_calendar_year_of_completion(hr_staff, employee_record, other_employee_record):
    course = build_course(hr_staff, jp="10")
    complete_course(employee_record, course, day=dt.date(2025, 12, 31))
    complete_course(other_employee_record, course, day=dt.date(2026, 1, 1))

    assert selectors.jp_totals(year=2025) == {employee_record.pk: Decimal("10")}
    assert selectors.jp_totals(year=2026) == {other_employee_record.pk: Decimal("10")}


def test_jp_totals_can_be_limited_to_some_employees_in_one_query(
    hr_staff, employee_record, other_employee_record, django_assert_num_queries
):
    course = build_course(hr_staff, jp="4")
    complete_course(employee_record, course, day=dt.date(2026, 2, 2))
    complete_course(other_employee_record, course, day=dt.date(2026, 2, 2))

    with django_assert_num_queries(1):
        totals = selectors.jp_totals(year=2026, employee_ids=[other_employee_record.pk])

    assert totals == {other_employee_record.pk: Decimal("4")}


def test_a_revoked_certificate_takes_its_jp_and_leadership_with_it(hr_staff, employee_record):
    course = build_course(hr_staff, code="PKP-1", title="Pelatihan Kepemimpinan Pengawas", leadership="PKP")
    enrollment = complete_course(employee_record, course, day=dt.date(2026, 4, 1))
    assert selectors.leadership_training_held() == {employee_record.pk: {"PKP"}}

    services.certificate_revoke(
        certificate=Certificate.objects.get(enrollment=enrollment), actor=hr_staff, reason="Plagiarisme tugas akhir"
    )

    assert selectors.leadership_training_held() == {}
    assert selectors.jp_totals(year=2026) == {}


def test_leadership_training_held_joins_courses_and_verified_external_training_in_one_query(
    hr_staff, employee_record, other_employee_record, django_assert_num_queries
):
    pka = build_course(hr_staff, code="PKA-1", title="Pelatihan Kepemimpinan Administrator", leadership="PKA")
    complete_course(employee_record, pka, day=dt.date(2024, 9, 1))
    services.external_verify(
        training=_external(employee_record, end=dt.date(2019, 11, 1), leadership="PKP"), actor=hr_staff
    )
    _external(other_employee_record, end=dt.date(2020, 1, 5), leadership="PKP")  # pending
    rejected = _external(other_employee_record, end=dt.date(2020, 1, 6), leadership="PKA")
    services.external_reject(training=rejected, actor=hr_staff, reason="Sertifikat tidak terbaca")

    with django_assert_num_queries(1):
        held = selectors.leadership_training_held(employee_ids=[employee_record.pk, other_employee_record.pk])

    assert held == {employee_record.pk: {"PKA", "PKP"}}


def test_socialisation_with_zero_jp_counts_nothing(hr_staff, employee_record):
    material = services.socialisation_save(
        actor=hr_staff, title="Apa itu merit", body="Isi", jp=Decimal("0"), for_all=True, opds=[], publish=True
    )
    services.socialisation_acknowledge(material=material, employee=employee_record)

    assert selectors.jp_totals(year=dt.date.today().year) == {}
    assert SocialisationMaterial.objects.get().acks.count() == 1
