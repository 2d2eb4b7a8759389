"""Notifications: rendered in the reader's language, stale ones done, a centre that pages,
filters and marks read."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from performance import rules as performance_rules
from semarang_asn.core import services
from semarang_asn.core.models import Notification

pytestmark = pytest.mark.django_db


def test_a_keyed_notification_is_rendered_in_each_readers_language(employee):
    note = services.notification_send(
        recipient=employee,
        subject=gettext_noop("Penilaian kinerja %(cycle)s sudah tersedia"),
        body=gettext_noop("Predikat kinerja Anda: %(p)s."),
        params={"cycle": "Tahunan 2026", "p": performance_rules.PREDIKAT_LABELS[performance_rules.BAIK]},
        email=False,
    )
    note = Notification.objects.get(pk=note.pk)
    assert note.params == {"cycle": "Tahunan 2026", "p": {"__label__": "Baik"}}
    assert (note.subject, note.title, note.text) == (
        "Penilaian kinerja Tahunan 2026 sudah tersedia",
        "Penilaian kinerja Tahunan 2026 sudah tersedia",
        "Predikat kinerja Anda: Baik.",
    )
    with translation.override("en"):
        assert note.title == "Performance appraisal Tahunan 2026 is now available"
        assert note.text.startswith("Your performance rating: ")


def test_a_plain_notification_is_shown_as_it_was_stored(employee):
    note = services.notification_send(recipient=employee, subject="Pesan lama", body="Isi lama", email=False)
    with translation.override("en"):
        assert (note.title, note.text) == ("Pesan lama", "Isi lama")


def test_a_finished_selection_marks_its_notifications_done(employee, other_employee):
    for user in (employee, other_employee):
        services.notification_send(
            recipient=user, subject=gettext_noop("Pengumuman hasil seleksi administrasi"), params={}, topic="vacancy:7"
        )
    other = services.notification_send(recipient=employee, subject="Lain", topic="vacancy:8", email=False)
    assert services.notifications_done(topic="vacancy:7") == 2
    assert services.notifications_done(topic="vacancy:7") == 0  # idempotent
    assert Notification.objects.get(pk=other.pk).done_at is None


def _many(user, n, **kwargs):
    Notification.objects.bulk_create([Notification(recipient=user, subject=f"Pesan {i}", **kwargs) for i in range(n)])


def test_the_centre_pages_and_filters_with_a_constant_number_of_queries(
    client_for, employee, django_assert_max_num_queries
):
    client = client_for(employee)
    _many(employee, 3)
    with django_assert_max_num_queries(10):
        small = client.get(reverse("core:notifications"))
    _many(employee, 60)
    from django.utils import timezone

    _many(employee, 4, done_at=timezone.now())
    with django_assert_max_num_queries(10):
        large = client.get(reverse("core:notifications"))
    assert len(small.context["page"].object_list) == 3
    assert large.context["page"].paginator.count == 63  # done ones are under "Selesai"
    assert len(large.context["page"].object_list) == 25
    done = client.get(reverse("core:notifications"), {"tampil": "selesai"})
    assert done.context["page"].paginator.count == 4
    assert client.get(reverse("core:notifications"), {"tampil": "semua"}).context["page"].paginator.count == 67


def test_marking_selected_and_all_read_touches_only_my_notifications(client_for, employee, other_employee):
    _many(employee, 3)
    _many(other_employee, 2)
    mine = list(Notification.objects.filter(recipient=employee).values_list("pk", flat=True))
    theirs = list(Notification.objects.filter(recipient=other_employee).values_list("pk", flat=True))
    client = client_for(employee)
    client.post(reverse("core:notifications_mark_read"), {"id": [mine[0], theirs[0]]})
    assert Notification.objects.filter(read_at__isnull=False).count() == 1
    assert Notification.objects.get(pk=mine[0]).read_at is not None
    client.post(reverse("core:notifications_mark_read"), {"semua": "1"})
    assert not Notification.objects.filter(recipient=employee, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_employee, read_at__isnull=True).count() == 2
    assert settings.LANGUAGE_CODE == "id"


def test_the_centre_needs_login(anonymous):
    assert anonymous.get(reverse("core:notifications")).status_code == 302
    assert anonymous.post(reverse("core:notifications_mark_read"), {"semua": "1"}).status_code == 302
