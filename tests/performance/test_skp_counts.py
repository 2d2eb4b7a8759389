"""The SKP row counts stored on each evaluation (performance.skp_counts) agree with its rows."""

import pytest
from django.db.models import Count, Q

from performance import selectors, services, skp_counts
from performance.models import Evaluation, HasilKerja

pytestmark = pytest.mark.django_db


def stored_matches_rows(cycle) -> bool:
    counted = Evaluation.objects.filter(cycle=cycle).annotate(
        rows=Count("hasil_kerja"), realised=Count("hasil_kerja", filter=~Q(hasil_kerja__realisation=""))
    )
    return all(e.skp_rows == e.rows and e.skp_realised == e.realised for e in counted)


def add_row(evaluation, actor):
    kind = HasilKerja.Kind.UTAMA
    return services.hasil_kerja_add(evaluation=evaluation, actor=actor, kind=kind, indicator="Laporan", target="12")


def test_adding_and_reporting_rows_keeps_the_counts_of_the_evaluation(open_cycle, evaluation, employee):
    assert (evaluation.skp_rows, evaluation.skp_realised) == (0, 0)
    first = add_row(evaluation, employee)
    add_row(evaluation, employee)
    evaluation.refresh_from_db()
    assert (evaluation.skp_rows, evaluation.skp_realised) == (2, 0)
    services.hasil_kerja_report(row=first, actor=employee, realisation="12 laporan", evidence_link="https://x.test/a")
    evaluation.refresh_from_db()
    assert (evaluation.skp_rows, evaluation.skp_realised) == (2, 1)
    assert stored_matches_rows(open_cycle)


def test_a_bulk_writer_refreshes_the_counts_it_changed(open_cycle, evaluation):
    HasilKerja.objects.bulk_create(
        [
            HasilKerja(evaluation=evaluation, indicator="A", target="1", realisation="1"),
            HasilKerja(evaluation=evaluation, indicator="B", target="1"),
        ]
    )
    assert not stored_matches_rows(open_cycle)
    assert skp_counts.refresh(Evaluation.objects.filter(cycle=open_cycle)) == open_cycle.evaluations.count()
    assert stored_matches_rows(open_cycle)
    evaluation.refresh_from_db()
    assert (evaluation.skp_rows, evaluation.skp_realised) == (2, 1)


def test_completion_monitoring_counts_skps_from_the_stored_counts(open_cycle, evaluation, employee):
    row = add_row(evaluation, employee)
    services.hasil_kerja_report(row=row, actor=employee, realisation="12 laporan", evidence_link="https://x.test/a")
    (opd,) = selectors.monitoring_pengisian(open_cycle)
    assert (opd["total"], opd["with_skp"], opd["realised"]) == (open_cycle.evaluations.count(), 1, 1)


def test_the_demo_keeps_the_counts_of_the_rows_it_writes(team):
    from performance import demo
    from performance.models import EvaluationCycle

    demo.seed()
    cycles = EvaluationCycle.objects.filter(evaluations__hasil_kerja__isnull=False).distinct()
    assert cycles.exists()
    assert all(stored_matches_rows(cycle) for cycle in cycles)
