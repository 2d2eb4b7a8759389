"""HR's position and employee lists: search, filters, sortable columns, pages, totals."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import services
from tests.factories import EmployeeFactory, PositionFactory, make_nip

POSITIONS = reverse("positions:position_list")
EMPLOYEES = reverse("positions:employee_list")


def test_the_position_list_searches_filters_vacant_seats_and_sorts(client_for, hr_staff, org, employee_record):
    client = client_for(hr_staff)
    page = client.get(POSITIONS, {"q": "kepala seksi"}).content.decode()
    assert "P-KASI" in page and "P-KABID" not in page
    vacant = client.get(POSITIONS, {"seats": "vacant"}).content.decode()
    assert "P-STAF" in vacant and "P-KASI" not in vacant  # the kasi seat is empty only without its holder
    page = client.get(POSITIONS, {"ordering": "-kelas"}).content.decode()
    assert page.index("P-KEP") < page.index("P-STAF")
    assert 'aria-sort="descending"' in page


def test_the_position_list_shows_totals_with_thousands_separators(client_for, hr_staff, org):
    PositionFactory(code="P-BANYAK", title="Guru", org_unit=org["bidang"], formasi=1500)
    page = client_for(hr_staff).get(POSITIONS, {"q": "guru"}).content.decode()
    assert "1.500" in page


def test_the_position_list_is_for_hr_only(client_for, employee, supervisor, anonymous):
    for user in (employee, supervisor):
        assert client_for(user).get(POSITIONS).status_code == 403
    assert anonymous.get(POSITIONS).status_code == 302


def test_the_employee_directory_sorts_by_a_column(client_for, hr_staff, employee_record, other_employee_record):
    page = client_for(hr_staff).get(EMPLOYEES, {"ordering": "-nip"}).content.decode()
    assert page.index(other_employee_record.nip) < page.index(employee_record.nip)
    assert 'aria-sort="descending"' in page


@pytest.mark.parametrize(("url", "key"), [(POSITIONS, "-kelas"), (EMPLOYEES, "-nip")])
def test_applying_the_filters_keeps_the_sort(client_for, hr_staff, org, employee_record, url, key):
    client = client_for(hr_staff)
    page = client.get(url, {"ordering": key}).content.decode()
    assert f'<input type="hidden" name="ordering" value="{key}" id="id_ordering">' in page
    resubmitted = client.get(url, {"ordering": key, "q": ""})  # the form as the browser sends it
    assert resubmitted.context["filter"].is_valid()
    assert resubmitted.context["filter"].form.cleaned_data["ordering"] == [key]
    assert 'aria-sort="descending"' in resubmitted.content.decode()


def test_the_lists_use_the_same_number_of_queries_at_two_sizes(
    client_for, hr_staff, org, django_assert_max_num_queries
):
    client = client_for(hr_staff)

    def grow(n, seq):
        for i in range(n):
            position = PositionFactory(code=f"L-{seq + i}", org_unit=org["bidang"])
            services.assignment_create(
                employee=EmployeeFactory(nip=make_nip(seq=seq + i)), position=position, start_date=dt.date(2022, 1, 1)
            )

    # Sorted by name; the unfiltered directory (its kept total), its name search (the kept name
    # words), the positions by vacant seats (the kept seat counts).
    pages = [
        (POSITIONS, {"ordering": "nama"}),
        (EMPLOYEES, {"ordering": "nama"}),
        (EMPLOYEES, {}),
        (EMPLOYEES, {"q": "Contoh"}),
        (POSITIONS, {"ordering": "-kosong"}),
    ]
    grow(2, 100)
    counts = []
    for url, params in pages:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, params)
        counts.append(len(ctx))
    grow(60, 200)
    for (url, params), count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert "Halaman 1 dari 2" in client.get(url, params).content.decode()
