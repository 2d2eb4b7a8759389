"""Hole 4: a rating changed through the real form leaves an audit row whose "before" is
what the database held, not what the bound form had already written onto the row."""

import pytest
from django.urls import reverse

from performance import rules, services
from semarang_asn.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_changing_a_row_rating_through_the_form_records_the_old_and_the_new_rating(
    client_for, employee, supervisor, evaluation
):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    client = client_for(supervisor)
    review = reverse("performance:row_review", args=[evaluation.pk, row.pk])
    client.post(review, {"rating": rules.MEETS, "feedback": "Cukup"})
    client.post(review, {"rating": rules.ABOVE, "feedback": "Melampaui target"})
    events = list(AuditEvent.objects.filter(action="performance.row_rating").order_by("id"))
    assert [(e.before, e.after) for e in events] == [
        ({"rating": ""}, {"rating": rules.MEETS}),
        ({"rating": rules.MEETS}, {"rating": rules.ABOVE}),
    ]
    assert all(e.actor == supervisor for e in events)


def test_saving_the_same_row_rating_again_adds_no_audit_row(client_for, employee, supervisor, evaluation):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    client = client_for(supervisor)
    review = reverse("performance:row_review", args=[evaluation.pk, row.pk])
    client.post(review, {"rating": rules.MEETS, "feedback": "Cukup"})
    client.post(review, {"rating": rules.MEETS, "feedback": "Cukup, umpan balik diperjelas"})
    assert AuditEvent.objects.filter(action="performance.row_rating").count() == 1


def test_a_rating_service_given_an_edited_instance_still_reads_before_from_the_database(
    employee, supervisor, evaluation
):
    row = services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.MEETS, feedback="")
    row.rating = rules.BELOW  # as a bound ModelForm does before the view calls the service
    services.hasil_kerja_review(row=row, actor=supervisor, rating=rules.BELOW, feedback="")
    last = AuditEvent.objects.filter(action="performance.row_rating").latest("id")
    assert (last.before, last.after) == ({"rating": rules.MEETS}, {"rating": rules.BELOW})
