# ruff: noqa: S608 (SQL built from the models' table names and constants only, never from input)
"""The words of employees' names and how many employees hold each, kept by PostgreSQL, so the
directory counts a common one-word search without reading every employee it finds.

The directory's search keeps the employees whose upper-cased name or NIP contains the text
(``name__icontains | nip__icontains``). A trigram index finds them, but counting the 5,930 of
150,000 that "Santoso" finds still reads them from some 2,600 table pages on every request.
When the text holds no space, a name contains it exactly when one of the name's words (the
pieces of UPPER(name) between two spaces) does; when only one word of the city's names contains
it, the employees whose name contains it are those holding that word. So PostgreSQL keeps, with
statement triggers on the employee table (``semarang_asn.core.statement_triggers``), every word
with the number of employees whose name holds it (``NameWord``), and ``count_sql`` counts such
a search as that number plus the employees found by NIP alone; any other search (no word or
several contain it) is counted by the plain query, in the same statement.

``rebuild`` fills the words from the employee table (the migration; a repair); ``GROUPED`` is
the same figures counted from the table, and tests/positions/test_name_words.py compares them
after every kind of write, and every search's count with the plain query's. Other databases
(SQLite in the tests) count with the plain query.
"""

from __future__ import annotations

from django.db import connection

from semarang_asn.core import statement_triggers

from .models import Employee, NameWord

EMPLOYEE = Employee._meta.db_table
WORDS = NameWord._meta.db_table


def kept() -> bool:
    return connection.vendor == "postgresql"


def _words(rows: str, name: str = "name") -> str:
    """(id, word): the distinct words of each name in ``rows`` (made distinct name by name, not
    by sorting every row's)."""
    return (
        f"SELECT r.id, w.word FROM {rows} r CROSS JOIN LATERAL "
        f"(SELECT DISTINCT piece AS word FROM unnest(string_to_array(upper(r.{name}), ' ')) piece "
        "WHERE piece <> '') w"
    )


def _add(changes: str) -> str:
    """Add the (word, delta) rows ``changes`` to the words' numbers, in word order (no deadlock
    between two statements)."""
    return f"""
        INSERT INTO {WORDS} (word, n)
        SELECT word, SUM(delta) FROM ({changes}) c GROUP BY word HAVING SUM(delta) <> 0 ORDER BY word
        ON CONFLICT (word) DO UPDATE SET n = {WORDS}.n + excluded.n;
    """


# An update changes words only where it changed a name (a refresh of the current posts: none).
_RENAMED = (
    "(SELECT o.id, o.name AS old_name, n.name AS new_name FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.name IS DISTINCT FROM n.name)"
)
_CHANGES = {
    "INSERT": f"SELECT word, 1 AS delta FROM ({_words('new_rows')}) w",
    "UPDATE": f"SELECT word, 1 AS delta FROM ({_words(_RENAMED, 'new_name')}) w "
    f"UNION ALL SELECT word, -1 FROM ({_words(_RENAMED, 'old_name')}) w",
    "DELETE": f"SELECT word, -1 AS delta FROM ({_words('old_rows')}) w",
}


def _trigger_sql(op: str) -> str:
    return _add(_CHANGES[op])


_TRIGGERS = ((EMPLOYEE, "employee", _trigger_sql),)


def install_sql() -> list[str]:
    """The trigger functions and triggers (PostgreSQL), replacing any earlier ones."""
    return statement_triggers.install_sql("positions_words", _TRIGGERS)


def uninstall_sql() -> list[str]:
    return statement_triggers.uninstall_sql("positions_words", [(table, name) for table, name, _body in _TRIGGERS])


GROUPED = f"SELECT word, COUNT(*) FROM ({_words(EMPLOYEE)}) w GROUP BY word"


@statement_triggers.with_cursor
def rebuild(cursor) -> None:
    """Recompute the words from the employee table (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {WORDS}")
    cursor.execute(f"INSERT INTO {WORDS} (word, n) {GROUPED}")


def count_sql(text: str, plain: tuple[str, list]) -> tuple[str, list] | None:
    """The count of the search for ``text`` as one statement: the kept number of the one word
    that contains it, plus the employees whose NIP contains it and whose name does not, or
    else ``plain`` (the search's own query, whose rows it counts). None where the words cannot
    answer (a text with a space, an empty one, or no kept words on this database)."""
    if not kept() or not text or " " in text:
        return None
    # The pattern icontains binds (connection.ops.prep_for_like_query), compared with the same
    # UPPER() as the search's lookups.
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    plain_sql, plain_params = plain
    sql = f"""
        WITH found AS MATERIALIZED (SELECT n FROM {WORDS} WHERE n > 0 AND word LIKE UPPER(%s) LIMIT 2)
        SELECT CASE WHEN (SELECT COUNT(*) FROM found) = 1
            THEN (SELECT n FROM found) + (SELECT COUNT(*) FROM {EMPLOYEE}
                  WHERE UPPER(nip::text) LIKE UPPER(%s) AND NOT UPPER(name::text) LIKE UPPER(%s))
            ELSE (SELECT COUNT(*) FROM ({plain_sql}) plain) END
    """
    return sql, [pattern, pattern, pattern, *plain_params]
