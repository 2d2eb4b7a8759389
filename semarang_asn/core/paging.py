"""Pages of short lists in one query.

``Paginator`` counts the list (one query), then reads the page (another); when the list is empty
it still compiles the page's query to find it has no row. For a short list read on every visit (a
user's notifications, the course catalogue) ``ShortListPaginator`` reads the page with the list's
length on each row, ``COUNT(*) OVER ()``: one query, the same page.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window


class ShortListPaginator(Paginator):
    """``Paginator.get_page`` in one query for a page that has rows, or the first page of an
    empty list: the rows carry the list's length, so counting costs no query of its own. A page
    number past the end or below 1 counts first and falls back to the last page, as Paginator
    does. The window reads every row the list matches, where a count alone may read only an
    index: for lists of tens or hundreds of rows, not for a city's employees."""

    def __init__(self, object_list: QuerySet, per_page: int):
        if object_list.query.distinct:
            # COUNT(*) OVER () counts the rows before DISTINCT removes any.
            raise ValueError("ShortListPaginator counts rows: no DISTINCT")
        super().__init__(object_list, per_page)

    def get_page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # as Paginator: a page that is not a whole number is the first
        if wanted >= 1 and "count" not in self.__dict__:
            bottom = (wanted - 1) * self.per_page
            counted = self.object_list.annotate(paginator_count=Window(Count("*")))
            rows = list(counted[bottom : bottom + self.per_page])
            if rows or wanted == 1:
                self.count = rows[0].paginator_count if rows else 0
                return self._get_page(rows, wanted, self)
        return super().get_page(number)
