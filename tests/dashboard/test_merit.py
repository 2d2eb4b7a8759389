"""The merit dashboard: HR only, figures equal the underlying counts, self-assessment audited."""

import datetime as dt

import pytest
from django.urls import reverse

from performance import rules as perf
from performance.eligibility import rules, services
from performance.models import EligibilityResult, TalentPlacement
from positions.models import Employee, RankHistory
from semarang_asn.core.models import AuditEvent
from semarang_asn.dashboard.models import MeritAspectScore
from tests.performance.test_eligibility_services import closed_annual

pytestmark = pytest.mark.django_db


def test_only_hr_opens_the_merit_dashboard(client_for, anonymous, employee, official, hr_staff):
    url = reverse("dashboard:merit")
    assert anonymous.get(url).status_code == 302
    assert client_for(employee).get(url).status_code == 403
    assert client_for(official).get(url).status_code == 403
    assert client_for(hr_staff).get(url).status_code == 200


def test_the_dashboard_figures_equal_the_underlying_counts(
    client_for, hr_staff, employee_record, other_employee_record
):
    closed_annual(2024, {employee_record: perf.BAIK, other_employee_record: perf.BUTUH_PERBAIKAN})
    closed_annual(2025, {employee_record: perf.SANGAT_BAIK, other_employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2015, 1, 1))
    services.eligibility_recompute_all()
    response = client_for(hr_staff).get(reverse("dashboard:merit"))
    d = response.context["d"]
    assert d["positions"]["employees"] == Employee.objects.active().count()
    assert (
        d["eligible"][rules.KP_REGULER]
        == EligibilityResult.objects.filter(rule=rules.KP_REGULER, status=rules.MET).count()
    )
    assert d["performance"]["distribution"][perf.SANGAT_BAIK] == 1
    assert d["performance"]["distribution"][perf.BAIK] == 1
    assert d["nine_box"]["total"] == TalentPlacement.objects.count()
    assert d["jp"]["total"] == Employee.objects.active().count()
    chart = {item["label"]: item["value"] for item in d["charts"]["predikat"]["items"]}
    assert chart["Sangat Baik"] == 1 and chart["Baik"] == 1
    page = response.content.decode()
    assert "<svg" in page and "<caption>" in page
    assert "style=" not in page.split("<main", 1)[-1]  # CSP: no inline styles in the page body


def test_hr_records_a_self_assessment_per_aspect_audited(client_for, hr_staff):
    client = client_for(hr_staff)
    response = client.post(
        reverse("dashboard:merit_score"), {"aspect": "kinerja", "score": 3, "note": "Kurva dipantau"}
    )
    assert response.status_code == 302
    row = MeritAspectScore.objects.get(aspect="kinerja")
    assert (row.score, row.note) == (3, "Kurva dipantau")
    client.post(reverse("dashboard:merit_score"), {"aspect": "kinerja", "score": 4, "note": ""})
    assert MeritAspectScore.objects.get(aspect="kinerja").score == 4
    assert AuditEvent.objects.filter(action="merit.self_assessment", actor=hr_staff).count() == 2


def test_an_invalid_score_re_renders_with_an_error_and_saves_nothing(client_for, hr_staff):
    response = client_for(hr_staff).post(reverse("dashboard:merit_score"), {"aspect": "kinerja", "score": 9})
    assert response.status_code == 400
    assert not MeritAspectScore.objects.exists()


def test_the_index_export_lists_every_aspect_with_its_evidence_and_score(client_for, hr_staff):
    client = client_for(hr_staff)
    client.post(reverse("dashboard:merit_score"), {"aspect": "informasi", "score": 2, "note": "=cmd"})
    body = client.get(reverse("dashboard:merit_export", args=["csv"])).content.decode("utf-8-sig")
    for label in ("Perencanaan kebutuhan", "Sistem informasi", "Manajemen kinerja"):
        assert label in body
    assert "'=cmd" in body
    assert client.get(reverse("dashboard:merit_export", args=["pdf"])).status_code == 404
