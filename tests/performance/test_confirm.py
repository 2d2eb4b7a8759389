"""Submitting a rating and closing a cycle are confirmed on a page that says what will be frozen."""

from django.urls import reverse

from performance import rules
from performance.models import Evaluation, EvaluationCycle


def test_the_rater_confirms_the_rating_after_seeing_the_predikat(client_for, supervisor, evaluation):
    c = client_for(supervisor)
    url = reverse("performance:rate", args=[evaluation.pk])
    page = c.post(url, {"hasil": rules.ABOVE, "perilaku": rules.MEETS}).content.decode()
    assert "Kirim penilaian kinerja?" in page and "Baik" in page and "jejak audit" in page
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == ""
    c.post(url, {"hasil": rules.ABOVE, "perilaku": rules.MEETS, "confirmed": "1"})
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK


def test_someone_who_may_not_rate_is_never_asked_to_confirm(client_for, kabid, evaluation):
    response = client_for(kabid.user).post(
        reverse("performance:rate", args=[evaluation.pk]), {"hasil": rules.MEETS, "perilaku": rules.MEETS}
    )
    assert response.status_code == 403


def test_closing_a_cycle_is_confirmed_first(client_for, hr_staff, open_cycle):
    c = client_for(hr_staff)
    url = reverse("performance:cycle_action", args=[open_cycle.pk, "kalibrasi"])
    page = c.post(url).content.decode()
    assert "Mulai kalibrasi?" in page and "tidak dapat dibuka kembali" in page
    assert EvaluationCycle.objects.get(pk=open_cycle.pk).status == EvaluationCycle.Status.OPEN
    c.post(url, {"confirmed": "1"})
    assert EvaluationCycle.objects.get(pk=open_cycle.pk).status == EvaluationCycle.Status.CALIBRATION
