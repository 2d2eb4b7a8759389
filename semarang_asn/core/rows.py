"""Move many plain rows fast: insert them with COPY on PostgreSQL (``bulk_create`` elsewhere),
read several set-based SELECTs in one pipeline (``read_all``).

``bulk_create`` builds a model instance per row and prepares every value through its field:
for the demo's hundreds of thousands of history rows that Python work costs more than the
database's own. ``copy_rows`` takes plain dicts keyed by column (``employee_id``, not
``employee``), fills the columns a row leaves out the way ``bulk_create`` would (the field's
default, called per row when it is callable; "" or NULL as Django would; ``db_default`` is
left to the database; ``auto_now``/``auto_now_add`` columns get the time of the call), and
streams them with one COPY. Use it for data that needs no ``save()`` logic (demo history,
migrated records); services that decide something keep their own writes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone

try:
    from psycopg.types.json import Jsonb
except ImportError:  # SQLite-only installs
    Jsonb = None


def copy_rows(model: type[models.Model], rows: Iterable[dict], *, batch_size: int = 5000) -> int:
    """Insert ``rows`` into ``model``'s table; returns how many. No conflict handling: the
    caller inserts only what is missing, as the demo's idempotent steps do. Every row names the
    same columns: those of the first row are the ones written."""
    rows = list(rows)  # first, as a generator may read the database (not while COPY runs)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=batch_size)
        return len(rows)
    given = list(rows[0])
    fields = {f.attname: f for f in model._meta.concrete_fields}
    constant, computed = [], []  # the columns a row leaves to the field default: (column, value / callable)
    for name, field in fields.items():
        if name in given or field.primary_key or field.db_default is not models.NOT_PROVIDED:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            now = timezone.now()
            constant.append((name, now.date() if type(field) is models.DateField else now))
        elif field.has_default() and callable(field.default):
            computed.append((name, field.default))
        else:  # a constant default, "" for text columns, else NULL: what bulk_create would write
            constant.append((name, field.get_default()))
    columns = given + [name for name, _value in constant] + [name for name, _default in computed]
    json_columns = [i for i, name in enumerate(columns) if isinstance(fields[name], models.JSONField)]
    constants = [value for _name, value in constant]
    defaults = [default for _name, default in computed]
    q = connection.ops.quote_name
    sql = f"COPY {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = [row[name] for name in given]
            values += constants
            if defaults:
                values += [default() for default in defaults]
            for i in json_columns:
                values[i] = Jsonb(values[i])
            copy.write_row(values)
    return len(rows)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a bulk computation that builds and keeps
    many small containers (rows, tuples, dicts): each automatic collection walks every live
    container, which for a recompute of 15,000 employees costs a third of its Python time.
    Reference counting frees objects as usual meanwhile; the collector runs again after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Read:
    """One set-based read for ``read_all``: a SELECT, either a ``values_list`` QuerySet or SQL
    with its parameters, and ``shape``, which turns its rows (a list of tuples, converted as
    the ORM would) into what the selector that made it returns."""

    def __init__(self, query: QuerySet | str, shape: Callable[[list[tuple]], Any] = list, params: Sequence = ()):
        self.query, self.shape, self.params = query, shape, list(params)


def read(one: Read):
    """What one ``Read`` gives, read now."""
    return read_all({"read": one})["read"]


def read_all(reads: dict[str, Read]) -> dict[str, Any]:
    """{name: shaped rows} of several reads on the default database, one statement each. On
    PostgreSQL the statements are sent together (a pipeline, one round trip): the server runs
    each next one while Python converts and shapes the rows of the one before, so a job that
    reads a dozen sources waits for the slowest part, not for their sum. Elsewhere they run
    one after the other. Every statement is logged as a query when queries are recorded."""
    prepared = []  # (name, read, sql or None when it can have no row, params, compiler or None)
    for name, one in reads.items():
        if isinstance(one.query, QuerySet):
            compiler = one.query.query.get_compiler(one.query.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                sql, params = None, ()
            prepared.append((name, one, sql, params, compiler))
        else:
            prepared.append((name, one, one.query, one.params, None))
    if connection.vendor != "postgresql":
        results = {}
        for name, one, sql, params, compiler in prepared:
            rows = []
            if sql is not None:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    rows = cursor.fetchall()
            results[name] = one.shape(_as_the_orm_gives(compiler, rows))
        return results
    connection.ensure_connection()
    raw = connection.connection
    results = {}
    with raw.pipeline():
        cursors = []
        for _name, _one, sql, params, _compiler in prepared:
            cursor = None
            if sql is not None:
                cursor = raw.cursor()
                cursor.execute(sql, params)
                if connection.queries_logged:
                    connection.queries_log.append({"sql": sql, "time": "0.000"})
            cursors.append(cursor)
        for (name, one, _sql, _params, compiler), cursor in zip(prepared, cursors, strict=True):
            rows = cursor.fetchall() if cursor is not None else []
            results[name] = one.shape(_as_the_orm_gives(compiler, rows))
    return results


def _as_the_orm_gives(compiler, rows: list) -> list[tuple]:
    """The rows of a QuerySet's SELECT as its ``values_list`` would give them (the selected
    columns only, through the fields' converters); rows of hand-written SQL as they are."""
    if compiler is None:
        return rows
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    if compiler.get_converters(fields):
        return list(compiler.results_iter(results=[rows], tuple_expected=True))
    return rows
