"""What every page pays before its own work: settings read once per request, and the signed-in
user loaded with their employee, roles and unread count in one query (core.auth), the session
read with one precompiled statement (core.sessions)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from positions import selectors as position_selectors
from semarang_asn.core import roles
from semarang_asn.core.auth import RequestUserBackend
from semarang_asn.core.models import Setting
from semarang_asn.core.services import notification_send, setting_value, settings_read_once
from semarang_asn.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_settings_are_read_once_inside_a_request_and_at_every_call_outside(django_assert_num_queries):
    with settings_read_once(), django_assert_num_queries(1):
        first = setting_value("jpm.band_memenuhi_min")
        assert setting_value("jpm.band_masih_memenuhi_min") == 68
        assert setting_value("jpm.band_memenuhi_min") == first
    with django_assert_num_queries(2):
        setting_value("jpm.band_memenuhi_min")
        setting_value("jpm.band_memenuhi_min")


def test_a_setting_saved_during_the_request_is_read_again():
    with settings_read_once():
        assert setting_value("jpm.band_memenuhi_min") == 80
        row = Setting.objects.get(key="jpm.band_memenuhi_min")
        row.value = 75
        row.save()
        assert setting_value("jpm.band_memenuhi_min") == 75
        row.delete()
        assert setting_value("jpm.band_memenuhi_min") == 80  # the default


def test_the_signed_in_user_comes_with_employee_roles_and_unread_count(employee, hr_staff, django_assert_num_queries):
    notification_send(recipient=employee, subject="Satu", email=False)
    notification_send(recipient=employee, subject="Dua", email=False)
    with django_assert_num_queries(1):
        user = RequestUserBackend().get_user(employee.pk)
    with django_assert_num_queries(0):
        assert position_selectors.employee_for_user(user) == employee.employee
        assert user.employee == employee.employee
        assert not roles.is_hr(user) and not roles.is_assessor(user)
        assert roles.has_group(user, roles.EMPLOYEE)
        assert user.unread_count == 2
    hr = RequestUserBackend().get_user(hr_staff.pk)
    with django_assert_num_queries(0):
        assert roles.is_hr(hr) and hr.unread_count == 0
        assert position_selectors.employee_for_user(hr) is None


def test_an_inactive_or_unknown_user_is_not_loaded(employee):
    get_user_model().objects.filter(pk=employee.pk).update(is_active=False)
    assert RequestUserBackend().get_user(employee.pk) is None
    assert RequestUserBackend().get_user(987654) is None


def test_the_badge_counts_again_once_notifications_are_read(client_for, employee):
    notification_send(recipient=employee, subject="Satu", email=False)
    client = client_for(employee)
    assert client.get(reverse("core:notifications")).context["unread_notifications"] == 1
    response = client.post(reverse("core:notifications_mark_read"), {"semua": "1"}, follow=True)
    assert response.context["unread_notifications"] == 0


def test_a_signed_in_page_pays_two_queries_before_its_own(client_for, employee, django_assert_num_queries):
    client = client_for(employee)
    client.get(reverse("core:help"))
    with django_assert_num_queries(2):  # the session and the user with everything above
        assert client.get(reverse("core:help")).status_code == 200


def test_the_session_is_read_as_djangos_database_engine_reads_it(django_assert_num_queries):
    store = SessionStore()
    store["_auth_user_id"] = "7"
    store.save()
    key = store.session_key
    with django_assert_num_queries(1):
        loaded = SessionStore(key).load()
    assert loaded == DjangoStore(key).load() == {"_auth_user_id": "7"}
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} == DjangoStore(key).load()
    assert expired.session_key is None
