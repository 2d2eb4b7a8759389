"""The notification centre: paged, filtered, and marked read in bulk (ticked, or all)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from semarang_asn.core import services
from semarang_asn.core.models import Notification

pytestmark = pytest.mark.django_db
MARK = reverse("core:notifications_mark_read")


def _send(user, n, subject="Pengingat"):
    return [services.notification_send(recipient=user, subject=f"{subject} {i}", email=False) for i in range(n)]


def test_ticked_notifications_are_marked_read_and_the_rest_stay_unread(client_for, employee):
    notes = _send(employee, 3)
    response = client_for(employee).post(MARK, {"notification": [notes[0].pk, notes[1].pk]})
    assert response.status_code == 302
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == [notes[2].pk]


def test_all_marks_every_unread_notification_of_the_user_only(client_for, employee, other_employee):
    _send(employee, 3)
    _send(other_employee, 2)
    client_for(employee).post(MARK, {"all": "1"})
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_employee, read_at__isnull=True).count() == 2


def test_another_users_ids_change_nothing(client_for, employee, other_employee):
    theirs = _send(other_employee, 1)[0]
    client_for(employee).post(MARK, {"notification": [theirs.pk]})
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_nothing_ticked_or_a_bad_id_says_so(client_for, employee):
    _send(employee, 1)
    page = client_for(employee).post(MARK, {}, follow=True).content.decode()
    assert "Centang notifikasi" in page
    page = client_for(employee).post(MARK, {"notification": ["1 OR 1=1"]}, follow=True).content.decode()
    assert "Pilihan baris tidak sah" in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_marking_needs_login_and_post(anonymous, client_for, employee):
    assert anonymous.post(MARK, {"all": "1"}).status_code == 302
    assert client_for(employee).get(MARK).status_code == 405


def test_the_centre_filters_unread_searches_and_pages(client_for, employee):
    notes = _send(employee, 55)
    services.notifications_mark_read(user=employee, ids=[notes[0].pk])
    client = client_for(employee)
    page = client.get(reverse("core:notifications"), {"status": "read"}).content.decode()
    assert "Pengingat 0<" in page and "Pengingat 1<" not in page
    page = client.get(reverse("core:notifications"), {"q": "Pengingat 54"}).content.decode()
    assert "Pengingat 54" in page and "Pengingat 53" not in page
    first = client.get(reverse("core:notifications")).content.decode()
    assert "Halaman 1 dari 2" in first and "54 belum dibaca" in first


def test_the_centre_uses_the_same_number_of_queries_at_two_sizes(client_for, employee, django_assert_max_num_queries):
    client = client_for(employee)
    _send(employee, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("core:notifications"))
    _send(employee, 60, subject="Lagi")
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("core:notifications"))
