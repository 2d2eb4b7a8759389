"""Permission-scoped reads of eligibility, talent and succession from the current snapshot.

An employee reads only their own; HR reads everyone's. A fixed number of queries per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from positions import rules as pos_rules
from positions import selectors as position_selectors
from positions.models import Employee, OrgUnit, Position
from semarang_asn.core import roles
from semarang_asn.core.figures import Scalar
from semarang_asn.core.services import setting_value

from . import counts, rules
from .models import EligibilityChange, EligibilityResult, EligibilitySnapshot, Successor, TalentPlacement

PROMOTION_RULES = counts.PROMOTION_RULES
RULE_ORDER = [code for code, _label in rules.RULE_CHOICES]


def current_snapshot() -> EligibilitySnapshot | None:
    return EligibilitySnapshot.objects.filter(is_current=True).select_related("rule_set").first()


@dataclass
class EmployeeEligibility:
    employee: Employee
    snapshot: EligibilitySnapshot | None
    results: list[EligibilityResult]
    history: list[EligibilityChange]
    placement: TalentPlacement | None


def _eligibility_of(employee: Employee) -> EmployeeEligibility:
    # The results come with their snapshot's date and rule-set version, all the page shows of
    # it: no query of its own (only for an employee without results), and neither the rule
    # set's thresholds nor the city's counts the snapshot keeps (JSON decoded on every read).
    results = sorted(
        EligibilityResult.objects.filter(snapshot__is_current=True, employee=employee)
        .select_related("criteria_set", "snapshot__rule_set")
        .only(*_RESULT_FIELDS),
        key=lambda r: RULE_ORDER.index(r.rule),
    )
    if results:
        snapshot = results[0].snapshot
    else:
        snapshot = (
            EligibilitySnapshot.objects.filter(is_current=True)
            .select_related("rule_set")
            .only(*_SNAPSHOT_FIELDS)
            .first()
        )
    placement = None
    if snapshot is not None:
        placement = TalentPlacement.objects.filter(snapshot=snapshot, employee=employee).first()
    history = list(EligibilityChange.objects.filter(employee=employee).order_by("-changed_at", "-id")[:20])
    return EmployeeEligibility(employee, snapshot, results, history, placement)


_SNAPSHOT_FIELDS = ("reference_date", "rule_set__version")
_RESULT_FIELDS = (
    "employee_id",
    "rule",
    "status",
    "window_date",
    "target",
    "criteria_set__criteria",
    *(f"snapshot__{name}" for name in _SNAPSHOT_FIELDS),
)


def my_eligibility(user) -> EmployeeEligibility | None:
    """ "Kelayakan saya": the user's own results; None for a user with no employee record."""
    me = position_selectors.employee_for_user(user)
    return _eligibility_of(me) if me is not None else None


def eligibility_for(user, employee_pk: int) -> EmployeeEligibility:
    """One employee's results for HR, or for the employee themself; 404 for anyone else."""
    me = position_selectors.employee_for_user(user)
    if not (roles.is_hr(user) or (me is not None and me.pk == employee_pk)):
        raise Http404
    employee = Employee.objects.filter(pk=employee_pk).first()
    if employee is None:
        raise Http404
    return _eligibility_of(employee)


def promotion_list(*, window=None, opd_id=None, rule: str | None = None) -> QuerySet[EligibilityResult]:
    """Employees with a promotion window in the current snapshot: those who meet the rule now
    (next window) and those whose years in rank complete within a year (a later window)."""
    qs = EligibilityResult.objects.filter(
        snapshot__is_current=True, rule__in=PROMOTION_RULES, window_date__isnull=False
    ).select_related("employee", "opd")
    if window:
        qs = qs.filter(window_date=window)
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    if rule:
        qs = qs.filter(rule=rule)
    return qs.order_by("window_date", "opd__name", "employee__name", "rule", "pk")


def promotion_windows(groups: list[dict] | None = None) -> list:
    """The windows of the current snapshot, from ``promotion_groups()`` when given (only the
    promotion rules have a window)."""
    if groups is not None:
        return sorted({group["window_date"] for group in groups})
    return list(
        EligibilityResult.objects.filter(snapshot__is_current=True, window_date__isnull=False)
        .values_list("window_date", flat=True)
        .distinct()
        .order_by("window_date")
    )


def promotion_groups(snapshot: EligibilitySnapshot | None) -> list[dict]:
    """How many rows the promotion list has per window, OPD and rule, in the list's order of
    window and OPD name: the counts the snapshot stores (eligibility.counts), the OPD names
    ordered by the database as the list is (its collation, its place for no OPD)."""
    groups = [
        {"window_date": dt.date.fromisoformat(window), "opd_id": opd_id, "rule": rule, "n": n}
        for window, opd_id, rule, n in (snapshot.window_counts if snapshot else [])
    ]
    names = position_selectors.unit_names({group["opd_id"] for group in groups} - {None})
    rank, previous = {}, None
    for place, (pk, name) in enumerate(names):
        rank[pk] = rank[previous[0]] if previous and previous[1] == name else place
        previous = (pk, name)
    name_of = dict(names)
    no_opd = len(names) if connection.features.nulls_order_largest else -1
    for group in groups:
        group["opd__name"] = name_of.get(group["opd_id"])
        group["place"] = rank.get(group["opd_id"], no_opd)
    return sorted(groups, key=lambda g: (g["window_date"], g["place"], g["opd_id"] or 0, g["rule"]))


class PromotionList:
    """``promotion_list(**filters)`` as the paginator pages it, from its ``promotion_groups()``.

    The list is sorted by window, OPD name, employee name and rule; sorting every row of the
    city to show 50 grows with headcount. The groups give the count and, for a page, the few
    (window, OPD name) runs it falls in: the page reads and sorts only those runs' rows, along
    the window index, in the same order (the database's collation orders both)."""

    def __init__(self, groups: list[dict], *, window=None, opd_id=None, rule: str | None = None):
        self.filters = {"window": window, "opd_id": opd_id, "rule": rule}
        runs: list[dict] = []  # consecutive groups with one window and OPD name
        for group in groups:
            if window and group["window_date"].isoformat() != str(window):
                continue
            if (opd_id and group["opd_id"] != int(opd_id)) or (rule and group["rule"] != rule):
                continue
            key = (group["window_date"], group["place"])
            if not runs or runs[-1]["key"] != key:
                runs.append({"key": key, "opd_ids": set(), "n": 0})
            runs[-1]["opd_ids"].add(group["opd_id"])
            runs[-1]["n"] += group["n"]
        self.runs = runs
        self._count = sum(run["n"] for run in runs)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, window: slice) -> list[EligibilityResult]:
        start, stop = window.start or 0, min(window.stop, self._count)
        where, offset, skip = Q(pk__in=[]), 0, None
        for run in self.runs:
            if offset < stop and offset + run["n"] > start:
                skip = start - offset if skip is None else skip
                ids = run["opd_ids"] - {None}
                opd = Q(opd_id__in=ids) | Q(opd_id__isnull=True) if None in run["opd_ids"] else Q(opd_id__in=ids)
                where |= Q(window_date=run["key"][0]) & opd
            offset += run["n"]
        if skip is None:
            return []
        return list(promotion_list(**self.filters).filter(where)[skip : skip + stop - start])


def opd_choices() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name")


def status_counts() -> dict[str, dict[str, int]]:
    """{rule: {status: n}} in the current snapshot (one query)."""
    counts: dict[str, dict[str, int]] = {code: {} for code in RULE_ORDER}
    for row in (
        EligibilityResult.objects.filter(snapshot__is_current=True)
        .values("rule", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(row["rule"], {})[row["status"]] = row["n"]
    return counts


# --- nine-box ---------------------------------------------------------------------------------


def nine_box(*, opd_id=None) -> dict:
    """The grid (top row first) with counts per box and each box's follow-up; one query (the
    current snapshot, with its stored counts)."""
    snapshot = current_snapshot()
    counts: dict[int, int] = {}
    for opd, box, n in snapshot.box_counts if snapshot else []:  # per OPD and box (eligibility.counts)
        if not opd_id or opd == int(opd_id):
            counts[box] = counts.get(box, 0) + n
    numbering = snapshot.rule_set.params().boxes if snapshot else rules.DEFAULT_BOXES
    grid = []
    for performance in rules.PERFORMANCE_LEVELS:
        row = []
        for potential in rules.POTENTIAL_LEVELS:
            box = numbering[(performance, potential)]
            row.append(
                {
                    "box": box,
                    "n": counts.get(box, 0),
                    "follow_up": rules.FOLLOW_UP[box],
                    "pool": box in rules.TALENT_POOL_BOXES,
                    "potential": potential,
                }
            )
        grid.append({"performance": performance, "cells": row})
    return {
        "snapshot": snapshot,
        "grid": grid,
        "total": sum(counts.values()),
        "pool": sum(counts.get(b, 0) for b in rules.TALENT_POOL_BOXES),
        "year": snapshot.talent_year if snapshot else None,
    }


def box_members(box: int, *, opd_id=None) -> QuerySet[TalentPlacement]:
    qs = TalentPlacement.objects.filter(snapshot__is_current=True, box=box).select_related("employee", "opd")
    if opd_id:
        qs = qs.filter(opd_id=opd_id)
    return qs.order_by("-potential_score", "employee__name")


# --- succession ---------------------------------------------------------------------------------

KEY_LEVELS = {"jpt_pratama": rules.READY_JPT_PRATAMA, "administrator": rules.READY_ADMINISTRATOR}


def key_positions(*, opd_id=None) -> QuerySet[Position]:
    """JPT Pratama and Administrator posts with their number of marked successors, in a
    stable order (a page of them gets its holders from ``with_holders``)."""
    qs = Position.objects.filter(level__in=KEY_LEVELS, is_active=True).select_related("org_unit")
    if opd_id:
        qs = qs.filter(Q(org_unit_id=opd_id) | Q(org_unit__opd_id=opd_id))
    return qs.annotate(n_successors=Count("successors")).order_by("org_unit__code", "-kelas_jabatan", "pk")


def with_holders(positions) -> list[Position]:
    """``positions`` (a page of ``key_positions``), each with its ``holder`` (or None)."""
    positions = list(positions)
    holders = position_selectors.incumbents([p.pk for p in positions])
    for position in positions:
        position.holder = holders.get(position.pk)
    return positions


def key_positions_with_successor() -> QuerySet[Position]:
    """The key posts of ``key_positions`` with at least one marked successor (a count for the
    merit dashboard)."""
    return Position.objects.filter(level__in=KEY_LEVELS, is_active=True).filter(
        Exists(Successor.objects.filter(position=OuterRef("pk")))
    )


def met_results(rule: str) -> QuerySet[EligibilityResult]:
    """The current snapshot's results of ``rule`` that are met (as ``status_counts`` counts them)."""
    return EligibilityResult.objects.filter(snapshot__is_current=True, rule=rule, status=rules.MET)


def met_counts() -> Scalar:
    """{rule: met} of the current snapshot as stored with it (``met_results`` counted, without
    reading its results), for ``core.figures.read_together``: ``{}`` without a snapshot."""
    return Scalar(EligibilitySnapshot.objects.filter(is_current=True).values("met_counts"), default={})


def key_position(pk: int) -> Position:
    position = Position.objects.filter(pk=pk, level__in=KEY_LEVELS).select_related("org_unit").first()
    if position is None:
        raise Http404
    position.holder = position_selectors.incumbents([position.pk]).get(position.pk)
    return position


def succession_candidates(position: Position, *, limit: int = 30) -> list[dict]:
    """Talent-pool members (boxes 7–9) one level below the post, ranked: ready first, then the
    higher box, then JPM against the post's own standard; each with what it still lacks."""
    rule = KEY_LEVELS[position.level]
    ready = {
        r.employee_id: r
        for r in EligibilityResult.objects.filter(
            snapshot__is_current=True,
            rule=rule,
            employee_id__in=TalentPlacement.objects.filter(
                snapshot__is_current=True, box__in=rules.TALENT_POOL_BOXES
            ).values("employee_id"),
        ).select_related("employee", "opd", "criteria_set")
    }
    placements = {
        p.employee_id: p for p in TalentPlacement.objects.filter(snapshot__is_current=True, employee_id__in=list(ready))
    }
    standard = position_selectors.position_standard(position)
    levels = position_selectors.latest_levels_for(list(ready))
    cap = bool(setting_value("jpm.cap_at_required"))
    band_args = {
        "memenuhi_min": setting_value("jpm.band_memenuhi_min"),
        "masih_min": setting_value("jpm.band_masih_memenuhi_min"),
    }
    marked = set(Successor.objects.filter(position=position).values_list("employee_id", flat=True))
    candidates = []
    for employee_id, result in ready.items():
        if position.holder is not None and employee_id == position.holder.pk:
            continue
        jpm = pos_rules.job_person_match(levels.get(employee_id, {}), standard, cap_at_required=cap)
        band = pos_rules.jpm_band(jpm, **band_args)
        candidates.append(
            {
                "employee": result.employee,
                "opd": result.opd,
                "result": result,
                "placement": placements.get(employee_id),
                "jpm": jpm if levels.get(employee_id) else None,
                "band": pos_rules.BAND_LABELS.get(band, "") if levels.get(employee_id) else "",
                "lacks": [c for c in result.described if c["status"] != rules.MET],
                "marked": employee_id in marked,
            }
        )
    status_rank = {rules.MET: 0, rules.UNKNOWN: 1, rules.NOT_MET: 2}
    candidates.sort(
        key=lambda c: (
            status_rank[c["result"].status],
            -(c["placement"].box if c["placement"] else 0),
            -(c["jpm"] or 0),
            c["employee"].name,
        )
    )
    return candidates[:limit]


def successors_of(position: Position) -> QuerySet[Successor]:
    return Successor.objects.filter(position=position).select_related("employee", "marked_by")
