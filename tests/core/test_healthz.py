import pytest

from semarang_asn.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_broker_answer(anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_answers_503_naming_the_broker_when_it_is_down(anonymous, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app, "_pool", None)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_is_down(anonymous, monkeypatch):
    from semarang_asn.core import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
