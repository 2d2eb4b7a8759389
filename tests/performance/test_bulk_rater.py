"""HR names one rater for many evaluations at once: one audited, set-based action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import services
from performance.models import Evaluation
from semarang_asn.core.models import AuditEvent
from tests.factories import EmployeeFactory, make_nip


def test_hr_names_one_rater_for_many_evaluations_with_one_audit_row_each(open_cycle, hr_staff, kabid):
    chosen = list(open_cycle.evaluations.exclude(employee=kabid).order_by("pk"))
    n = services.evaluations_set_rater(
        cycle=open_cycle, evaluation_ids=[e.pk for e in chosen], rater=kabid, actor=hr_staff, reason="Mutasi kasi"
    )
    assert n == len(chosen)
    assert set(Evaluation.objects.filter(pk__in=[e.pk for e in chosen]).values_list("rater", flat=True)) == {kabid.pk}
    events = AuditEvent.objects.filter(action="performance.rater_set")
    assert events.count() == len(chosen)
    assert {e.reason for e in events} == {"Mutasi kasi"}
    assert events.first().actor == hr_staff


def test_the_rater_superior_is_the_raters_own_superior(open_cycle, hr_staff, kabid, head, employee_record):
    ev = open_cycle.evaluations.get(employee=employee_record)
    services.evaluations_set_rater(cycle=open_cycle, evaluation_ids=[ev.pk], rater=kabid, actor=hr_staff, reason="r")
    ev.refresh_from_db()
    assert (ev.rater_id, ev.rater_superior_id) == (kabid.pk, head.pk)


def test_a_rater_among_the_chosen_refuses_the_whole_action(open_cycle, hr_staff, kabid, employee_record):
    ids = list(open_cycle.evaluations.filter(employee__in=[kabid, employee_record]).values_list("pk", flat=True))
    before = dict(Evaluation.objects.filter(pk__in=ids).values_list("pk", "rater"))
    with pytest.raises(ValidationError, match="menilai dirinya sendiri"):
        services.evaluations_set_rater(cycle=open_cycle, evaluation_ids=ids, rater=kabid, actor=hr_staff, reason="r")
    assert dict(Evaluation.objects.filter(pk__in=ids).values_list("pk", "rater")) == before
    assert not AuditEvent.objects.filter(action="performance.rater_set").exists()


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"reason": " "}, "Alasan"),
        ({"evaluation_ids": []}, "setidaknya satu"),
        ({"evaluation_ids": [10**9]}, "bukan bagian"),
    ],
)
def test_bad_requests_change_nothing(open_cycle, hr_staff, kabid, employee_record, kwargs, message):
    ev = open_cycle.evaluations.get(employee=employee_record)
    call = {"cycle": open_cycle, "evaluation_ids": [ev.pk], "rater": kabid, "actor": hr_staff, "reason": "r", **kwargs}
    with pytest.raises(ValidationError, match=message):
        services.evaluations_set_rater(**call)
    assert Evaluation.objects.get(pk=ev.pk).rater_id == ev.rater_id


def test_only_hr_may_name_raters_in_bulk(open_cycle, supervisor, kabid, employee_record):
    ev = open_cycle.evaluations.get(employee=employee_record)
    with pytest.raises(PermissionDenied):
        services.evaluations_set_rater(
            cycle=open_cycle, evaluation_ids=[ev.pk], rater=kabid, actor=supervisor, reason="r"
        )


def test_a_closed_cycle_refuses_bulk_naming(cycle, hr_staff, kabid):
    with pytest.raises(ValidationError, match="belum dibuka"):
        services.evaluations_set_rater(cycle=cycle, evaluation_ids=[1], rater=kabid, actor=hr_staff, reason="r")


# The page ---------------------------------------------------------------------------------------


def url(cycle):
    return reverse("performance:bulk_rater", args=[cycle.pk])


def test_hr_ticks_rows_picks_a_rater_by_nip_and_submits(client_for, hr_staff, open_cycle, kabid, employee_record):
    ids = list(open_cycle.evaluations.exclude(employee=kabid).values_list("pk", flat=True))
    response = client_for(hr_staff).post(
        url(open_cycle) + "?rater_state=", {"evaluation": ids, "rater_nip": kabid.nip, "reason": "Kasi cuti panjang"}
    )
    assert response.status_code == 302
    assert set(Evaluation.objects.filter(pk__in=ids).values_list("rater", flat=True)) == {kabid.pk}


def test_an_unknown_nip_or_no_rows_re_render_with_errors_and_change_nothing(
    client_for, hr_staff, open_cycle, employee_record
):
    ev = open_cycle.evaluations.get(employee=employee_record)
    response = client_for(hr_staff).post(url(open_cycle), {"evaluation": [ev.pk], "rater_nip": "1" * 18, "reason": "r"})
    assert response.status_code == 400 and "NIP ini tidak ditemukan" in response.content.decode()
    response = client_for(hr_staff).post(url(open_cycle), {"evaluation": ["x"], "rater_nip": "", "reason": ""})
    assert "Pilihan baris tidak sah" in response.content.decode()
    assert Evaluation.objects.get(pk=ev.pk).rater_id == ev.rater_id


def test_the_page_filters_searches_and_sorts(client_for, hr_staff, open_cycle, employee_record, other_employee_record):
    client = client_for(hr_staff)
    page = client.get(url(open_cycle), {"q": employee_record.nip}).content.decode()
    assert employee_record.name in page and other_employee_record.name not in page
    page = client.get(url(open_cycle), {"ordering": "-nama"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert page.index(other_employee_record.name) < page.index(employee_record.name)
    assert f'hx-get="{reverse("positions:employee_picker")}"' in page


def test_the_page_is_for_hr_only(client_for, open_cycle, supervisor, employee, anonymous):
    for user in (supervisor, employee):
        assert client_for(user).get(url(open_cycle)).status_code == 403
    assert anonymous.get(url(open_cycle)).status_code == 302


def test_the_page_and_the_action_use_the_same_number_of_queries_at_two_sizes(
    client_for, hr_staff, open_cycle, org, kabid, django_assert_max_num_queries
):
    client = client_for(hr_staff)

    def grow(n, seq):
        for i in range(n):
            Evaluation.objects.create(
                cycle=open_cycle, employee=EmployeeFactory(nip=make_nip(seq=seq + i)), opd=org["opd"]
            )

    def act():
        ids = list(open_cycle.evaluations.exclude(employee=kabid).values_list("pk", flat=True))
        return client.post(url(open_cycle), {"evaluation": ids, "rater_nip": kabid.nip, "reason": "r"})

    grow(2, 300)
    with CaptureQueriesContext(connection) as page_small:
        client.get(url(open_cycle))
    with CaptureQueriesContext(connection) as act_small:
        assert act().status_code == 302
    grow(40, 400)
    with django_assert_max_num_queries(len(page_small)):
        client.get(url(open_cycle))
    with django_assert_max_num_queries(len(act_small)):
        assert act().status_code == 302


def test_a_rater_below_pengawas_is_refused_unless_hr_marks_the_exception(
    open_cycle, hr_staff, employee_record, other_employee_record
):
    ev = open_cycle.evaluations.get(employee=other_employee_record)
    call = {"cycle": open_cycle, "evaluation_ids": [ev.pk], "rater": employee_record, "actor": hr_staff, "reason": "r"}
    with pytest.raises(ValidationError, match="paling rendah menduduki jabatan Pengawas"):
        services.evaluations_set_rater(**call)
    assert Evaluation.objects.get(pk=ev.pk).rater_id != employee_record.pk
    services.evaluations_set_rater(**call, below_level=True)
    assert Evaluation.objects.get(pk=ev.pk).rater_id == employee_record.pk
    assert AuditEvent.objects.get(action="performance.rater_set").after["below_level"] is True


def test_nobody_becomes_atasan_penilai_of_their_own_evaluation(open_cycle, hr_staff, kabid, head, employee_record):
    mine = open_cycle.evaluations.get(employee=employee_record)
    heads = open_cycle.evaluations.get(employee=head)
    services.evaluations_set_rater(
        cycle=open_cycle, evaluation_ids=[mine.pk, heads.pk], rater=kabid, actor=hr_staff, reason="r", below_level=True
    )
    assert Evaluation.objects.get(pk=mine.pk).rater_superior_id == head.pk
    assert Evaluation.objects.get(pk=heads.pk).rater_superior_id != head.pk


def test_each_row_of_the_no_rater_list_offers_rater_and_superior_pickers(client_for, hr_staff, open_cycle, head):
    heads = open_cycle.evaluations.get(employee=head)  # nobody above the kepala: on HR's list
    page = client_for(hr_staff).get(reverse("performance:cycle", args=[open_cycle.pk])).content.decode()
    assert f'id="rater-{heads.pk}"' in page and f'id="superior-{heads.pk}"' in page
    assert f'hx-get="{reverse("positions:employee_picker")}"' in page
