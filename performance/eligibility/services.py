"""Writes of eligibility and talent: the set-based recompute with its atomic snapshot swap,
the per-employee recompute, the rule set's versions and the successor marks (all audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core import events
from semarang_asn.core.services import audit_record

from . import inputs, rules, training_data
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
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        return
    payload = json.dumps(rows, separators=(",", ":"), default=_json_value)
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
    items, and each item is encoded once (``keep`` holds every list seen, so no identity is
    reused during the run)."""

    def __init__(self):
        self.by_identity: dict[tuple, str] = {}
        self.encoded: dict[int, str] = {}
        self.texts: dict[str, str] = {}
        self.keep: list = []

    def key(self, criteria: list) -> str:
        """The criteria's key: 32 hex digits (a UUID as both backends read it)."""
        identity = tuple(map(id, criteria))
        key = self.by_identity.get(identity)
        if key is None:
            encoded, parts = self.encoded, []
            for item in criteria:
                text = encoded.get(id(item))
                if text is None:
                    text = encoded[id(item)] = json.dumps(item, separators=(",", ":"), default=str)
                parts.append(text)
            text = "[" + ",".join(parts) + "]"
            key = self.by_identity[identity] = hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
            self.texts[key] = text
        self.keep.append(criteria)
        return key

    def save_new(self) -> None:
        """Insert the criteria not stored yet (two queries whatever their number)."""
        stored = {key.hex for key in EligibilityCriteria.objects.values_list("id", flat=True)}
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
            param = json.dumps(self.unused)
        with connection.cursor() as cursor:
            cursor.execute(sql, [param])


def _compute(loaded: inputs.Loaded, *, snapshot_id: int, on: dt.date, params: rules.RuleParams):
    """Every rule for every loaded employee: result rows and nine-box rows as tuples in the
    order of RESULT_COLUMNS and PLACEMENT_COLUMNS, and the distinct criteria they name."""
    results, placements = [], []
    criteria = _Criteria()
    criteria_key = criteria.key
    version, reference = params.version, on
    talent_year = loaded.talent_year
    evaluate = rules.evaluate
    opds, potentials = loaded.opd, loaded.potential
    append = results.append
    for employee_id, record in loaded.records.items():
        opd_id = opds.get(employee_id)
        for result in evaluate(record, on=on, params=params):
            append(
                (
                    snapshot_id,
                    employee_id,
                    opd_id,
                    result.rule,
                    result.status,
                    result.window,
                    result.target,
                    criteria_key(result.criteria),
                    version,
                    reference,
                )
            )
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
    return results, placements, criteria


def _eligibility_flips(old: dict[tuple[int, str], str], new: list[tuple]) -> list[tuple[int, str, str, str]]:
    """(employee, rule, before, after) where "met" started or stopped."""
    flips = []
    for row in new:
        employee_id, rule, status = row[1], row[3], row[4]
        before = old.get((employee_id, rule), "")
        if (before == rules.MET) != (status == rules.MET):
            flips.append((employee_id, rule, before, status))
    return flips


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


# --- recompute ------------------------------------------------------------------------------

_RULE, _STATUS = RESULT_COLUMNS.index("rule"), RESULT_COLUMNS.index("status")


def _met_counts(results) -> dict[str, int]:
    """{rule: n} of the met ones among result rows (in the order of RESULT_COLUMNS)."""
    return dict(Counter(row[_RULE] for row in results if row[_STATUS] == rules.MET))


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
        # The snapshot can always be recomputed: skip waiting for the WAL flush at commit.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    # Two recomputes (full or per employee) serialise on these row locks.
    rule_set = EligibilityRuleSet.objects.select_for_update().filter(pk=rule_set_current().pk).get()
    old = EligibilitySnapshot.objects.select_for_update().filter(is_current=True).first()
    params = rule_params(rule_set)
    loaded = inputs.load(on=on, params=params)
    say(_("Data dimuat: %(n)s pegawai aktif.") % {"n": len(loaded.records)})
    snapshot = EligibilitySnapshot.objects.create(
        reference_date=on, rule_set=rule_set, employees=len(loaded.records), talent_year=loaded.talent_year
    )
    results, placements, criteria = _compute(loaded, snapshot_id=snapshot.pk, on=on, params=params)
    say(_("Aturan dievaluasi: %(n)s hasil, %(p)s penempatan nine-box.") % {"n": len(results), "p": len(placements)})
    criteria.save_new()
    _insert_rows(EligibilityResult, RESULT_COLUMNS, results)
    _insert_rows(TalentPlacement, PLACEMENT_COLUMNS, placements)
    flips = _eligibility_flips(_old_statuses(old), results)
    _history(flips, on=on, version=rule_set.version)
    changes = len(flips)
    if old is not None:
        old.delete()
    criteria.delete_unused()
    met = _met_counts(results)
    EligibilitySnapshot.objects.filter(pk=snapshot.pk).update(is_current=True, results=len(results), met_counts=met)
    snapshot.is_current, snapshot.results, snapshot.met_counts = True, len(results), met
    audit_record(
        actor=actor,
        action="eligibility.recompute",
        target=snapshot,
        after={
            "employees": len(loaded.records),
            "results": len(results),
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
    EligibilityResult.objects.filter(snapshot=current, employee_id__in=ids).delete()
    TalentPlacement.objects.filter(snapshot=current, employee_id__in=ids).delete()
    results, placements, criteria = _compute(loaded, snapshot_id=current.pk, on=on, params=params)
    criteria.save_new()
    _insert_rows(EligibilityResult, RESULT_COLUMNS, results)
    _insert_rows(TalentPlacement, PLACEMENT_COLUMNS, placements)
    flips = _eligibility_flips(old, results)
    _history(flips, on=on, version=rule_set.version)
    # The snapshot's met counts follow its results: minus these employees' old, plus their new.
    met = dict(current.met_counts)
    for (_employee, rule), status in old.items():
        if status == rules.MET:
            met[rule] = met.get(rule, 0) - 1
    for rule, n in _met_counts(results).items():
        met[rule] = met.get(rule, 0) + n
    current.met_counts = {rule: n for rule, n in met.items() if n}
    current.updated_at = timezone.now()
    current.save(update_fields=["updated_at", "met_counts"])
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
