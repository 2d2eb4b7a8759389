"""The audit trail is append-only in the database and hash-chained; verify_audit finds
the first broken link; users who have acted are deactivated, never deleted."""

import itertools
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from semarang_asn.core.audit import append_only_trigger_installed, chain_verify
from semarang_asn.core.models import AuditChainHead, AuditEvent
from semarang_asn.core.services import audit_bulk, audit_record
from tests.factories import UserFactory

User = get_user_model()


def _bypass_trigger(cursor) -> None:
    """What a database superuser could do: switch the trigger off for one statement."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending FK checks
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
    else:
        cursor.execute("DROP TRIGGER core_auditevent_append_only")


def _tamper(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        _bypass_trigger(cursor)
        cursor.execute(sql, params)


def _verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def chain(hr_staff, org):
    """Five audited changes by HR (a named person) on a real target."""
    events = [
        audit_record(
            actor=hr_staff,
            action="position.edit",
            target=org["staff"],
            before={"formasi": i, "rate": 80.0},
            after={"formasi": i + 1, "nama": "Pengolah Data — ✓"},
            reason=f"Perubahan ke-{i}",
        )
        for i in range(5)
    ]
    return events


def test_each_row_keeps_the_actors_username_and_full_name(chain, hr_staff):
    row = AuditEvent.objects.get(pk=chain[0].pk)
    assert (row.actor_username, row.actor_name) == ("hr", "Staf BKPP")


def test_each_row_carries_the_hash_of_the_row_before_it(chain):
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == ""
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    assert len({r.hash for r in rows}) == 5
    head = AuditChainHead.objects.get()
    assert (head.last_event_id, head.last_hash, head.length) == (rows[-1].pk, rows[-1].hash, 5)


def test_verify_audit_reports_an_intact_chain(chain):
    assert "5 baris diperiksa" in _verify()


def test_verify_audit_passes_on_an_empty_trail(db):
    assert "0 baris diperiksa" in _verify()


def test_the_append_only_trigger_is_installed_by_migrate(db):
    assert append_only_trigger_installed()


def test_the_database_refuses_to_update_an_audit_row(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[2].pk).update(reason="diubah diam-diam")
    assert AuditEvent.objects.get(pk=chain[2].pk).reason == "Perubahan ke-2"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite refuses UPDATE only (see README)")
def test_the_database_refuses_to_delete_an_audit_row_on_postgresql(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[2].pk).delete()
    assert AuditEvent.objects.count() == 5


def test_verify_audit_catches_a_row_changed_by_sql_behind_the_triggers_back(chain):
    _tamper("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["Sesuai aturan", chain[2].pk])
    with pytest.raises(CommandError, match=rf"#{chain[2].pk} \(setelah 2 baris utuh\).*diubah"):
        _verify()


def test_verify_audit_catches_a_row_whose_hash_was_recomputed_by_the_tamperer(chain):
    """Re-hashing the changed row is not enough: its successor still names the old hash."""
    from semarang_asn.core.audit import HASHED_FIELDS, link_hash

    row = AuditEvent.objects.filter(pk=chain[1].pk).values("id", *HASHED_FIELDS).get()
    row["reason"] = "Sesuai aturan"
    forged = link_hash(row, chain[0].hash)
    _tamper("UPDATE core_auditevent SET reason = %s, hash = %s WHERE id = %s", ["Sesuai aturan", forged, chain[1].pk])
    with pytest.raises(CommandError, match=rf"#{chain[2].pk} .*hash sebelumnya tidak cocok"):
        _verify()


def test_verify_audit_catches_a_row_deleted_from_the_middle(chain):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[2].pk])
    with pytest.raises(CommandError, match=rf"#{chain[3].pk} "):
        _verify()


def test_verify_audit_catches_the_last_row_deleted(chain):
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[4].pk])
    with pytest.raises(CommandError, match="ujung rantai"):
        _verify()


def test_verify_audit_fails_when_the_trigger_has_been_removed(chain):
    with connection.cursor() as cursor:
        _bypass_trigger(cursor)
    with pytest.raises(CommandError, match="trigger"):
        _verify()


def _bulk_queries(actor, target, n: int) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        audit_bulk(actor=actor, action=f"bulk.{n}", rows=[(target, {"i": i}, {"i": i + 1}) for i in range(n)])
    return [q["sql"] for q in ctx.captured_queries]


def test_audit_bulk_chains_every_row_with_one_lock_and_set_based_inserts(hr_staff, org):
    small = _bulk_queries(hr_staff, org["staff"], 10)
    large = _bulk_queries(hr_staff, org["staff"], 1500)
    not_inserts = [[q for q in qs if not q.startswith('INSERT INTO "core_auditevent"')] for qs in (small, large)]
    assert len(not_inserts[0]) == len(not_inserts[1]) <= 4
    # The inserts are batched by the backend's parameter limit, never one per row.
    assert len(large) - len(not_inserts[1]) <= 1500 // 50
    assert chain_verify() == (1510, None)
    assert set(AuditEvent.objects.values_list("actor_username", flat=True)) == {"hr"}


def test_an_anonymous_or_system_change_is_chained_with_no_actor(org):
    event = audit_record(actor=None, action="system.recompute", target=org["staff"])
    assert (event.actor_id, event.actor_username) == (None, "")
    assert chain_verify() == (1, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL")
def test_concurrent_writers_do_not_fork_the_chain():
    user = UserFactory(username="penulis")
    barrier = threading.Barrier(4)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=user, action="race", before={"w": n, "i": i})
            audit_bulk(actor=user, action="race.bulk", rows=[(user, {"w": n, "j": j}, None) for j in range(20)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert chain_verify() == (4 * 30, None)


def test_a_user_who_has_acted_cannot_be_deleted_anywhere(chain, hr_staff):
    with pytest.raises(ProtectedError):
        hr_staff.delete()
    assert User.objects.filter(pk=hr_staff.pk).exists()


def test_admin_offers_no_delete_for_a_user_who_has_acted(chain, hr_staff, admin_user, client_for):
    client = client_for(admin_user)
    page = client.get(f"/admin/auth/user/{hr_staff.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/auth/user/{hr_staff.pk}/delete/" not in page.content.decode()
    assert "tidak dapat dihapus" in page.content.decode()
    assert client.post(f"/admin/auth/user/{hr_staff.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=hr_staff.pk).exists()


def test_admin_bulk_delete_is_replaced_by_deactivation(chain, hr_staff, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        "/admin/auth/user/", {"action": "delete_selected", "_selected_action": [hr_staff.pk], "post": "yes"}
    )
    assert User.objects.filter(pk=hr_staff.pk).exists()
    response = client.post("/admin/auth/user/", {"action": "deactivate_users", "_selected_action": [hr_staff.pk]})
    assert response.status_code == 302
    hr_staff.refresh_from_db()
    assert hr_staff.is_active is False
    event = AuditEvent.objects.get(action="user.deactivate")
    assert (event.target_id, event.actor_username, event.after) == (str(hr_staff.pk), "admin", {"is_active": False})
    assert chain_verify() == (6, None)


def test_admin_can_still_delete_a_user_who_never_acted(admin_user, client_for):
    idle = UserFactory(username="belum-bertindak")
    response = client_for(admin_user).post(f"/admin/auth/user/{idle.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=idle.pk).exists()
