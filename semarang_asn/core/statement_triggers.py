"""PostgreSQL statement-level triggers with transition tables: the one way the kept counts
(``positions.kept_counts``, ``positions.name_words``, ``training.compliance_counts``,
``performance.kept_counts``) install and remove theirs, fill them (``rebuild``) and do so in a
migration (``migration``).

For each (table, name, body) and each of INSERT, UPDATE and DELETE, a plpgsql function
``{prefix}_{name}_{op}`` runs ``body(op)`` (SQL reading ``new_rows`` and/or ``old_rows``) once
per statement, and a trigger of the same name calls it after the statement.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, migrations

OPERATIONS = ("INSERT", "UPDATE", "DELETE")
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def install_sql(prefix: str, triggers: Iterable[tuple[str, str, Callable[[str], str]]]) -> list[str]:
    """The trigger functions and triggers, replacing any earlier ones."""
    statements = []
    for table, name, body in triggers:
        for op in OPERATIONS:
            function = f"{prefix}_{name}_{op.lower()}"
            statements += [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                # EXECUTE: planned for each statement's rows (a cached plan made for one row
                # would loop over a bulk statement's).
                f"BEGIN EXECUTE $sql$ {body(op)} $sql$; RETURN NULL; END $$;",
                f"DROP TRIGGER IF EXISTS {function} ON {table};",
                f"CREATE TRIGGER {function} AFTER {op} ON {table} {REFERENCING[op]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            ]
    return statements


def uninstall_sql(prefix: str, tables: Iterable[tuple[str, str]]) -> list[str]:
    """Drop what ``install_sql`` installed for these (table, name) pairs."""
    statements = []
    for table, name in tables:
        for op in OPERATIONS:
            function = f"{prefix}_{name}_{op.lower()}"
            statements += [f"DROP TRIGGER IF EXISTS {function} ON {table};", f"DROP FUNCTION IF EXISTS {function}();"]
    return statements


def with_cursor(rebuild: Callable) -> Callable:
    """A kept-counts module's ``rebuild(cursor)``, callable without a cursor too (then on the
    default connection's): a migration passes its schema editor's, a repair none."""

    @functools.wraps(rebuild)
    def wrapper(cursor=None) -> None:
        if cursor is not None:
            return rebuild(cursor)
        with connection.cursor() as own:
            return rebuild(own)

    return wrapper


def migration(module: str, *, before: Sequence[str] = (), reversible: bool = True) -> migrations.RunPython:
    """The migration operation of a kept-counts module (its dotted path: a module with
    ``install_sql()``, ``uninstall_sql()`` and ``rebuild(cursor)``): on PostgreSQL, run the
    ``before`` statements, install its triggers and fill its counts once; reversed, remove the
    triggers (or nothing, when not ``reversible``: a migration that only re-installs them)."""

    def install(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        kept = importlib.import_module(module)
        with schema_editor.connection.cursor() as cursor:
            for statement in [*before, *kept.install_sql()]:
                cursor.execute(statement)
            kept.rebuild(cursor)

    def uninstall(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in importlib.import_module(module).uninstall_sql():
                cursor.execute(statement)

    return migrations.RunPython(install, uninstall if reversible else migrations.RunPython.noop)
