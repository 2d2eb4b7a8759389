"""PostgreSQL statement-level triggers with transition tables: the one way the kept counts
(``positions.kept_counts``, ``training.compliance_counts``, ``performance.kept_counts``) install and
remove theirs.

For each (table, name, body) and each of INSERT, UPDATE and DELETE, a plpgsql function
``{prefix}_{name}_{op}`` runs ``body(op)`` (SQL reading ``new_rows`` and/or ``old_rows``) once
per statement, and a trigger of the same name calls it after the statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
