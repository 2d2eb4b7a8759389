"""Insert many plain rows fast: COPY on PostgreSQL, ``bulk_create`` elsewhere.

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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models
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
