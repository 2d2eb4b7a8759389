"""Hole 5: evaluations, their rows, objections, calibrations and credit points change only
through the audited services; in Django admin they are read-only and cannot be deleted."""

import datetime as dt

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from performance import rules, services
from performance.models import (
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)

pytestmark = pytest.mark.django_db

SERVICE_ONLY = [Evaluation, Objection, UnitCalibration, CreditPoint]


@pytest.fixture
def records(evaluation, employee, supervisor, open_cycle, hr_staff):
    services.hasil_kerja_add(evaluation=evaluation, actor=employee, kind="utama", indicator="A", target="1")
    services.evaluation_rate(evaluation=evaluation, actor=supervisor, hasil=rules.BELOW, perilaku=rules.MEETS)
    EvaluationCycle.objects.filter(pk=open_cycle.pk).update(objection_deadline=dt.date(2999, 1, 1))
    objection = services.objection_file(
        evaluation=Evaluation.objects.get(pk=evaluation.pk), actor=employee, reason="Bukti sudah lengkap"
    )
    services.cycle_move_to_calibration(cycle=open_cycle, actor=hr_staff)
    return {
        Evaluation: Evaluation.objects.get(pk=evaluation.pk),
        Objection: objection,
        UnitCalibration: UnitCalibration.objects.filter(cycle=open_cycle).first(),
    }


def _url(model, action, *args):
    return reverse(f"admin:performance_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", [Evaluation, Objection, UnitCalibration])
def test_a_service_only_record_opens_read_only_and_a_post_changes_nothing(client_for, admin_user, records, model):
    obj = records[model]
    assert obj is not None
    client = client_for(admin_user)
    before = model_to_dict(model.objects.get(pk=obj.pk))
    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    forged = {field: "" for field in before} | {"rater": "", "status": "decided", "unit_predikat": "istimewa"}
    assert client.post(_url(model, "change", obj.pk), forged).status_code == 403
    assert model_to_dict(model.objects.get(pk=obj.pk)) == before


@pytest.mark.parametrize("model", [Evaluation, Objection, UnitCalibration])
def test_a_service_only_record_cannot_be_deleted_in_admin(client_for, admin_user, records, model):
    obj = records[model]
    client = client_for(admin_user)
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    response = client.post(
        _url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", SERVICE_ONLY)
def test_a_service_only_record_cannot_be_added_in_admin(client_for, admin_user, model):
    client = client_for(admin_user)
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "add")).status_code == 403


def test_the_rows_of_an_evaluation_are_read_only_inlines(admin_user, rf, records):
    request = rf.get("/")
    request.user = admin_user
    evaluation_admin = admin.site._registry[Evaluation]
    for inline in evaluation_admin.get_inline_instances(request, records[Evaluation]):
        assert inline.model in (HasilKerja, PerilakuKerja)
        assert not inline.has_add_permission(request, records[Evaluation])
        assert not inline.has_change_permission(request, records[Evaluation])
        assert not inline.has_delete_permission(request, records[Evaluation])


def test_changing_the_rater_in_admin_is_refused(client_for, admin_user, records, kabid):
    evaluation = records[Evaluation]
    data = model_to_dict(evaluation) | {"rater": kabid.pk}
    data = {k: "" if v is None else v for k, v in data.items()}
    response = client_for(admin_user).post(_url(Evaluation, "change", evaluation.pk), data)
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=evaluation.pk).rater_id == evaluation.rater_id


def test_an_opened_cycle_cannot_be_deleted_but_a_draft_can(client_for, admin_user, open_cycle, hr_staff):
    from .conftest import make_cycle

    client = client_for(admin_user)
    assert client.post(_url(EvaluationCycle, "delete", open_cycle.pk), {"post": "yes"}).status_code == 403
    assert EvaluationCycle.objects.filter(pk=open_cycle.pk).exists()
    draft = make_cycle(hr_staff, year=2031)
    assert client.post(_url(EvaluationCycle, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not EvaluationCycle.objects.filter(pk=draft.pk).exists()
