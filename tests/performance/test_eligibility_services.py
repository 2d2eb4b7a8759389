"""The eligibility recompute: results, history, atomic swap, constant queries, coalescing."""

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from performance import rules as perf
from performance.eligibility import rules, scheduling, services
from performance.models import (
    EligibilityChange,
    EligibilityResult,
    EligibilityRuleSet,
    EligibilitySnapshot,
    EvaluationCycle,
    TalentPlacement,
)
from positions import columns, importing
from positions.models import Assignment, CompetencyAssessment, Employee, Rank, RankHistory
from semarang_asn.core.models import AuditEvent
from tests.factories import annual_cycle, make_nip

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 28)


def closed_annual(year: int, predikat_by_employee: dict) -> EvaluationCycle:
    return annual_cycle(year, predikat_by_employee, status="closed", evaluation_status="final")


def result_of(employee, rule):
    return EligibilityResult.objects.get(snapshot__is_current=True, employee=employee, rule=rule)


def test_the_recompute_keeps_one_result_per_rule_with_its_inputs_and_version(employee_record):
    closed_annual(2024, {employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2022, 12, 1))
    snapshot = services.eligibility_recompute_all(on=ON)
    assert snapshot.is_current
    result = result_of(employee_record, rules.KP_REGULER)
    assert result.status == rules.MET
    assert result.window_date == dt.date(2026, 12, 1)
    assert result.target == "III/b"
    assert result.rule_set_version == 1
    years = next(c for c in result.criteria if c[0] == "years_in_rank")
    assert years[2]["tmt"] == "2022-12-01"
    assert AuditEvent.objects.filter(action="eligibility.recompute").count() == 1


def test_missing_data_gives_unknown_with_a_reason_not_a_silent_not_met(employee_record):
    services.eligibility_recompute_all(on=ON)
    result = result_of(employee_record, rules.KP_REGULER)
    assert result.status == rules.UNKNOWN
    predikat = next(c for c in result.described if c["key"] == "predikat")
    assert "belum tercatat" in predikat["next_step"]


def test_a_changed_rule_set_is_a_new_version_and_old_results_name_theirs(employee_record, admin_user):
    services.eligibility_recompute_all(on=ON)
    edited = services.rule_set_current()
    edited.reguler_years_in_rank = 3
    new = services.rule_set_save(actor=admin_user, rule_set=edited, note="Uji")
    assert new.version == 2
    assert EligibilityRuleSet.objects.get(version=1).reguler_years_in_rank == 4
    assert result_of(employee_record, rules.KP_REGULER).rule_set_version == 1
    services.eligibility_recompute_all(on=ON)
    assert result_of(employee_record, rules.KP_REGULER).rule_set_version == 2
    assert AuditEvent.objects.filter(action="eligibility.rule_set").exists()


def test_an_invalid_box_numbering_is_refused_and_saves_nothing(admin_user):
    from django.core.exceptions import ValidationError

    edited = services.rule_set_current()
    edited.box_di_atas_rendah = 9
    with pytest.raises(ValidationError):
        services.rule_set_save(actor=admin_user, rule_set=edited)
    assert EligibilityRuleSet.objects.count() == 1


def test_history_records_when_an_employee_becomes_eligible(employee_record):
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2022, 12, 1))
    services.eligibility_recompute_all(on=ON)
    assert not EligibilityChange.objects.filter(employee=employee_record, rule=rules.KP_REGULER).exists()
    closed_annual(2024, {employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.SANGAT_BAIK})
    services.eligibility_recompute_all(on=ON)
    change = EligibilityChange.objects.get(employee=employee_record, rule=rules.KP_REGULER)
    assert (change.status_before, change.status_after) == (rules.UNKNOWN, rules.MET)
    assert change.became_eligible
    assert EligibilitySnapshot.objects.count() == 1


def test_a_failure_mid_way_keeps_the_old_snapshot_current_and_intact(employee_record, other_employee_record):
    old = services.eligibility_recompute_all(on=ON)
    before = list(EligibilityResult.objects.filter(snapshot=old).values_list("employee_id", "rule", "status"))
    real_insert = services._insert_rows

    def fail_on_placements(model, columns, rows):
        if model is TalentPlacement:
            raise RuntimeError("crash mid-way")
        return real_insert(model, columns, rows)

    with mock.patch.object(services, "_insert_rows", side_effect=fail_on_placements), pytest.raises(RuntimeError):
        services.eligibility_recompute_all(on=ON + dt.timedelta(days=1))
    current = EligibilitySnapshot.objects.get(is_current=True)
    assert current.pk == old.pk
    assert EligibilitySnapshot.objects.count() == 1
    after = list(EligibilityResult.objects.filter(snapshot=old).values_list("employee_id", "rule", "status"))
    assert after == before


def test_the_per_employee_recompute_replaces_only_that_employee(employee_record, other_employee_record):
    snapshot = services.eligibility_recompute_all(on=ON)
    other_before = list(EligibilityResult.objects.filter(employee=other_employee_record).values_list("pk", flat=True))
    closed_annual(2024, {employee_record: perf.BAIK, other_employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.BAIK, other_employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2022, 12, 1))
    again = services.eligibility_recompute_employees(employee_ids=[employee_record.pk], on=ON)
    assert again.pk == snapshot.pk
    assert result_of(employee_record, rules.KP_REGULER).status == rules.MET
    assert list(EligibilityResult.objects.filter(employee=other_employee_record).values_list("pk", flat=True)) == (
        other_before
    )


def _bulk_people(org, count: int, offset: int) -> list[int]:
    """``count`` employees with a rank, a post, a sanction or an assessment, in bulk."""
    people = [
        Employee(
            nip=make_nip(dt.date(1970, 1, 1) + dt.timedelta(days=offset + i), (2000, 1), "L", 1),
            name=f"Orang {offset + i}",
            birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=offset + i),
            sex="L",
            education="S1",
        )
        for i in range(count)
    ]
    Employee.objects.bulk_create(people)
    ids = list(Employee.objects.filter(nip__in=[p.nip for p in people]).values_list("pk", flat=True))
    rank = Rank.objects.get(code="III/a")
    RankHistory.objects.bulk_create([RankHistory(employee_id=i, rank=rank, tmt=dt.date(2020, 4, 1)) for i in ids])
    Assignment.objects.bulk_create(
        [Assignment(employee_id=i, position=org["staff"], start_date=dt.date(2020, 1, 1)) for i in ids]
    )
    CompetencyAssessment.objects.bulk_create(
        [CompetencyAssessment(employee_id=i, method="ac", assessed_on=dt.date(2025, 5, 1)) for i in ids[::3]]
    )
    return ids


def test_the_full_recompute_uses_the_same_number_of_queries_at_100_and_1000_employees(org, supervisor_employee):
    _bulk_people(org, 100, 0)
    services.eligibility_recompute_all(on=ON)  # both measured runs replace a snapshot
    with CaptureQueriesContext(connection) as small:
        services.eligibility_recompute_all(on=ON)
    assert EligibilityResult.objects.filter(employee__name__startswith="Orang").count() == 300
    _bulk_people(org, 900, 100)
    with CaptureQueriesContext(connection) as large:
        services.eligibility_recompute_all(on=ON)
    assert EligibilityResult.objects.filter(employee__name__startswith="Orang").count() == 3000
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.fixture
def fresh_batch():
    """The test's own transaction never commits, so changes made by fixtures would otherwise
    join the batch the test body observes."""
    scheduling._state.__dict__.clear()


def _import(hr_staff, count: int):
    rows = []
    for i in range(count):
        nip = make_nip(dt.date(1980, 1, 1) + dt.timedelta(days=i), (2010, 1), "L", 1)
        birth = f"{nip[0:4]}-{nip[4:6]}-{nip[6:8]}"
        rows.append(f"{nip},Impor {i},,S.E.,Semarang,{birth},L,PNS,S1,aktif,III/a,2018-03-01,,")
    content = "\n".join([",".join(columns.EMPLOYEE_COLUMNS), *rows]).encode()
    report = importing.import_employees(
        importing.read_dataset(content, "csv"), actor=hr_staff, allow_update=False, commit=True
    )
    assert report.applied


def test_an_import_of_many_rows_triggers_one_full_recompute_not_one_task_per_row(
    hr_staff, org, fresh_batch, django_capture_on_commit_callbacks
):
    with (
        mock.patch("performance.tasks.recompute_eligibility.apply_async") as full,
        mock.patch("performance.tasks.recompute_eligibility_for.apply_async") as some,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _import(hr_staff, services.FULL_RECOMPUTE_THRESHOLD + 50)
    assert full.call_count == 1
    assert some.call_count == 0


def test_a_small_change_enqueues_one_task_for_those_employees(
    hr_staff, org, fresh_batch, django_capture_on_commit_callbacks
):
    with (
        mock.patch("performance.tasks.recompute_eligibility.apply_async") as full,
        mock.patch("performance.tasks.recompute_eligibility_for.apply_async") as some,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _import(hr_staff, 3)
    assert full.call_count == 0
    assert some.call_count == 1
    (ids,) = some.call_args.kwargs["args"]
    assert sorted(ids) == sorted(Employee.objects.filter(name__startswith="Impor").values_list("pk", flat=True))


def test_a_rank_change_enqueues_that_employees_recompute(
    employee_record, fresh_batch, django_capture_on_commit_callbacks
):
    from positions import services as position_services

    with (
        mock.patch("performance.tasks.recompute_eligibility_for.apply_async") as some,
        django_capture_on_commit_callbacks(execute=True),
    ):
        position_services.rank_history_add(
            employee=employee_record, rank=Rank.objects.get(code="III/b"), tmt=dt.date(2024, 4, 1)
        )
    assert some.call_args.kwargs["args"] == [[employee_record.pk]]


def test_the_command_recomputes_everyone_or_one_nip_with_a_progress_line(employee_record, other_employee_record):
    out = StringIO()
    call_command("recompute_eligibility", stdout=out)
    assert "pegawai aktif" in out.getvalue()
    assert EligibilitySnapshot.objects.filter(is_current=True).count() == 1
    out = StringIO()
    call_command("recompute_eligibility", "--nip", employee_record.nip, stdout=out)
    assert employee_record.nip in out.getvalue()


def test_the_command_refuses_an_unknown_nip():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("recompute_eligibility", "--nip", "123")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"),
        ("III/a", "III/a"),
        ("a\tb\nc\\d", "a\\tb\\nc\\\\d"),
        ([["jp", "met", {"year": 2026}]], '[["jp","met",{"year":2026}]]'),
        ([["x", "met", {"t": "a\\b"}]], '[["x","met",{"t":"a\\\\\\\\b"}]]'),
    ],
)
def test_values_are_written_in_copy_text_format(value, text):
    assert services._copy_text(value, {}) == text


def test_criteria_are_stored_once_and_those_no_result_names_any_more_are_deleted(
    employee_record, other_employee_record
):
    from performance.models import EligibilityCriteria

    services.eligibility_recompute_all(on=ON)
    named = set(EligibilityResult.objects.values_list("criteria_set_id", flat=True))
    assert set(EligibilityCriteria.objects.values_list("id", flat=True)) == named
    # Nobody has JP this year: one stored explanation serves every such result.
    jp = EligibilityResult.objects.filter(rule=rules.JP_YEARLY)
    assert jp.count() >= 2
    assert jp.values("criteria_set_id").distinct().count() == 1
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2021, 6, 1))
    services.eligibility_recompute_all(on=ON + dt.timedelta(days=400))
    renamed = set(EligibilityResult.objects.values_list("criteria_set_id", flat=True))
    assert renamed != named
    assert set(EligibilityCriteria.objects.values_list("id", flat=True)) == renamed
    assert result_of(employee_record, rules.KP_REGULER).criteria[0][0] == "years_in_rank"


def counted_met(snapshot) -> dict:
    rows = (
        EligibilityResult.objects.filter(snapshot=snapshot, status=rules.MET)
        .values_list("rule")
        .annotate(n=Count("id"))
    )
    return dict(rows.order_by())


def test_the_snapshots_met_counts_equal_its_met_results_after_a_full_and_a_per_employee_recompute(
    employee_record, other_employee_record
):
    snapshot = services.eligibility_recompute_all(on=ON)
    assert snapshot.met_counts == counted_met(snapshot)
    # The employee becomes eligible for KP reguler (a met result added), then loses it again.
    closed_annual(2024, {employee_record: perf.BAIK, other_employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.BAIK, other_employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2022, 12, 1))
    before = counted_met(snapshot).get(rules.KP_REGULER, 0)
    services.eligibility_recompute_employees(employee_ids=[employee_record.pk], on=ON)
    snapshot.refresh_from_db()
    assert counted_met(snapshot)[rules.KP_REGULER] == before + 1
    assert snapshot.met_counts == counted_met(snapshot)
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2025, 12, 1))
    services.eligibility_recompute_employees(employee_ids=[employee_record.pk], on=ON)
    snapshot.refresh_from_db()
    assert counted_met(snapshot).get(rules.KP_REGULER, 0) == before
    assert snapshot.met_counts == counted_met(snapshot)
    services.eligibility_recompute_employees(employee_ids=[employee_record.pk, other_employee_record.pk], on=ON)
    snapshot.refresh_from_db()
    assert snapshot.met_counts == counted_met(snapshot)
    again = services.eligibility_recompute_all(on=ON)
    assert again.met_counts == counted_met(again) == EligibilitySnapshot.objects.get(pk=again.pk).met_counts
