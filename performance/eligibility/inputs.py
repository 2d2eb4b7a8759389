"""Everything the eligibility rules read, loaded set-based: a fixed number of queries whatever
the number of employees (one per source), then assembled per employee in memory.

Reads positions and training through their selectors only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType

from positions import rules as pos_rules
from positions import selectors as position_selectors
from semarang_asn.core.rows import Read, read, read_all
from semarang_asn.core.services import setting_value

from ..models import CreditPoint, Evaluation, EvaluationCycle
from . import rules
from .models import ServiceExamPass
from .training_data import jp_totals_read, leadership_held_read


@dataclass
class Loaded:
    records: dict[int, rules.Record]
    opd: dict[int, int | None] = field(default_factory=dict)
    potential: dict[int, Decimal] = field(default_factory=dict)  # mean assessed level, 2 decimals
    talent_year: int | None = None


def _current_and_holders(rows, on: dt.date):
    """Per employee the post held on ``on`` (definitive before Plt, then the latest start, then
    the latest assignment), and per position its holder (same order); ``rows`` in any order."""
    current: dict[int, tuple] = {}
    holder: dict[int, tuple] = {}
    for row in rows:
        employee_id, position_id, kind, start, end = row[:5]
        if not (start <= on and (end is None or end >= on)):
            continue
        key = (kind != "definitive", -start.toordinal(), -row[8])
        if employee_id not in current or key < current[employee_id][0]:
            current[employee_id] = (key, row)
        if position_id not in holder or key < holder[position_id][0]:
            holder[position_id] = (key, employee_id)
    return {e: row for e, (_k, row) in current.items()}, {p: e for p, (_k, e) in holder.items()}


def load(*, on: dt.date, params: rules.RuleParams, employee_ids: list[int] | None = None, talent_year=None) -> Loaded:
    """Everything the rules read about the active employees (or these ones)."""
    return assemble(fetch(on=on, params=params, employee_ids=employee_ids), talent_year=talent_year)


@dataclass
class Sources:
    """What ``fetch`` read, per source, before it is assembled per employee."""

    people: dict[int, tuple]
    assignments: list[tuple]
    current: dict[int, tuple]
    superiors: dict[int, int | None]
    ranks: dict[int, tuple[int, dt.date]]
    predikat: dict[int, dict[int, str]]
    jpm_sums: dict[int, dict]
    n_standard: int
    jp: dict[int, Decimal] | None
    leadership: dict[int, set[str]] | None
    exams: dict[int, set[str]]
    credit: dict[int, list[tuple[dt.date, Decimal]]]
    discipline: dict[int, set[str]]
    cap: bool
    bands: tuple


def fetch(*, on: dt.date, params: rules.RuleParams, employee_ids: list[int] | None = None) -> Sources:
    """The queries: one per source whatever the number of employees, sent together (one
    pipeline on PostgreSQL: the database runs each next one while Python takes in the last)."""
    years = list(range(on.year - params.predikat_years - 1, on.year + 1))
    ids = None
    people_read = position_selectors.active_employee_basics_read(employee_ids)
    if employee_ids is not None:
        # The other sources are read for the active ones among these employees.
        people = read(people_read)
        ids = list(people)
    reads = {
        "assignments": position_selectors.assignment_rows_read(ids, until=on),
        "predikat": _predikat_read(ids, years),
        "jpm_sums": position_selectors.latest_competency_sums_read(ids, caps=(2, 3, 4)),
        "n_standard": position_selectors.standard_competency_count_read(),
        "jp": jp_totals_read(year=on.year, employee_ids=ids),
        "leadership": leadership_held_read(employee_ids=ids),
        "exams": _exams_read(ids, on),
        "credit": _credit_read(ids),
        "discipline": position_selectors.discipline_levels_read(ids, on, levels=("sedang", "berat")),
    }
    if ids is None:
        # Everyone: no read depends on another, so all go together.
        reads = {"people": people_read, "ranks": position_selectors.current_ranks_read(None, on), **reads}
    got = read_all(reads)
    if ids is None:
        people = got["people"]
    assignments = got["assignments"]
    current, holders = _current_and_holders(assignments, on)
    superior_posts = {row[6] for row in current.values() if row[6]}
    if ids is not None:
        _c, holders = _current_and_holders(position_selectors.active_holders(superior_posts, on), on)
    superiors = {p: holders.get(p) for p in superior_posts}
    if ids is None:
        ranks = got["ranks"]
    else:
        ranks = read(position_selectors.current_ranks_read(ids + [s for s in superiors.values() if s], on))
    cap = bool(setting_value("jpm.cap_at_required"))
    bands = (setting_value("jpm.band_memenuhi_min"), setting_value("jpm.band_masih_memenuhi_min"))
    return Sources(
        people=people,
        assignments=assignments,
        current=current,
        superiors=superiors,
        ranks=ranks,
        predikat=got["predikat"],
        jpm_sums=got["jpm_sums"],
        n_standard=got["n_standard"],
        jp=got["jp"],
        leadership=got["leadership"],
        exams=got["exams"],
        credit=got["credit"],
        discipline=got["discipline"],
        cap=cap,
        bands=bands,
    )


def assemble(sources: Sources, *, talent_year=None) -> Loaded:
    """One ``rules.Record`` per employee from what ``fetch`` read (no query)."""
    people, current, superiors, ranks = sources.people, sources.current, sources.superiors, sources.ranks
    predikat, jpm_sums, n_standard, jp = sources.predikat, sources.jpm_sums, sources.n_standard, sources.jp
    leadership, exams, credit, discipline = sources.leadership, sources.exams, sources.credit, sources.discipline
    cap, bands = sources.cap, sources.bands
    loaded = Loaded(records={})
    if talent_year is None:
        talent_year = max((y for by_year in predikat.values() for y in by_year), default=None)
    loaded.talent_year = talent_year
    spans_all: dict[int, dict[str, list]] = {}
    for employee_id, _position_id, kind, start, end, level, *_rest in sources.assignments:
        if kind == "definitive":
            spans_all.setdefault(employee_id, {}).setdefault(level, []).append((start, end))
    # Per target level: the standard level of its competencies and where its assessed sum is.
    targets = []
    for target in _READINESS_LEVELS:
        required = pos_rules.DEFAULT_STANDARD_LEVEL[target]
        targets.append((target, required * n_standard, required if cap else None))
    records, opds, potentials = loaded.records, loaded.opd, loaded.potential
    get_post, get_rank, get_superior = current.get, ranks.get, superiors.get
    jp_get = jp.get if jp is not None else None
    leadership_get = leadership.get if leadership is not None else None
    jf_keahlian = rules.JF_KEAHLIAN
    Record = rules.Record
    for employee_id, (birth_date, education, employment_type) in people.items():
        post = get_post(employee_id)
        if post:
            level, reports_to, opd_id = post[5], post[6], post[7]
        else:
            level, reports_to, opd_id = "", None, None
        superior = get_superior(reports_to) if reports_to else None
        if superior == employee_id:
            superior = None
        rank = get_rank(employee_id)
        superior_rank = get_rank(superior) if superior is not None else None
        record = Record(
            employee_id=employee_id,
            birth_date=birth_date,
            education=education,
            is_pns=employment_type == "PNS",
            rank_order=rank[0] if rank else None,
            rank_tmt=rank[1] if rank else None,
            level=level,
            has_superior_post=reports_to is not None,
            superior_rank_order=superior_rank[0] if superior_rank else None,
            predikat=predikat.get(employee_id, _NO_MAP),
            spans_by_level=spans_all.get(employee_id, _NO_MAP),
            discipline_levels=discipline.get(employee_id, _NO_SET),
            jp_total=jp_get(employee_id, _ZERO) if jp_get else None,
            leadership=leadership_get(employee_id, _NO_SET) if leadership_get else None,
            exams_passed=exams.get(employee_id, _NO_SET),
        )
        sums = jpm_sums.get(employee_id)
        if sums and n_standard:
            total, capped = sums["total"], sums["capped"]
            record.jpm_by_target = {
                target: _jpm(capped[at] if at else total, standard, *bands) for target, standard, at in targets
            }
            potentials[employee_id] = _mean(total, sums["count"])
        if rank and level in jf_keahlian:
            rows = credit.get(employee_id)
            record.credit_points = (
                sum((amount for end, amount in rows if end >= rank[1]), start=Decimal(0)) if rows else None
            )
        records[employee_id] = record
        opds[employee_id] = opd_id
    return loaded


# Shared read-only defaults for the employees without such data (the rules only read them).
_NO_MAP = MappingProxyType({})
_NO_SET = frozenset()
_ZERO = Decimal(0)
_READINESS_LEVELS = ("pengawas", "administrator", "jpt_pratama")


@lru_cache(maxsize=4096)
def _jpm(assessed: int, required: int, memenuhi_min, masih_min) -> tuple[Decimal, str | None]:
    """JPM against the default standard of a level (every competency at the same level)."""
    value = (Decimal(assessed) * 100 / Decimal(required)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return value, pos_rules.jpm_band(value, memenuhi_min=memenuhi_min, masih_min=masih_min)


@lru_cache(maxsize=4096)
def _mean(total: int, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _predikat_read(ids, years) -> Read:
    """{employee: {year: predikat}} of the closed annual cycles of ``years``, each employee's
    years in ascending order; were a year closed twice, the cycle ending last counts."""
    qs = Evaluation.objects.filter(
        cycle__year__in=years, cycle__kind=EvaluationCycle.Kind.ANNUAL, cycle__status=EvaluationCycle.Status.CLOSED
    ).exclude(predikat="")
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return Read(
        qs.order_by().values_list("employee_id", "cycle__year", "cycle__period_end", "cycle_id", "predikat"),
        _predikat_each,
    )


def _predikat_each(rows) -> dict[int, dict[int, str]]:
    # One list per cycle (a handful), applied in the order the cycles end: no sort of the rows.
    by_cycle: dict[tuple, list] = {}
    for employee_id, year, end, cycle_id, value in rows:
        cycle_rows = by_cycle.get((end, cycle_id))
        if cycle_rows is None:
            cycle_rows = by_cycle[(end, cycle_id)] = [year]
        cycle_rows.append((employee_id, value))
    result: dict[int, dict[int, str]] = {}
    for cycle in sorted(by_cycle):
        year, *cycle_rows = by_cycle[cycle]
        for employee_id, value in cycle_rows:
            result.setdefault(employee_id, {})[year] = value
    return result


def _exams_read(ids, on) -> Read:
    qs = ServiceExamPass.objects.filter(passed_on__lte=on)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return Read(qs.order_by().values_list("employee_id", "tingkat"), _set_each)


def _set_each(rows) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for employee_id, value in rows:
        result.setdefault(employee_id, set()).add(value)
    return result


def _credit_read(ids) -> Read:
    qs = CreditPoint.objects.order_by()  # summed: no need for the model's ordering (and its join)
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    return Read(qs.values_list("employee_id", "cycle__period_end", "amount"), _credit_each)


def _credit_each(rows) -> dict[int, list[tuple[dt.date, Decimal]]]:
    result: dict[int, list] = {}
    for employee_id, end, amount in rows:
        result.setdefault(employee_id, []).append((end, amount))
    return result
