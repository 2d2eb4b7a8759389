"""Several small figures of one page (counts, a yes/no, one summed value), read in one query.

A page such as the role home page shows a handful of counts gathered from every app. Asked
one by one, each pays a round trip and ``QuerySet.count()``'s own query building; here each
app hands over the querysets and :func:`read_together` asks the database once::

    summary = {"to_rate": evaluations_to_rate, "late": Any(late_reports), "jp": Scalar(jp_sum)}
    read_together(summary)  # now {"to_rate": 3, "late": False, "jp": Decimal("12")}

A plain QuerySet is counted (as ``QuerySet.count()`` would), ``Any(qs)`` is whether it has a
row, ``Scalar(qs)`` is the first column of its first row (its default when it has none),
``Total(qs, "field")`` is the sum of an integer field over its rows (0 when it has none: kept
counts, one row per group). Values of any other type are left as they are.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


class Any:
    """Whether ``queryset`` has at least one row."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset


class Scalar:
    """The first column of ``queryset``'s first row; ``default`` when it has no row or it is NULL."""

    def __init__(self, queryset: QuerySet, default=None):
        self.queryset = queryset
        self.default = default


class Total:
    """The sum of the integer ``field`` over ``queryset``'s rows; 0 when it has none."""

    def __init__(self, queryset: QuerySet, field: str):
        self.queryset = queryset.values(field)
        self.column = queryset.model._meta.get_field(field).column


def _wanted(value) -> bool:
    return isinstance(value, QuerySet | Any | Scalar | Total)


def read_together(*summaries: dict) -> None:
    """Replace, in place, every count, ``Any`` and ``Scalar`` in ``summaries`` (dicts) by its
    value, all read in one SELECT (none when there is nothing to read)."""
    slots = [(summary, key) for summary in summaries for key, value in summary.items() if _wanted(value)]
    if not slots:
        return
    parts, params, empty, outputs = [], [], {}, {}
    alias = None
    for i, (summary, key) in enumerate(slots):
        item = summary[key]
        queryset = item if isinstance(item, QuerySet) else item.queryset
        alias = alias or queryset.db
        if queryset.db != alias:
            raise ValueError("read_together reads from one database")
        if isinstance(item, QuerySet):
            queryset = _rows_only(queryset.order_by())
        elif isinstance(item, Total):
            queryset = queryset.order_by()
        elif isinstance(item, Scalar):
            queryset = queryset[:1]
        else:
            queryset = _rows_only(queryset.order_by())[:1]
        compiler = queryset.query.get_compiler(alias)
        try:
            sql, sql_params = compiler.as_sql()
        except EmptyResultSet:
            empty[i] = 0 if isinstance(item, QuerySet | Total) else (False if isinstance(item, Any) else item.default)
            continue
        if isinstance(item, QuerySet):
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS figure_{i})")  # noqa: S608 (compiled by the ORM, values bound)
        elif isinstance(item, Total):
            column = connections[alias].ops.quote_name(item.column)
            parts.append(f"(SELECT COALESCE(SUM(figure_{i}.{column}), 0) FROM ({sql}) AS figure_{i})")  # noqa: S608
        elif isinstance(item, Any):
            parts.append(f"EXISTS({sql})")
        else:
            parts.append(f"({sql})")
            outputs[i] = compiler.select[0][0]
        params.extend(sql_params)
    row = []
    if parts:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}", params)
            row = list(cursor.fetchone())
    values = iter(row)
    for i, (summary, key) in enumerate(slots):
        item = summary[key]
        if i in empty:
            summary[key] = empty[i]
        elif isinstance(item, Any):
            summary[key] = bool(next(values))
        elif isinstance(item, Scalar):
            value = _converted(outputs[i], next(values), alias)
            summary[key] = item.default if value is None else value
        elif isinstance(item, Total):
            summary[key] = int(next(values))
        else:
            summary[key] = next(values)


def _rows_only(queryset: QuerySet) -> QuerySet:
    """For a count or a yes/no only the rows matter, not their columns: a plain model queryset
    selects its primary key alone, without the joins of ``select_related`` (as ``count()`` and
    ``exists()`` drop them). Its SQL is a fraction of the work to build: a home page counts
    querysets that were written to list rows with every column of several related models.
    The primary key keeps rows apart as all the columns did, so DISTINCT counts the same rows.
    Querysets with annotations, ``values()``, extra selects, grouping or a set operation are
    left as they are (their columns may decide the rows)."""
    query = queryset.query
    if (
        query.annotations
        or query.values_select
        or query.extra
        or query.distinct_fields
        or query.group_by is not None
        or query.combinator
        or query.is_empty()
    ):
        return queryset
    return queryset.values_list("pk")


def _converted(expression, value, alias: str):
    """The value as the ORM gives it (a Decimal sum from SQLite, for one)."""
    if value is None:
        return None
    connection = connections[alias]
    for converter in [*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)]:
        value = converter(value, expression, connection)
    return value
