"""Query-string values turned into database lookups, read one way: a bad value is ignored.

A scanner sends ``?unit=abc``, ``?unit=-1`` or ``?unit=99999999999999999999``; none of them
may reach the database as a lookup (a ValueError or an integer overflow there is a 500).
"""

from django.http import QueryDict

# The largest primary key a BigAutoField holds (signed 64-bit).
MAX_ID = 2**63 - 1


def query_id(params: QueryDict, name: str) -> int | None:
    """The parameter as a row id, or None when it is missing or not a plausible id."""
    raw = params.get(name, "")
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None
