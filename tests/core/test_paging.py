"""ShortListPaginator gives Paginator's pages in one query."""

import pytest
from django.core.paginator import Paginator

from semarang_asn.core.models import Notification
from semarang_asn.core.paging import ShortListPaginator

pytestmark = pytest.mark.django_db

NUMBERS = [None, "", "abc", "1", "2", "3", "4", "0", "-1", "99", 2.0, 2.5, "2.0", 3]


def _page_facts(page):
    paginator = page.paginator
    return (
        [row.pk for row in page.object_list],
        page.number,
        paginator.count,
        paginator.num_pages,
        page.has_previous(),
        page.has_next(),
        page.start_index(),
        page.end_index(),
    )


@pytest.mark.parametrize("size", [0, 1, 11, 12, 13, 25, 30])
def test_each_page_is_the_one_paginator_gives(employee, size):
    Notification.objects.bulk_create([Notification(recipient=employee, subject=f"Pesan {i}") for i in range(size)])
    rows = Notification.objects.filter(recipient=employee).order_by("-created_at", "-id")
    for number in NUMBERS:
        expected = _page_facts(Paginator(rows, 12).get_page(number))
        assert _page_facts(ShortListPaginator(rows, 12).get_page(number)) == expected, number


@pytest.mark.parametrize(("size", "number"), [(0, None), (0, "1"), (30, None), (30, "3"), (30, "x")])
def test_a_page_with_rows_or_the_first_page_is_one_query(employee, size, number, django_assert_num_queries):
    Notification.objects.bulk_create([Notification(recipient=employee, subject=f"Pesan {i}") for i in range(size)])
    rows = Notification.objects.filter(recipient=employee).order_by("-id")
    with django_assert_num_queries(1):
        page = ShortListPaginator(rows, 12).get_page(number)
        assert len(page) == len(page.object_list) and page.paginator.num_pages >= 1


def test_a_page_past_the_end_counts_and_gives_the_last_page(employee, django_assert_num_queries):
    Notification.objects.bulk_create([Notification(recipient=employee, subject=f"Pesan {i}") for i in range(30)])
    rows = Notification.objects.filter(recipient=employee).order_by("-id")
    with django_assert_num_queries(3):  # the empty page, the count, the last page
        page = ShortListPaginator(rows, 12).get_page("9")
        assert page.number == 3 and len(page) == 6


def test_distinct_lists_are_refused(employee):
    with pytest.raises(ValueError):
        ShortListPaginator(Notification.objects.distinct(), 12)
