"""Hole 2: both selection exports neutralise formulas, in CSV and XLSX."""

import pytest
from django.urls import reverse

from assessments import services
from tests.exports import HOSTILE_NAME, assert_neutralised

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_score(scoring, committee, verified):
    member = committee[0]
    services.score_submit(
        stage=scoring, application=verified[0], member=member, value=80, comment=HOSTILE_NAME, actor=member.user
    )
    return member


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_hr_stage_export_writes_a_formula_comment_as_inert_text(client_for, hr_staff, scoring, hostile_score, fmt):
    response = client_for(hr_staff).get(reverse("assessments:hr_stage_export", args=[scoring.pk, fmt]))
    assert_neutralised(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_committee_export_writes_a_formula_comment_as_inert_text(client_for, scoring, hostile_score, fmt):
    response = client_for(hostile_score.user).get(
        reverse("assessments:committee_export", args=[scoring.vacancy_id, fmt])
    )
    assert_neutralised(response)


def test_an_unknown_export_format_is_a_404(client_for, hr_staff, scoring):
    assert client_for(hr_staff).get(reverse("assessments:hr_stage_export", args=[scoring.pk, "pdf"])).status_code == 404
