"""The evaluation counts PostgreSQL keeps (performance.kept_counts) always equal the
evaluations, whoever writes: opening a cycle, rating, SKP rows, raters set, calibration and
closing, bulk and raw SQL updates, deletions; and the cycle pages read from them show the
figures counted from the evaluations."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from performance import kept_counts, rules, selectors, services
from performance.models import Evaluation, EvaluationCount, EvaluationCycle, HasilKerja, UnitCalibration
from tests.factories import EmployeeFactory, OrgUnitFactory

from .conftest import ON, make_cycle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not kept_counts.kept(), reason="PostgreSQL keeps these counts (triggers)"),
]


def kept() -> dict[tuple, tuple]:
    rows = EvaluationCount.objects.values_list("cycle_id", "opd_key", "unit_key", "predikat", *kept_counts.FIGURES)
    return {tuple(row[:4]): tuple(row[4:]) for row in rows if any(row[4:])}


def grouped() -> dict[tuple, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(kept_counts.GROUPED)
        return {tuple(row[:4]): tuple(row[4:]) for row in cursor.fetchall()}


def figures(cycle) -> dict:
    """What the cycle pages show of the cycle, as the selectors and services give it."""
    listed = {c.pk: (c.n_evaluations, c.n_rated) for c in selectors.cycles()}
    return {
        "list": listed,
        "detail": (lambda c: (c.n_evaluations, c.n_rated))(selectors.cycle_detail(cycle.pk)),
        "pengisian": selectors.monitoring_pengisian(cycle),
        "kurva_counts": sorted(selectors.kurva_counts(cycle), key=repr),
        "kurva": selectors.monitoring_kurva(cycle),
        "calibration": {
            c.unit_id: services.unit_predikat_counts(c) for c in UnitCalibration.objects.filter(cycle=cycle)
        },
    }


def consistent(*cycles) -> bool:
    """The kept counts equal the evaluations, and every figure of the pages read from them
    equals the one counted from the evaluations."""
    assert kept() == grouped()
    for cycle in cycles:
        cycle.refresh_from_db()
        read = figures(cycle)
        with mock.patch.object(kept_counts, "kept", return_value=False):
            assert read == figures(cycle)
    return True


def add_row(evaluation, actor, realisation=""):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=actor, kind="utama", indicator="Laporan", target="12")
    if realisation:
        services.hasil_kerja_report(row=row, actor=actor, realisation=realisation, evidence_link="https://x.test/a")
    return row


def rate(evaluation, hasil=rules.MEETS, perilaku=rules.MEETS, reason=""):
    evaluation = Evaluation.objects.select_related("cycle", "rater__user").get(pk=evaluation.pk)
    actor = evaluation.rater.user
    services.evaluation_rate(evaluation=evaluation, actor=actor, hasil=hasil, perilaku=perilaku, reason=reason)


def test_the_kept_counts_follow_a_cycle_from_opening_to_closing(team, hr_staff, sekda, employee):
    cycle = make_cycle(hr_staff)
    EmployeeFactory(name="Tanpa Jabatan")  # active, no seat: no OPD, no unit, no rater
    assert consistent(cycle)
    services.cycle_open(cycle=cycle, actor=hr_staff, on=ON)  # one INSERT of every evaluation
    assert consistent(cycle) and kept()
    mine = Evaluation.objects.get(cycle=cycle, employee=team["employee"])
    add_row(mine, employee)
    assert consistent(cycle)
    add_row(mine, employee, realisation="12 laporan")
    add_row(Evaluation.objects.get(cycle=cycle, employee=team["other"]), team["other"].user)
    assert consistent(cycle)
    rate(mine, rules.ABOVE, rules.ABOVE)
    rate(Evaluation.objects.get(cycle=cycle, employee=team["other"]), rules.BELOW, rules.MEETS)
    assert consistent(cycle)
    rate(mine, rules.MEETS, rules.MEETS, reason="Dikoreksi")  # from one predikat to another
    assert consistent(cycle)
    head = Evaluation.objects.get(cycle=cycle, employee=team["head"])
    services.evaluation_set_rater(evaluation=head, actor=hr_staff, rater=sekda, reason="Sekda menilai")
    assert consistent(cycle)
    rate(Evaluation.objects.get(cycle=cycle, employee=team["kabid"]))
    services.cycle_move_to_calibration(cycle=cycle, actor=hr_staff)
    calibrations = list(UnitCalibration.objects.filter(cycle=cycle))  # Dinas Contoh and the Setda
    for calibration in calibrations:
        services.calibration_set_unit_predikat(calibration=calibration, actor=hr_staff, unit_predikat=rules.UNIT_BAIK)
    assert consistent(cycle)
    for evaluation in Evaluation.objects.filter(cycle=cycle, rater__isnull=False, predikat=""):
        rate(evaluation)
    for calibration in calibrations:
        services.calibration_close(calibration=calibration, actor=hr_staff, justification="Unit kecil")
    services.cycle_close(cycle=cycle, actor=hr_staff)  # every evaluation made final: nothing counted changes
    assert consistent(cycle)
    assert sorted(map(tuple, cycle.closed_kurva), key=repr) == figures(cycle)["kurva_counts"]


def test_the_kept_counts_follow_bulk_raw_and_deleting_writes(open_cycle, team, hr_staff):
    second = make_cycle(hr_staff, year=2026)
    services.cycle_open(cycle=second, actor=hr_staff, on=ON.replace(year=2026))
    assert consistent(open_cycle, second)
    other_opd = OrgUnitFactory(name="Badan Lain")
    moved = Evaluation.objects.filter(cycle=open_cycle, employee__in=[team["employee"], team["other"]])
    moved.update(opd=other_opd, unit=other_opd)  # moved to another OPD and unit
    assert consistent(open_cycle, second)
    Evaluation.objects.filter(cycle=open_cycle, employee=team["employee"]).update(is_unit_head=True, rater=None)
    Evaluation.objects.filter(cycle=second).update(predikat=rules.BAIK, skp_rows=F("skp_rows") + 2)
    assert consistent(open_cycle, second)
    third = make_cycle(hr_staff, year=2027)
    with connection.cursor() as cursor:  # to another cycle, without a unit, rated
        cursor.execute(
            f"UPDATE {kept_counts.EVALUATION} SET predikat = %s, unit_id = NULL, cycle_id = %s "
            "WHERE employee_id = %s AND cycle_id = %s",
            [rules.SANGAT_BAIK, third.pk, team["kabid"].pk, open_cycle.pk],
        )
    assert consistent(open_cycle, second, third)
    HasilKerja.objects.bulk_create(
        [HasilKerja(evaluation=e, indicator="A", target="1", realisation="1") for e in second.evaluations.all()]
    )
    from performance import skp_counts

    skp_counts.refresh(Evaluation.objects.filter(cycle=second))
    assert consistent(open_cycle, second)
    Evaluation.objects.filter(cycle=open_cycle, employee=team["head"]).delete()
    assert consistent(open_cycle, second)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {kept_counts.EVALUATION} WHERE cycle_id = %s AND predikat = ''", [second.pk])
    assert consistent(open_cycle, second, third)
    second.delete()  # with its evaluations
    assert consistent(open_cycle, third)
    assert not [key for key in kept() if key[0] == second.pk]


def test_the_cycle_pages_read_the_kept_counts_not_the_evaluations(client_for, hr_staff, open_cycle, team):
    from django.urls import reverse

    client = client_for(hr_staff)
    for name in ("cycles", "pengisian", "kurva"):
        args = [] if name == "cycles" else [open_cycle.pk]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"performance:{name}", args=args)).status_code == 200
        counted = [q["sql"] for q in queries if f'FROM "{kept_counts.EVALUATION}"' in q["sql"]]
        assert counted == [], name


def test_rebuild_repairs_counts_that_drifted(open_cycle):
    EvaluationCount.objects.filter(cycle=open_cycle).update(evaluations=999, with_skp=5)
    EvaluationCount.objects.create(cycle=open_cycle, opd_key=0, unit_key=0, predikat=rules.BAIK, evaluations=3)
    assert kept() != grouped()
    kept_counts.rebuild()
    assert kept() == grouped() and consistent(open_cycle)


def test_a_cycle_with_no_evaluations_counts_none(hr_staff, team):
    cycle = make_cycle(hr_staff)
    assert cycle.status == EvaluationCycle.Status.DRAFT
    assert figures(cycle)["pengisian"] == [] and selectors.cycle_detail(cycle.pk).n_evaluations == 0
    assert consistent(cycle)
