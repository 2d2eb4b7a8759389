"""Writes of eligibility and talent: the set-based recompute with its atomic snapshot swap,
the per-employee recompute, the rule set's versions and the successor marks (all audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core import events
from semarang_asn.core.rows import gc_paused
from semarang_asn.core.services import audit_record

from . import counts, inputs, rules, training_data
from .models import (
    BOX_FIELDS,
    EligibilityChange,
    EligibilityCriteria,
    EligibilityResult,
    EligibilityRuleSet,
    EligibilitySnapshot,
    ServiceExamPass,
    Successor,
    TalentPlacement,
)

# More employees than this in one transaction's burst: recompute everyone instead.
FULL_RECOMPUTE_THRESHOLD = 200


# --- rule set ---------------------------------------------------------------------------


def rule_set_current() -> EligibilityRuleSet:
    """The rule set in force: the highest version (version 1 with DOMAIN.md's values if none)."""
    current = EligibilityRuleSet.objects.order_by("-version").first()
    if current is None:
        current, _created = EligibilityRuleSet.objects.get_or_create(version=1)
    return current


def rule_params(rule_set: EligibilityRuleSet) -> rules.RuleParams:
    return rule_set.params(yearly_jp_target=training_data.YEARLY_JP_TARGET)


@transaction.atomic
def rule_set_save(*, actor, rule_set: EligibilityRuleSet, note: str = "") -> EligibilityRuleSet:
    """Save the edited thresholds as a new version; the previous versions stay unchanged so a
    past result is still explained by the version it names."""
    previous = EligibilityRuleSet.objects.select_for_update().order_by("-version").first()
    rule_set.pk = None
    rule_set.version = (previous.version if previous else 0) + 1
    rule_set.created_by = actor if getattr(actor, "is_authenticated", False) else None
    rule_set.note = note
    rule_set.full_clean()
    rule_set.save()
    fields = [f.name for f in EligibilityRuleSet._meta.concrete_fields if f.editable and f.name not in ("id", "note")]
    before = {f: str(getattr(previous, f)) for f in fields} if previous else None
    after = {f: str(getattr(rule_set, f)) for f in fields}
    audit_record(actor=actor, action="eligibility.rule_set", target=rule_set, before=before, after=after, reason=note)
    return rule_set


# --- writing many rows in one statement ----------------------------------------------------


def _copy_text(value, encoded: dict) -> str:
    """One value in PostgreSQL's COPY text format (lists as compact JSON; ``encoded`` caches
    the JSON of each item by identity, for items shared between rows)."""
    if value is None:
        return "\\N"
    if isinstance(value, list):
        parts = []
        for item in value:
            key = id(item)
            if key not in encoded:
                encoded[key] = json.dumps(item, separators=(",", ":"), default=str)
            parts.append(encoded[key])
        value = "[" + ",".join(parts) + "]"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """INSERT every row (a tuple in the order of ``columns``) with ONE statement, so the number
    of queries does not grow with the number of rows: COPY on PostgreSQL (each row formatted
    by psycopg's C adapter), a JSON array expanded by the database elsewhere."""
    if not rows:
        return
    with _row_writer(model, columns) as write:
        for row in rows:
            write(row)


@contextmanager
def _row_writer(
    model: type[models.Model], columns: list[str], *, binary: bool = False
) -> Iterator[Callable[[tuple], None]]:
    """A function taking one row (a tuple in the order of ``columns``), inserted with ONE
    statement. On PostgreSQL it is COPY, open while the caller produces the rows: each row is
    sent as it is given, so the database parses and indexes them while Python computes the
    next ones; ``binary`` sends them in PostgreSQL's binary format (cheaper to encode and to
    parse; each value must then be of its column's Python type: ``uuid.UUID`` for a UUID).
    Elsewhere the rows are collected and inserted from a JSON array at the end. An exception
    inside the block aborts the statement (and with it the transaction)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {table} ({quoted}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            if binary:
                fields = {f.attname: f for f in model._meta.concrete_fields}
                # The column types without modifiers ("varchar(20)" -> "varchar").
                copy.set_types([fields[c].db_type(connection).split("(")[0].strip() for c in columns])
            yield copy.write_row
        return
    rows: list[tuple] = []
    yield rows.append
    if rows:
        payload = json.dumps(rows, separators=(",", ":"), default=_json_value)
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        sql = f"INSERT INTO {table} ({quoted}) SELECT {picks} FROM json_each(%s)"  # noqa: S608 (names from the model, data bound)
        with connection.cursor() as cursor:
            cursor.execute(sql, [payload])


def _json_value(value) -> str:
    """Values as the non-PostgreSQL backends store them (UUIDs as 32 hex digits)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


RESULT_COLUMNS = [
    "snapshot_id",
    "employee_id",
    "opd_id",
    "rule",
    "status",
    "window_date",
    "target",
    "criteria_set_id",
    "rule_set_version",
    "reference_date",
]
PLACEMENT_COLUMNS = [
    "snapshot_id",
    "employee_id",
    "opd_id",
    "level",
    "year",
    "predikat",
    "performance_level",
    "potential_score",
    "potential_level",
    "box",
]


class _Criteria:
    """The distinct criteria lists of one run, each keyed by the MD5 of its canonical JSON.
    The rules memoise their criteria, so a result's list is recognised by the identity of its
    items, and each item is encoded once (each list first seen is kept with its key, so no
    identity is reused during the run)."""

    def __init__(self):
        self.by_identity: dict[tuple, tuple[uuid.UUID, list]] = {}
        self.encoded: dict[int, str] = {}
        self.texts: dict[uuid.UUID, str] = {}

    def key(self, criteria: list) -> uuid.UUID:
        """The criteria's key: the MD5 as a UUID (one object per distinct list)."""
        identity = tuple(map(id, criteria))
        known = self.by_identity.get(identity)
        if known is not None:
            return known[0]
        encoded, parts = self.encoded, []
        for item in criteria:
            text = encoded.get(id(item))
            if text is None:
                text = encoded[id(item)] = json.dumps(item, separators=(",", ":"), default=str)
            parts.append(text)
        text = "[" + ",".join(parts) + "]"
        key = uuid.UUID(bytes=hashlib.md5(text.encode(), usedforsecurity=False).digest())
        self.texts[key] = text
        self.by_identity[identity] = (key, criteria)
        return key

    def save_new(self, *, stored: set[uuid.UUID] | None = None) -> None:
        """Insert the criteria not stored yet (``stored``: the keys stored, read if not given;
        two queries at most whatever their number)."""
        if stored is None:
            stored = set(EligibilityCriteria.objects.values_list("id", flat=True))
        new = [(key, text) for key, text in self.texts.items() if key not in stored]
        _insert_rows(EligibilityCriteria, ["id", "criteria"], new)
        self.unused = sorted(stored.difference(self.texts))

    def delete_unused(self) -> None:
        """After a full recompute's swap (its snapshot is then the only one): delete the
        stored criteria it does not name, in one statement."""
        if not self.unused:
            return
        table = connection.ops.quote_name(EligibilityCriteria._meta.db_table)
        if connection.vendor == "postgresql":
            sql, param = f"DELETE FROM {table} WHERE id = ANY(%s::uuid[])", self.unused  # noqa: S608
        else:
            sql = f"DELETE FROM {table} WHERE id IN (SELECT value FROM json_each(%s))"  # noqa: S608
            param = json.dumps([key.hex for key in self.unused])
        with connection.cursor() as cursor:
            cursor.execute(sql, [param])


def _compute(
    loaded: inputs.Loaded,
    *,
    snapshot_id: int,
    on: dt.date,
    params: rules.RuleParams,
    write: Callable[[tuple], None],
    old: dict[tuple[int, str], str],
):
    """Every rule for every loaded employee: each result row (a tuple in the order of
    RESULT_COLUMNS) is given to ``write`` as soon as it is known; returns the number of
    results, the nine-box rows (in the order of PLACEMENT_COLUMNS), the distinct criteria the
    results name, the flips against the ``old`` statuses: (employee, rule, before, after)
    where "met" started or stopped, and the number of met results per rule."""
    placements, flips = [], []
    count = 0
    met_by_rule: dict[str, int] = {}
    criteria = _Criteria()
    criteria_key = criteria.key
    version, reference = params.version, on
    talent_year = loaded.talent_year
    evaluate = rules.evaluate
    opds, potentials = loaded.opd, loaded.potential
    old_status = old.get
    met = rules.MET
    for employee_id, record in loaded.records.items():
        opd_id = opds.get(employee_id)
        for result in evaluate(record, on=on, params=params):
            rule, status = result.rule, result.status
            write(
                (
                    snapshot_id,
                    employee_id,
                    opd_id,
                    rule,
                    status,
                    result.window,
                    result.target,
                    criteria_key(result.criteria),
                    version,
                    reference,
                )
            )
            count += 1
            if status == met:
                met_by_rule[rule] = met_by_rule.get(rule, 0) + 1
            before = old_status((employee_id, rule), "")
            if (before == met) != (status == met):
                flips.append((employee_id, rule, before, status))
        predikat = record.predikat.get(talent_year) if talent_year else None
        score = potentials.get(employee_id)
        if predikat and score is not None:
            performance = rules.performance_level(predikat, params=params)
            potential = rules.potential_level(score, params=params)
            placements.append(
                (
                    snapshot_id,
                    employee_id,
                    opd_id,
                    record.level,
                    talent_year,
                    predikat,
                    performance,
                    score,
                    potential,
                    rules.nine_box(performance, potential, params=params),
                )
            )
    return count, placements, criteria, flips, met_by_rule


HISTORY_COLUMNS = [
    "employee_id",
    "rule",
    "status_before",
    "status_after",
    "changed_at",
    "reference_date",
    "rule_set_version",
]


def _history(flips, *, on: dt.date, version: int) -> None:
    now = timezone.now()
    _insert_rows(EligibilityChange, HISTORY_COLUMNS, [(e, r, b, a, now, on, version) for e, r, b, a in flips])


def _old_statuses(snapshot: EligibilitySnapshot | None, employee_ids=None) -> dict[tuple[int, str], str]:
    if snapshot is None:
        return {}
    qs = EligibilityResult.objects.filter(snapshot=snapshot)
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=employee_ids)
    return {(e, r): s for e, r, s in qs.values_list("employee_id", "rule", "status")}


class _Previous:
    """What a full recompute needs from the state it replaces."""

    statuses: dict[tuple[int, str], str]  # (employee, rule) -> status in the previous snapshot
    stored: set[uuid.UUID]  # the keys of the stored criteria


@contextmanager
def _previous_read_and_dropped(old: EligibilitySnapshot | None) -> Iterator[_Previous]:
    """Read the previous snapshot's statuses (for the history) and the stored criteria keys,
    then delete the previous snapshot with its results and placements: inside the recompute's
    transaction, so readers see it until the commit and a failure restores it. On PostgreSQL
    the statements are pipelined: the database runs them while the block assembles the
    inputs; what they read is filled in when the block ends (a fixed number of statements)."""
    previous = _Previous()
    if connection.vendor != "postgresql":
        previous.statuses = _old_statuses(old)
        previous.stored = set(EligibilityCriteria.objects.values_list("id", flat=True))
        yield previous
        if old is not None:
            old.delete()
        return
    q = connection.ops.quote_name
    models_read = (EligibilityResult, TalentPlacement, EligibilitySnapshot, EligibilityCriteria)
    results, placements, snapshots, criteria = (q(model._meta.db_table) for model in models_read)
    connection.ensure_connection()
    raw = connection.connection
    with raw.pipeline():
        stored = raw.cursor()
        stored.execute(f"SELECT id FROM {criteria}")  # noqa: S608 (names from the models)
        statuses, deletes = None, []
        if old is not None:
            statuses = raw.cursor()
            statuses.execute(f"SELECT employee_id, rule, status FROM {results} WHERE snapshot_id = %s", [old.pk])  # noqa: S608
            for table, column in ((results, "snapshot_id"), (placements, "snapshot_id"), (snapshots, "id")):
                deletes.append(raw.cursor())
                deletes[-1].execute(f"DELETE FROM {table} WHERE {column} = %s", [old.pk])  # noqa: S608
        yield previous
        previous.stored = {key for (key,) in stored.fetchall()}
        previous.statuses = {(e, r): status for e, r, status in statuses.fetchall()} if statuses else {}


# --- recompute ------------------------------------------------------------------------------


@gc_paused()
@transaction.atomic
def eligibility_recompute_all(
    *, on: dt.date | None = None, actor=None, progress: Callable[[str], None] | None = None
) -> EligibilitySnapshot:
    """Evaluate every rule for every active employee into a NEW snapshot and make it current,
    all in one transaction: until it commits, readers see the previous snapshot, and if it
    fails the previous one stays current and intact. A fixed number of queries at any size."""
    on = on or timezone.localdate()
    say = progress or (lambda _msg: None)
    if connection.vendor == "postgresql":
        # The snapshot can always be recomputed: skip waiting for the WAL flush at commit. No
        # JIT compilation: its planning estimates pass the threshold on big tables, and compiling
        # costs more than these short hash joins and scans take (several times so at 150,000).
        # Memory for the hash joins and aggregates over every employee's rows, so that at
        # 150,000 they do not spill to disk (the default 4 MB is sized for page queries).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true), "
                "set_config('work_mem', '64MB', true)"
            )
    # Two recomputes (full or per employee) serialise on these row locks.
    rule_set = EligibilityRuleSet.objects.select_for_update().filter(pk=rule_set_current().pk).get()
    old = EligibilitySnapshot.objects.select_for_update().filter(is_current=True).first()
    params = rule_params(rule_set)
    sources = inputs.fetch(on=on, params=params)
    # The database reads and drops the previous snapshot while Python assembles the inputs.
    with _previous_read_and_dropped(old) as previous:
        loaded = inputs.assemble(sources)
    say(_("Data dimuat: %(n)s pegawai aktif.") % {"n": len(loaded.records)})
    snapshot = EligibilitySnapshot.objects.create(
        reference_date=on, rule_set=rule_set, employees=len(loaded.records), talent_year=loaded.talent_year
    )
    # The result rows stream into the database while the rules are evaluated.
    with _row_writer(EligibilityResult, RESULT_COLUMNS, binary=True) as write:
        results, placements, criteria, flips, met = _compute(
            loaded, snapshot_id=snapshot.pk, on=on, params=params, write=write, old=previous.statuses
        )
    say(_("Aturan dievaluasi: %(n)s hasil, %(p)s penempatan nine-box.") % {"n": results, "p": len(placements)})
    criteria.save_new(stored=previous.stored)
    _insert_rows(TalentPlacement, PLACEMENT_COLUMNS, placements)
    _history(flips, on=on, version=rule_set.version)
    changes = len(flips)
    criteria.delete_unused()
    boxes, windows = counts.stored(counts.boxes_of(placements)), counts.stored(counts.window_rows(snapshot.pk))
    EligibilitySnapshot.objects.filter(pk=snapshot.pk).update(
        is_current=True, results=results, met_counts=met, box_counts=boxes, window_counts=windows
    )
    snapshot.is_current, snapshot.results, snapshot.met_counts = True, results, met
    snapshot.box_counts, snapshot.window_counts = boxes, windows
    audit_record(
        actor=actor,
        action="eligibility.recompute",
        target=snapshot,
        after={
            "employees": len(loaded.records),
            "results": results,
            "changes": changes,
            "version": rule_set.version,
        },
    )
    say(_("Snapshot baru berlaku: %(c)s perubahan kelayakan.") % {"c": changes})
    return snapshot


@transaction.atomic
def eligibility_recompute_employees(*, employee_ids: Iterable[int], on: dt.date | None = None) -> EligibilitySnapshot:
    """Re-evaluate a few employees in the current snapshot (after a change to their record).
    Without a current snapshot, or after the rules changed, everyone is recomputed."""
    on = on or timezone.localdate()
    ids = sorted(set(employee_ids))
    current = EligibilitySnapshot.objects.select_for_update().filter(is_current=True).first()
    rule_set = rule_set_current()
    if current is None or current.rule_set_id != rule_set.pk:
        return eligibility_recompute_all(on=on)
    params = rule_params(rule_set)
    loaded = inputs.load(on=on, params=params, employee_ids=ids, talent_year=current.talent_year)
    old = _old_statuses(current, ids)
    old_boxes, old_windows = counts.box_rows(current.pk, ids), counts.window_rows(current.pk, ids)
    EligibilityResult.objects.filter(snapshot=current, employee_id__in=ids).delete()
    TalentPlacement.objects.filter(snapshot=current, employee_id__in=ids).delete()
    with _row_writer(EligibilityResult, RESULT_COLUMNS, binary=True) as write:
        _count, placements, criteria, flips, new_met = _compute(
            loaded, snapshot_id=current.pk, on=on, params=params, write=write, old=old
        )
    criteria.save_new()
    _insert_rows(TalentPlacement, PLACEMENT_COLUMNS, placements)
    _history(flips, on=on, version=rule_set.version)
    # The snapshot's met counts follow its results: minus these employees' old, plus their new.
    met = dict(current.met_counts)
    for (_employee, rule), status in old.items():
        if status == rules.MET:
            met[rule] = met.get(rule, 0) - 1
    for rule, n in new_met.items():
        met[rule] = met.get(rule, 0) + n
    current.met_counts = {rule: n for rule, n in met.items() if n}
    # So do its nine-box and promotion-window counts.
    current.box_counts = counts.applied(current.box_counts, minus=old_boxes, plus=counts.boxes_of(placements))
    new_windows = counts.window_rows(current.pk, ids)
    current.window_counts = counts.applied(current.window_counts, minus=old_windows, plus=new_windows)
    current.updated_at = timezone.now()
    current.save(update_fields=["updated_at", "met_counts", "box_counts", "window_counts"])
    if flips:
        audit_record(
            actor=None,
            action="eligibility.recompute_employees",
            target=current,
            after={"employees": ids[:50], "changes": [list(f) for f in flips[:50]]},
        )
    return current


@transaction.atomic
def service_exam_save(*, actor, exam: ServiceExamPass) -> ServiceExamPass:
    """Record (or correct) a service exam pass; audited, and the employee is recomputed."""
    before = None
    if exam.pk:
        stored = ServiceExamPass.objects.select_for_update().get(pk=exam.pk)
        before = {"tingkat": stored.tingkat, "passed_on": stored.passed_on.isoformat()}
    exam.full_clean()
    exam.save()
    audit_record(
        actor=actor,
        action="eligibility.service_exam",
        target=exam,
        before=before,
        after={"tingkat": exam.tingkat, "passed_on": exam.passed_on.isoformat()},
    )
    events.employees_changed(employee_ids=[exam.employee_id], reason="service_exam")
    return exam


# --- succession --------------------------------------------------------------------------


@transaction.atomic
def successor_mark(*, actor, position, employee, reason: str) -> Successor:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penetapan suksesor.")})
    if Successor.objects.filter(position=position, employee=employee).exists():
        raise ValidationError(_("Pegawai ini sudah ditandai sebagai suksesor jabatan ini."))
    mark = Successor(position=position, employee=employee, reason=reason)
    mark.marked_by = actor if getattr(actor, "is_authenticated", False) else None
    mark.full_clean()
    mark.save()
    audit_record(
        actor=actor,
        action="succession.mark",
        target=mark,
        after={"position": position.code, "employee": employee.nip},
        reason=reason,
    )
    return mark


@transaction.atomic
def successor_unmark(*, actor, mark: Successor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan suksesor.")})
    audit_record(
        actor=actor,
        action="succession.unmark",
        target=mark,
        before={"position": mark.position.code, "employee": mark.employee.nip},
        reason=reason,
    )
    mark.delete()


def box_numbering(rule_set: EligibilityRuleSet) -> dict[tuple[str, str], int]:
    return {key: getattr(rule_set, name) for key, name in BOX_FIELDS.items()}
