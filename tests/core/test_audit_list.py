"""HR's audit log page: search, filters, sortable columns, pages, HR only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semarang_asn.core.models import AuditEvent
from semarang_asn.core.services import audit_record

pytestmark = pytest.mark.django_db
URL = reverse("core:audit_list")


def _events(actor, n, action="performance.rater_set"):
    for i in range(n):
        audit_record(actor=actor, action=action, target=actor, reason=f"alasan {i}")


def test_hr_searches_filters_and_sorts_the_audit_log(client_for, hr_staff):
    _events(hr_staff, 2)
    _events(hr_staff, 1, action="vacancy.publish")
    client = client_for(hr_staff)
    page = client.get(URL, {"action": "vacancy"}).content.decode()
    assert "vacancy.publish" in page and "performance.rater_set" not in page
    page = client.get(URL, {"q": "alasan 1"}).content.decode()
    assert "alasan 1</td>" in page and "alasan 0</td>" not in page
    page = client.get(URL, {"ordering": "aksi"}).content.decode()
    assert page.index("performance.rater_set") < page.index("vacancy.publish")
    assert 'aria-sort="ascending"' in page


def test_the_audit_log_is_for_hr_only(client_for, employee, supervisor, assessor, anonymous):
    for user in (employee, supervisor, assessor):
        assert client_for(user).get(URL).status_code == 403
    assert anonymous.get(URL).status_code == 302


def test_the_audit_log_uses_the_same_number_of_queries_at_two_sizes(
    client_for, hr_staff, django_assert_max_num_queries
):
    client = client_for(hr_staff)
    _events(hr_staff, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _events(hr_staff, 150)
    assert AuditEvent.objects.count() > 150
    with django_assert_max_num_queries(len(small)):
        assert "Halaman 1 dari 2" in client.get(URL).content.decode()
