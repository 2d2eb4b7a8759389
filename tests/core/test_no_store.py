"""Hole 9: pages and files with personal data are never stored by a browser or proxy."""

import pytest
from django.urls import reverse


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["dashboard:home", "core:notifications", "performance:mine"])
def test_a_signed_in_page_is_sent_with_no_store(employee, client_for, name):
    response = client_for(employee).get(reverse(name))
    assert response.status_code == 200
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


def test_an_exported_file_is_sent_with_no_store(hr_staff, employee_record, client_for):
    response = client_for(hr_staff).get(reverse("positions:employee_export", args=["csv"]))
    assert response.status_code == 200
    assert _no_store(response)


def test_a_public_page_for_anonymous_visitors_stays_cacheable(anonymous, db):
    response = anonymous.get(reverse("assessments:public_list"))
    assert response.status_code == 200
    assert not _no_store(response)
