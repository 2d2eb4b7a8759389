"""The position list sorted by vacant seats (positions.selectors.PositionsByVacancy): the same
positions, order, count and seat figures as the queryset that counts every position's seats."""

import datetime as dt
import itertools

import pytest
from django.http import QueryDict

from positions import kept_counts, selectors
from positions.filters import PositionListFilter
from positions.models import Assignment
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, make_nip

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not kept_counts.kept(), reason="PostgreSQL keeps the seat counts"),
]
_SEQ = itertools.count(600)


@pytest.fixture
def seats(org):
    """Positions with every kind of seat: held, ended, ending later, starting later, Plt,
    over formasi, and several positions with the same number of vacant seats."""
    today = dt.date.today()
    other = OrgUnitFactory(code="DIN09", name="Dinas Lain")
    positions = [PositionFactory(org_unit=other if i % 2 else org["bidang"], formasi=1 + i % 4) for i in range(12)]

    def hold(position, **fields):
        Assignment.objects.create(employee=EmployeeFactory(nip=make_nip(seq=next(_SEQ))), position=position, **fields)

    for i, position in enumerate(positions):
        for _ in range(i % 3):
            hold(position, start_date=dt.date(2020, 1, 1))
    hold(positions[0], start_date=dt.date(2020, 1, 1), end_date=dt.date(2021, 1, 1))
    hold(positions[1], start_date=dt.date(2020, 1, 1), end_date=today + dt.timedelta(days=30))
    hold(positions[2], start_date=today + dt.timedelta(days=3))
    hold(positions[3], start_date=dt.date(2020, 1, 1), kind=Assignment.Kind.ACTING)
    for _ in range(3):  # over formasi: a surplus, no vacant seat
        hold(positions[4], start_date=dt.date(2020, 1, 1))
    return positions


def figures(rows):
    return [(p.pk, p.code, p.title, p.place, p.formasi, p.bezetting, p.acting, p.vacant) for p in rows]


@pytest.mark.parametrize(
    "query", ["ordering=-kosong", "ordering=kosong", "ordering=-kosong&type=JA", "ordering=kosong&q=analis&opd="]
)
def test_each_page_sorted_by_vacant_seats_is_the_counted_one(hr_staff, seats, query):
    filterset = PositionListFilter(QueryDict(query), queryset=selectors.position_list(hr_staff))
    listing = selectors.by_vacancy(filterset.qs)
    assert isinstance(listing, selectors.PositionsByVacancy)
    counted = list(filterset.qs)
    assert listing.count() == len(counted)
    for start in range(0, len(counted) + 5, 5):
        assert figures(listing[start : start + 5]) == figures(counted[start : start + 5])


def test_other_sorts_page_the_queryset(hr_staff, seats):
    for query in ("", "ordering=kode", "ordering=-kosong,kode", "ordering=formasi"):
        filterset = PositionListFilter(QueryDict(query), queryset=selectors.position_list(hr_staff))
        assert selectors.by_vacancy(filterset.qs) is filterset.qs
