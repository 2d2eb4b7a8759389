"""Hole 5: applications, scores, results, objections and published vacancies change only
through the audited services; in Django admin they are read-only and cannot be deleted."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from assessments import services
from assessments.models import (
    Application,
    CommitteeMember,
    ConflictDeclaration,
    Objection,
    Score,
    Stage,
    StageResult,
    Vacancy,
)

from .conftest import AFTER, make_vacancy

pytestmark = pytest.mark.django_db

SERVICE_ONLY = [Application, Score, ConflictDeclaration, Objection]
NO_ADD = [*SERVICE_ONLY, StageResult]


@pytest.fixture
def records(vacancy, scoring, committee, verified):
    application = verified[1]
    member = committee[0]
    services.score_submit(
        stage=scoring, application=application, member=member, value=70, comment="Sesuai bukti", actor=member.user
    )
    objection = services.objection_file(
        stage=None, application=application, text="Syarat saya terpenuhi", actor=application.employee.user, on=AFTER
    )
    return {
        Vacancy: Vacancy.objects.get(pk=vacancy.pk),
        Application: application,
        Score: Score.objects.get(application=application, member=member),
        ConflictDeclaration: ConflictDeclaration.objects.filter(application=application).first(),
        Objection: objection,
    }


def _url(model, action, *args):
    return reverse(f"admin:assessments_{model._meta.model_name}_{action}", args=args)


def _form(obj) -> dict:
    return {k: "" if v is None else v for k, v in model_to_dict(obj).items() if not isinstance(v, list)}


@pytest.mark.parametrize("model", [Vacancy, *SERVICE_ONLY])
def test_a_service_only_record_opens_read_only_and_a_post_changes_nothing(client_for, admin_user, records, model):
    obj = records[model]
    client = client_for(admin_user)
    before = model_to_dict(model.objects.get(pk=obj.pk))
    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    forged = _form(obj) | {"value": "100", "admin_status": "passed", "title": "Diubah", "passed": "on"}
    assert client.post(_url(model, "change", obj.pk), forged).status_code == 403
    assert model_to_dict(model.objects.get(pk=obj.pk)) == before


@pytest.mark.parametrize("model", [Vacancy, *SERVICE_ONLY])
def test_a_service_only_record_cannot_be_deleted_in_admin(client_for, admin_user, records, model):
    obj = records[model]
    client = client_for(admin_user)
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", NO_ADD)
def test_a_service_only_record_cannot_be_added_in_admin(client_for, admin_user, model):
    client = client_for(admin_user)
    assert client.get(_url(model, "changelist")).status_code == 200
    assert client.get(_url(model, "add")).status_code == 403


def test_a_draft_vacancy_is_still_edited_and_deleted_in_admin(client_for, admin_user, seat, hr_staff):
    draft = make_vacancy(seat, hr_staff)
    client = client_for(admin_user)
    assert client.get(_url(Vacancy, "change", draft.pk)).context["has_change_permission"]
    assert client.post(_url(Vacancy, "delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not Vacancy.objects.filter(pk=draft.pk).exists()


def test_the_stages_and_committee_of_a_published_vacancy_are_read_only_inlines(admin_user, rf, vacancy):
    from django.contrib import admin

    request = rf.get("/")
    request.user = admin_user
    inlines = admin.site._registry[Vacancy].get_inline_instances(request, vacancy)
    assert {i.model for i in inlines} == {Stage, CommitteeMember}
    for inline in inlines:
        assert not inline.has_add_permission(request, vacancy)
        assert not inline.has_change_permission(request, vacancy)
        assert not inline.has_delete_permission(request, vacancy)
