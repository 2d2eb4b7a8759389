"""The audit chain: canonical serialisation, hashing, appending under the chain-head lock,
verification, and the database triggers that make ``core_auditevent`` append-only.

Services never call this module directly: they use ``audit_record`` / ``audit_bulk`` in
``services.py``, which hand their rows to :func:`chain_append`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

GENESIS = ""
HASHED_FIELDS = (
    "actor_id",
    "actor_username",
    "actor_name",
    "at",
    "action",
    "target_type_id",
    "target_id",
    "target_repr",
    "before",
    "after",
    "reason",
)


def _normalise(value: Any) -> Any:
    """JSON values as any database gives them back: PostgreSQL's jsonb may return an
    integral float (``80.0``, ``1e20``) as an int, so integral floats hash as ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    """The bytes a row's hash covers: its fields and the previous row's hash, as sorted,
    compact JSON (version 1 of the format)."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = _timestamp(payload["at"])
    payload["before"] = _normalise(payload["before"])
    payload["after"] = _normalise(payload["after"])
    payload["prev_hash"] = prev_hash
    payload["v"] = 1
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


def _fields_of(event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def chain_append(events: list) -> list:
    """Insert unsaved AuditEvent rows at the end of the chain, in order.

    The chain head is locked (``SELECT … FOR UPDATE``) until the caller's transaction
    commits, so two writers never link to the same predecessor; on SQLite the write
    transaction itself serialises writers (``transaction_mode = IMMEDIATE``). One lock, one
    set-based insert per 1,000 rows and one head update, whatever the number of rows.
    """
    from .models import AuditChainHead, AuditEvent

    if not events:
        return []
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        prev = head.last_hash
        for event in events:
            event.prev_hash = prev
            event.hash = prev = link_hash(_fields_of(event), prev)
        created = AuditEvent.objects.bulk_create(events, batch_size=1000)
        last_id = created[-1].pk
        if last_id is None:  # a backend that does not return ids from bulk inserts
            last_id = AuditEvent.objects.filter(hash=prev).values_list("pk", flat=True).get()
        AuditChainHead.objects.filter(pk=1).update(
            last_event_id=last_id, last_hash=prev, length=head.length + len(events)
        )
    return created


@dataclass(frozen=True)
class BrokenLink:
    event_id: int | None
    problem: str


def _rows(queryset) -> Iterator[dict[str, Any]]:
    yield from queryset.order_by("id").values("id", "prev_hash", "hash", *HASHED_FIELDS).iterator(chunk_size=2000)


def chain_verify(rows: Iterable[dict[str, Any]] | None = None) -> tuple[int, BrokenLink | None]:
    """Walk the chain in id order; return (rows checked, the first broken link or None)."""
    from django.utils.translation import gettext as _

    from .models import AuditChainHead, AuditEvent

    prev = GENESIS
    count = 0
    last_id = None
    for row in rows if rows is not None else _rows(AuditEvent.objects.all()):
        if row["prev_hash"] != prev:
            return count, BrokenLink(
                row["id"], _("hash sebelumnya tidak cocok: baris sebelumnya diubah, dihapus, atau disisipi")
            )
        if link_hash(row, prev) != row["hash"]:
            return count, BrokenLink(row["id"], _("isi baris tidak cocok dengan hash-nya: baris ini diubah"))
        prev = row["hash"]
        last_id = row["id"]
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_hash, head_id, head_length = (head.last_hash, head.last_event_id, head.length) if head else ("", None, 0)
    if (head_hash, head_id, head_length) != (prev, last_id, count):
        return count, BrokenLink(
            head_id, _("ujung rantai tidak cocok dengan baris terakhir: baris di ujung rantai dihapus atau ditambah")
        )
    return count, None


# --- Append-only in the database itself ------------------------------------------------

PG_TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

# SQLite: UPDATE only. Django empties SQLite tables with a plain DELETE (flush between
# transactional tests), which a DELETE trigger would break; a deleted row is still caught by
# verify_audit, as its successor's prev_hash (or the chain head) no longer matches.
SQLITE_TRIGGER_SQL = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_append_only
BEFORE UPDATE ON core_auditevent
BEGIN
    SELECT RAISE(ABORT, 'core_auditevent is append-only: UPDATE refused');
END;
"""


def install_append_only_trigger(connection=None) -> None:
    """Idempotent; run by migration 0003 and again after every migrate, because SQLite
    drops a table's triggers whenever a migration rebuilds that table."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_TRIGGER_SQL)
        elif connection.vendor == "sqlite":
            cursor.execute(SQLITE_TRIGGER_SQL)


def append_only_trigger_installed(connection=None) -> bool:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'core_auditevent_append_only' AND tgenabled <> 'D'")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'core_auditevent_append_only'"
            )
        else:
            return False
        return cursor.fetchone() is not None
