"""Admin: the rule set is edited as typed fields and each save is a new, audited version."""

import datetime as dt

import pytest
from django.urls import reverse

from performance.eligibility import services
from performance.models import EligibilityRuleSet, ServiceExamPass
from semarang_asn.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _form_data(rule_set, **changes):
    fields = [f.name for f in EligibilityRuleSet._meta.fields if f.editable and f.name != "id"]
    data = {name: getattr(rule_set, name) for name in fields}
    data.update(changes)
    return {k: "" if v is None else v for k, v in data.items()}


def test_saving_the_rule_set_in_admin_creates_the_next_version(client_for, admin_user):
    current = services.rule_set_current()
    url = reverse("admin:performance_eligibilityruleset_change", args=[current.pk])
    response = client_for(admin_user).post(url, _form_data(current, jpt_max_age=55, note="Perwal baru"))
    assert response.status_code == 302
    assert list(EligibilityRuleSet.objects.order_by("version").values_list("version", "jpt_max_age")) == [
        (1, 56),
        (2, 55),
    ]
    assert AuditEvent.objects.filter(action="eligibility.rule_set", reason="Perwal baru").exists()


def test_an_invalid_value_re_renders_the_admin_form_and_saves_nothing(client_for, admin_user):
    current = services.rule_set_current()
    url = reverse("admin:performance_eligibilityruleset_change", args=[current.pk])
    response = client_for(admin_user).post(url, _form_data(current, potential_high_min="2.00", note="x"))
    assert response.status_code == 200
    assert EligibilityRuleSet.objects.count() == 1


def test_old_versions_are_read_only(client_for, admin_user):
    first = services.rule_set_current()
    services.rule_set_save(actor=admin_user, rule_set=services.rule_set_current(), note="v2")
    url = reverse("admin:performance_eligibilityruleset_change", args=[first.pk])
    client = client_for(admin_user)
    client.post(url, _form_data(first, jpt_max_age=50, note="x"))
    assert EligibilityRuleSet.objects.get(version=1).jpt_max_age == 56
    assert EligibilityRuleSet.objects.count() == 2


def test_a_service_exam_pass_is_audited_and_makes_the_exam_met(employee_record, admin_user):
    exam = ServiceExamPass(employee=employee_record, tingkat="I", passed_on=dt.date(2024, 5, 1))
    services.service_exam_save(actor=admin_user, exam=exam)
    assert AuditEvent.objects.filter(action="eligibility.service_exam").exists()
