"""Catalogue search: PostgreSQL full-text search on PostgreSQL, a plain match elsewhere."""

import pytest
from django.db import connection

from training import selectors
from training.models import Course

from .conftest import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(hr_staff):
    build_course(hr_staff, code="A", title="Pelatihan Kepemimpinan Pengawas", summary="Memimpin tim kerja.")
    build_course(hr_staff, code="B", title="Penulisan Naskah Dinas", summary="Nota dinas dan laporan kepemimpinan.")
    build_course(hr_staff, code="C", title="Keamanan Informasi", summary="Mengenali phishing.")


def _titles(query):
    return [c.title for c in selectors.search_courses(Course.objects.published(), query)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_search_matches_words_ranks_the_title_first_and_takes_web_syntax(courses):
    assert _titles("kepemimpinan") == ["Pelatihan Kepemimpinan Pengawas", "Penulisan Naskah Dinas"]
    assert _titles("kepemimpinan -naskah") == ["Pelatihan Kepemimpinan Pengawas"]
    assert _titles('"nota dinas"') == ["Penulisan Naskah Dinas"]
    # Whole words, not fragments: that is what full-text search is for.
    assert _titles("mimpin") == []


def test_other_databases_match_a_fragment_of_title_or_summary(courses, monkeypatch):
    monkeypatch.setattr(selectors.learning, "connection", type("Other", (), {"vendor": "sqlite"})())
    assert sorted(_titles("mimpin")) == ["Pelatihan Kepemimpinan Pengawas", "Penulisan Naskah Dinas"]
    assert _titles("PHISHING") == ["Keamanan Informasi"]
