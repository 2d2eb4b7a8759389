"""Irreversible selection actions ask for confirmation on a page that says what will be
frozen; only the confirmed POST reaches the service."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from assessments.models import Application, Decision, Score, Stage, Vacancy
from tests.assessments.conftest import make_committee, make_vacancy


def test_publishing_first_shows_what_will_be_frozen_and_publishes_only_when_confirmed(client_for, hr_staff, seat):
    today = timezone.localdate()
    draft = make_vacancy(seat, hr_staff, opens=today, closes=today + dt.timedelta(days=20))
    make_committee(draft, hr_staff)
    c = client_for(hr_staff)
    url = reverse("assessments:hr_publish", args=[draft.pk])
    page = c.post(url).content.decode()
    assert "Umumkan lowongan?" in page and "dibekukan dan tidak dapat diubah lagi" in page
    assert 'name="confirmed" value="1"' in page and "P-SEK" in page
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.DRAFT
    c.post(url, {"confirmed": "1"})
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.PUBLISHED


def test_a_score_is_confirmed_before_it_locks(client_for, scoring, committee, verified):
    member, app = committee[0], verified[0]
    c = client_for(member.user)
    url = reverse("assessments:committee_applicant", args=[scoring.vacancy_id, app.pk])
    page = c.post(url, {"value": "81.5", "comment": "Rekam jejak kuat"}).content.decode()
    assert "Kirim nilai?" in page and "terkunci dan tidak dapat diubah" in page and "81,5" in page
    # The confirm page carries the entered values back, unchanged.
    assert 'name="comment" value="Rekam jejak kuat"' in page
    assert not Score.objects.exists()
    c.post(url, {"value": "81.5", "comment": "Rekam jejak kuat", "confirmed": "1"})
    assert Score.objects.get(member=member, application=app).comment == "Rekam jejak kuat"


def test_invalid_input_re_renders_with_errors_before_any_confirmation(client_for, scoring, committee, verified):
    c = client_for(committee[0].user)
    url = reverse("assessments:committee_applicant", args=[scoring.vacancy_id, verified[0].pk])
    page = c.post(url, {"value": "120", "comment": "x"}).content.decode()
    assert "Kirim nilai?" not in page and "100" in page


def test_locking_a_stage_is_confirmed_first(client_for, hr_staff, scoring):
    c = client_for(hr_staff)
    url = reverse("assessments:hr_stage_action", args=[scoring.pk, "lock"])
    page = c.post(url).content.decode()
    assert "Kunci tahap?" in page and "dibekukan" in page
    assert Stage.objects.get(pk=scoring.pk).state == Stage.State.SCORING


def test_the_appointment_is_confirmed_first(client_for, official, finished):
    top = Application.objects.get(vacancy=finished, final_rank=1)
    url = reverse("assessments:official_decide", args=[finished.pk])
    data = {"application": top.pk, "start_date": "2026-05-04", "decree_number": "821/1", "reason": ""}
    page = client_for(official).post(url, data).content.decode()
    assert "Tetapkan pengangkatan?" in page and "secara definitif" in page and top.name in page
    assert not Decision.objects.exists()
