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

Each of them can also be handed over as ``Prepared(build, *args)`` (core.prepared) instead
of a queryset: its SQL is then compiled once per process and only bound to ``args`` on each
read, which is what a page read on every request wants (the role home page).
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .prepared import Prepared, Statement, statement

COUNT, ANY, SCALAR, TOTAL = "count", "any", "scalar", "total"

Source = QuerySet | Prepared


class _Count:
    """What a QuerySet or a Prepared handed over alone is: how many rows it has."""

    kind, field = COUNT, None

    def __init__(self, source: Source):
        self.source = source


class Any:
    """Whether ``source`` has at least one row."""

    kind, field = ANY, None

    def __init__(self, source: Source):
        self.source = source


class Scalar:
    """The first column of ``source``'s first row; ``default`` when it has no row or it is NULL."""

    kind, field = SCALAR, None

    def __init__(self, source: Source, default=None):
        self.source = source
        self.default = default


class Total:
    """The sum of the integer ``field`` over ``source``'s rows; 0 when it has none."""

    kind = TOTAL

    def __init__(self, source: Source, field: str):
        self.source = source
        self.field = field


def _wanted(value) -> bool:
    return isinstance(value, QuerySet | Prepared | Any | Scalar | Total)


def read_together(*summaries: dict) -> None:
    """Replace, in place, every figure (counted QuerySet or ``Prepared``, ``Any``, ``Scalar``,
    ``Total``) in ``summaries`` (dicts) by its value, all read in one SELECT (none when there
    is nothing to read)."""
    slots = [(summary, key) for summary in summaries for key, value in summary.items() if _wanted(value)]
    if not slots:
        return
    parts = []
    for summary, key in slots:
        figure = summary[key]
        if not isinstance(figure, Any | Scalar | Total):
            figure = _Count(figure)
        if isinstance(figure.source, Prepared):
            parts.append(statement(figure.source, partial(_part, figure.kind, figure.field), figure.kind, figure.field))
        else:
            parts.append(_part(figure.kind, figure.field, figure.source, None))
    alias = parts[0].alias
    if any(part.alias != alias for part in parts):
        raise ValueError("read_together reads from one database")
    asked = [part for part in parts if part.sql is not None]
    row = []
    if asked:
        params = [param for part in asked for param in part.params]
        with connections[alias].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(part.sql for part in asked)}", params)
            row = list(cursor.fetchone())
    values = iter(row)
    for (summary, key), part in zip(slots, parts, strict=True):
        item = summary[key]
        value = None if part.sql is None else next(values)
        if isinstance(item, Any):
            summary[key] = bool(value)
        elif isinstance(item, Scalar):
            value = _converted(part.extra, value, alias)
            summary[key] = item.default if value is None else value
        else:  # a count or a Total: 0 without rows
            summary[key] = int(value or 0) if isinstance(item, Total) else value or 0


def _part(kind: str, field: str | None, queryset: QuerySet, alias: str | None) -> Statement:
    """The figure's expression in the SELECT, compiled from ``queryset`` (on its own database
    unless told); for a Scalar, with the selected expression and its converters, to give the
    value as the ORM would."""
    alias = alias or queryset.db
    if kind == COUNT:
        queryset = _rows_only(queryset.order_by())
    elif kind == TOTAL:
        column = queryset.model._meta.get_field(field).column
        queryset = queryset.values(field).order_by()
    elif kind == SCALAR:
        queryset = queryset[:1]
    else:
        queryset = _rows_only(queryset.order_by())[:1]
    compiler = queryset.query.get_compiler(alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Statement(None, [], alias)  # no row: not asked
    params = list(params)
    # Each subquery is its own scope: one alias name serves every figure of the statement.
    if kind == COUNT:
        return Statement(f"(SELECT COUNT(*) FROM ({sql}) AS figure)", params, alias)  # noqa: S608
    if kind == TOTAL:
        column = connections[alias].ops.quote_name(column)
        return Statement(f"(SELECT COALESCE(SUM(figure.{column}), 0) FROM ({sql}) AS figure)", params, alias)  # noqa: S608
    if kind == ANY:
        return Statement(f"EXISTS({sql})", params, alias)
    connection = connections[alias]
    expression = compiler.select[0][0]
    converters = [*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)]
    return Statement(f"({sql})", params, alias, (expression, converters))


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


def _converted(output: tuple, value, alias: str):
    """The value as the ORM gives it (a Decimal sum from SQLite, for one)."""
    if value is None:
        return None
    expression, converters = output
    connection = connections[alias]
    for converter in converters:
        value = converter(value, expression, connection)
    return value
