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


def test_uploads_have_no_public_media_route_even_with_debug(anonymous, settings, tmp_path):
    """Evidence and application documents are served only by views that check who asks."""
    import importlib

    from django.urls import clear_url_caches

    import semarang_asn.urls

    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / "bukti.pdf").write_bytes(b"%PDF-1.4 rahasia")
    settings.DEBUG = True
    try:
        importlib.reload(semarang_asn.urls)
        clear_url_caches()
        assert anonymous.get("/media/bukti.pdf").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(semarang_asn.urls)
        clear_url_caches()
