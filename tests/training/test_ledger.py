"""The yearly JP totals kept beside the ledger (training.ledger): they always equal the sum of
the ledger's rows, and the compliance list read through them is the same list as before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from training import ledger, selectors, services
from training.models import Certificate, JpCredit, JpYearTotal, SocialisationMaterial

from .conftest import build_course, complete_course

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def _kept() -> dict[tuple[int, int], Decimal]:
    return {(e, y): jp for e, y, jp in JpYearTotal.objects.values_list("employee_id", "year", "jp")}


def _from_ledger() -> dict[tuple[int, int], Decimal]:
    rows = JpCredit.objects.values("employee_id", "year").annotate(total=Sum("jp")).order_by()
    return {(r["employee_id"], r["year"]): r["total"] for r in rows if r["total"]}


def _external(employee, hr, *, jp: str, end: dt.date):
    row = services.external_submit(
        employee=employee,
        title="Bimtek Pengadaan Barang/Jasa",
        organiser="LKPP",
        start_date=end - dt.timedelta(days=2),
        end_date=end,
        jp=Decimal(jp),
        certificate_file=SimpleUploadedFile("s.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n", content_type="application/pdf"),
    )
    return services.external_verify(training=row, actor=hr)


def test_the_kept_totals_equal_the_ledger_after_every_kind_of_credit_and_a_revocation(
    hr_staff, employee_record, other_employee_record
):
    big = build_course(hr_staff, jp="12")
    small = build_course(hr_staff, code="K-2", title="Kecil", jp="3.5")
    complete_course(employee_record, big, day=DAY)
    complete_course(employee_record, small, day=dt.date(2025, 12, 30))
    revoked = complete_course(other_employee_record, big, day=DAY)
    _external(employee_record, hr_staff, jp="24", end=dt.date(2026, 1, 7))
    material = services.socialisation_save(
        actor=hr_staff, title="Sistem merit", body="x", jp=Decimal("1"), for_all=True, opds=[], publish=True
    )
    services.socialisation_acknowledge(material=material, employee=employee_record, today=DAY)
    certificate = Certificate.objects.get(enrollment=revoked)
    services.certificate_revoke(certificate=certificate, actor=hr_staff, reason="Keliru")

    assert (
        _kept()
        == _from_ledger()
        == {
            (employee_record.pk, 2026): Decimal("37"),
            (employee_record.pk, 2025): Decimal("3.5"),
        }
    )
    # A year whose only credit was withdrawn keeps no total (no row means 0 JP).
    assert not JpYearTotal.objects.filter(employee=other_employee_record).exists()
    assert selectors.jp_totals(year=2026) == {employee_record.pk: Decimal("37")}

    JpYearTotal.objects.all().delete()
    JpYearTotal.objects.create(employee=other_employee_record, year=2026, jp=Decimal("99"))
    ledger.refresh()
    assert _kept() == _from_ledger()


def test_refresh_can_be_limited_to_some_employees(hr_staff, employee_record, other_employee_record):
    course = build_course(hr_staff, jp="6")
    complete_course(employee_record, course, day=DAY)
    complete_course(other_employee_record, course, day=DAY)
    JpYearTotal.objects.update(jp=Decimal("1"))

    ledger.refresh([employee_record.pk])

    assert _kept() == {(employee_record.pk, 2026): Decimal("6"), (other_employee_record.pk, 2026): Decimal("1")}


def test_deleting_a_socialisation_material_in_the_admin_takes_its_jp_off_the_totals(hr_staff, employee_record):
    material = services.socialisation_save(
        actor=hr_staff, title="Sistem merit", body="x", jp=Decimal("2"), for_all=True, opds=[], publish=True
    )
    services.socialisation_acknowledge(material=material, employee=employee_record, today=DAY)
    assert _kept() == {(employee_record.pk, 2026): Decimal("2")}

    site._registry[SocialisationMaterial].delete_model(None, material)

    assert _kept() == _from_ledger() == {}


@pytest.mark.parametrize(("opd", "under"), [(False, False), (False, True), (True, False), (True, True)])
@pytest.mark.parametrize("per_page", [1, 2, 3, 50])
def test_the_compliance_list_pages_through_the_same_rows_as_the_one_query_list(
    hr_staff, org, head, kabid, supervisor_employee, employee_record, other_employee_record, opd, under, per_page
):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    other_opd = OrgUnitFactory(code="DIN02", name="Dinas Lain")
    position = PositionFactory(org_unit=other_opd, formasi=5)
    elsewhere = [EmployeeFactory(name=name) for name in ("Budi", "Ani", "Budi")]
    for employee in elsewhere:
        position_services.assignment_create(employee=employee, position=position, start_date=dt.date(2020, 1, 2))
    big = build_course(hr_staff, jp="20")
    small = build_course(hr_staff, code="K-2", title="Kecil", jp="4")
    for employee in (employee_record, elsewhere[0]):
        complete_course(employee, big, day=DAY)
    for employee in (other_employee_record, kabid, elsewhere[1], elsewhere[2]):
        complete_course(employee, small, day=DAY)
    opd_id = org["opd"].pk if opd else None

    expected = list(selectors.compliance_employees(year=2026, opd_id=opd_id, under_only=under))
    by_opd = selectors.compliance_by_opd(year=2026)
    rows = selectors.ComplianceList(year=2026, by_opd=by_opd, opd_id=opd_id, under_only=under)

    assert rows.count() == len(expected)
    pages = [rows[start : start + per_page] for start in range(0, rows.count(), per_page)]
    listed = [row for page in pages for row in page]
    assert [(r.pk, r.jp_total, r.opd_id) for r in listed] == [(r.pk, r.jp_total, r.opd_id) for r in expected]
