"""The role home pages and the merit dashboard cost a constant number of queries, at most 12,
whatever the number of employees, evaluations and notifications (issue 13)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import rules as perf
from semarang_asn.core.services import notification_send
from tests.conftest import _person
from tests.performance.test_eligibility_services import closed_annual

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_home_pages_and_the_merit_dashboard_cost_the_same_queries_at_two_sizes(
    client_for, org, hr_staff, employee, supervisor, employee_record, other_employee_record
):
    closed_annual(2025, {employee_record: perf.BAIK, other_employee_record: perf.SANGAT_BAIK})
    pages = [
        (client_for(employee), reverse("dashboard:home")),
        (client_for(supervisor), reverse("dashboard:home")),
        (client_for(hr_staff), reverse("dashboard:home")),
        (client_for(hr_staff), reverse("dashboard:merit")),
    ]
    small = [_queries(client, url) for client, url in pages]
    org["staff"].formasi = 10
    org["staff"].save()
    more = [_person(f"staf{i}", org["staff"]) for i in range(6)]
    for person in more:
        notification_send(recipient=person.user, subject="Baru", email=False)
    notification_send(recipient=employee, subject="Baru", email=False)
    closed_annual(2024, {person: perf.BAIK for person in [employee_record, *more]})
    large = [_queries(client, url) for client, url in pages]
    assert small == large
    assert max(large) <= 12
