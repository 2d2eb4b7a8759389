"""Querysets compiled to SQL once per process, then only bound to each read's values.

Building a queryset and compiling its SQL costs more CPU than the database spends on a count
or a few rows found by an index: a home page's dozen small reads cost milliseconds of Python
per request. A selector read on every request can describe such a read as
``Prepared(build, *args)``: ``build(*args)`` returns the queryset, and its SQL is compiled
once per process (for each way it is read: counted, tested, summed, listed) and afterwards
only bound to each read's ``args``.

``build`` is a module-level function whose arguments are values the query filters by (ids, a
year, a day: ``int``, ``str`` or ``datetime.date``) and which builds the same query whatever
they are, from them and constants only (no setting, no clock, no database read: whatever
varies is an argument). The first read in a process checks that contract as far as SQL can
show it: ``build`` is compiled with two sets of stand-in values and with the read's own; the
SQL must be the same text each time, the stand-ins must land on the same parameters in both
(every other parameter the same constant), and the parameters bound from the read's values
must equal those the ORM compiled from them. A read that fails the check (logged) or has an
argument of any other type (None, for one: the ORM writes ``IS NULL`` for it) is compiled
afresh every time, as a queryset is: slower, never wrong.

Two readers use it: ``core.figures.read_together`` (a page's counts, yes/no and sums in one
query) and :func:`read_rows` (a short list of values). tests/core/test_prepared.py compares both
with fresh compiles for several users.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections, router
from django.db.models import QuerySet

logger = logging.getLogger(__name__)


class Prepared:
    """The queryset ``build(*args)``, compiled once per process and bound to ``args`` on each
    read (see the module's documentation for what ``build`` must be)."""

    __slots__ = ("args", "build")

    def __init__(self, build: Callable[..., QuerySet], *args):
        if "<" in build.__qualname__:
            # A lambda or a nested function is a new object on each call: a cache key that
            # never repeats, and an entry per request.
            raise TypeError(f"Prepared takes a module-level function, not {build.__qualname__}")
        self.build, self.args = build, args


@dataclass(frozen=True)
class Statement:
    """A compiled read: ``sql`` (None when the ORM knows it has no row: nothing to ask), its
    parameters, the database, and what the compiling step keeps to read the result (converters)."""

    sql: str | None
    params: list
    alias: str
    extra: Any = None


Compiler = Callable[[QuerySet, str | None], Statement]


def statement(prepared: Prepared, compiler: Compiler, *variant) -> Statement:
    """``compiler(prepared.build(*prepared.args), alias)``, compiled once per process for
    ``prepared.build`` and ``variant`` (which names ``compiler``: a count, a list…) and bound
    to ``prepared.args``."""
    key = (prepared.build, variant, tuple(type(arg) for arg in prepared.args))
    try:
        shape = _SHAPES[key]
    except KeyError:
        shape = _shape(prepared, compiler)
        with _lock:
            _SHAPES[key] = shape
    if shape is None or router.db_for_read(shape.model) != shape.statement.alias:
        return compiler(prepared.build(*prepared.args), None)
    return shape.bind(prepared.args)


def read_rows(prepared: Prepared) -> list[tuple]:
    """The rows of a ``values_list`` queryset, as the ORM would give them."""
    compiled = statement(prepared, _select, "rows")
    if compiled.sql is None:
        return []
    connection = connections[compiled.alias]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params)
        found = cursor.fetchall()
    col_count, converters = compiled.extra
    if converters:
        found = [list(row) for row in found]
        for row in found:
            for i, (functions, expression) in converters:
                for function in functions:
                    row[i] = function(row[i], expression, connection)
    return [tuple(row[:col_count]) for row in found]


def _select(queryset: QuerySet, alias: str | None) -> Statement:
    alias = alias or queryset.db
    compiler = queryset.query.get_compiler(alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Statement(None, [], alias)
    # Columns past col_count are the ones DISTINCT adds for ORDER BY: not the queryset's.
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    return Statement(sql, list(params), alias, (compiler.col_count, tuple(converters.items())))


# How each argument type reaches the SQL's parameters (what the ORM's fields do with a value of
# that type), and two sets of stand-ins per type, distinct from each other and within every
# integer field's range (for a value out of its field's range the ORM answers "no rows"
# without SQL).
_ADAPTERS: dict[type, Callable] = {
    int: lambda connection, value: value,
    str: lambda connection, value: value,
    dt.date: lambda connection, value: connection.ops.adapt_datefield_value(value),
}
_STAND_INS: dict[type, Callable[[int, int], object]] = {
    int: lambda kit, i: 31_000 + 500 * kit + i,
    str: lambda kit, i: f"\x1fprepared-{kit}-{i}",
    dt.date: lambda kit, i: dt.date(1901 + kit, 1, 1) + dt.timedelta(days=i),
}


@dataclass(frozen=True)
class _Shape:
    """A read compiled once, with where each argument goes among its parameters."""

    statement: Statement
    model: type
    slots: tuple  # (parameter position, argument position)
    adapters: tuple  # per argument

    def bind(self, args: tuple) -> Statement:
        if not self.slots:
            return self.statement
        connection = connections[self.statement.alias]
        params = list(self.statement.params)
        for position, arg in self.slots:
            params[position] = self.adapters[arg](connection, args[arg])
        return Statement(self.statement.sql, params, self.statement.alias, self.statement.extra)


_SHAPES: dict[tuple, _Shape | None] = {}
_lock = threading.Lock()


def _shape(prepared: Prepared, compiler: Compiler) -> _Shape | None:
    """The read compiled once, its arguments' places found and checked (module documentation);
    None when it cannot be bound that way."""
    types = tuple(type(arg) for arg in prepared.args)
    if any(t not in _ADAPTERS for t in types):
        return None
    queryset = prepared.build(*prepared.args)
    real = compiler(queryset, None)
    stand_ins = [tuple(_STAND_INS[t](kit, i) for i, t in enumerate(types)) for kit in (0, 1)]
    first, second = (compiler(prepared.build(*args), real.alias) for args in stand_ins)
    connection = connections[real.alias]
    adapters = tuple(_ADAPTERS[t] for t in types)
    marks = [[adapt(connection, arg) for adapt, arg in zip(adapters, args, strict=True)] for args in stand_ins]
    if real.sql == first.sql == second.sql and len(real.params) == len(first.params) == len(second.params):
        slots = []
        for position, (a, b) in enumerate(zip(first.params, second.params, strict=True)):
            arg = next((i for i in range(len(types)) if a == marks[0][i] and b == marks[1][i]), None)
            if arg is not None:
                slots.append((position, arg))
            elif a != b:
                break  # a parameter that follows the arguments without being one of them
        else:
            shape = _Shape(real, queryset.model, tuple(slots), adapters)
            if shape.bind(prepared.args).params == real.params:
                return shape
    logger.warning("%s is compiled on every read: its SQL does not bind its arguments", prepared.build.__qualname__)
    return None


def _forget_shapes(**kwargs) -> None:
    """A changed setting (tests' override_settings) compiles anew."""
    with _lock:
        _SHAPES.clear()


setting_changed.connect(_forget_shapes, dispatch_uid="core.prepared.shapes")
