"""Hole 3: wrong passwords lock the username and the address (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from semarang_asn.core.security import client_ip
from tests.factories import UserFactory

PASSWORD = "sandi-rahasia-123"


def _login(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=ip)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def target(db):
    return UserFactory(username="sasaran")


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(target):
    client = Client()
    for _ in range(30):
        _login(client, "sasaran", "salah")
    response = _login(client, "sasaran", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert 'name="username"' in response.content.decode()  # the product's own login page


def test_a_few_wrong_passwords_below_the_limit_still_let_the_right_one_in(target, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "sasaran", "salah")
    response = _login(client, "sasaran", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_limit_is_a_setting(target, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    _login(client, "sasaran", "salah")
    _login(client, "sasaran", "salah")
    assert _login(client, "sasaran", PASSWORD).status_code == 429


def test_a_locked_username_stays_locked_from_every_address(target):
    for n in range(5):
        _login(Client(), "sasaran", "salah", ip=f"198.51.100.{n}")
    client = Client()
    assert _login(client, "sasaran", PASSWORD, ip="192.0.2.99").status_code == 429
    assert not _signed_in(client)


def test_a_locked_address_cannot_go_on_guessing_other_usernames(target):
    UserFactory(username="lain")
    for n in range(5):
        _login(Client(), f"tebakan{n}", "salah", ip="203.0.113.50")
    from_locked = Client()
    assert _login(from_locked, "lain", PASSWORD, ip="203.0.113.50").status_code == 429
    from_elsewhere = Client()
    assert _login(from_elsewhere, "lain", PASSWORD, ip="203.0.113.51").status_code == 302


def test_an_administrator_unlocks_a_username_in_admin(target, admin_user, client_for):
    for _ in range(5):
        _login(Client(), "sasaran", "salah")
    attempt_ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    assert attempt_ids
    admin = client_for(admin_user)
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempt_ids, "post": "yes"},
    )
    assert response.status_code == 302
    client = Client()
    assert _login(client, "sasaran", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_admin_login_is_throttled_too(target):
    for _ in range(5):
        Client().post(
            reverse("admin:login"), {"username": "sasaran", "password": "salah"}, HTTP_X_FORWARDED_FOR="1.2.3.4"
        )
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "sasaran", "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: a header the client wrote is ignored
        (1, "", "10.0.0.1"),
        (1, "192.0.2.5", "192.0.2.5"),
        (1, "6.6.6.6, 192.0.2.5", "192.0.2.5"),  # the spoofed left entry is ignored
        (2, "6.6.6.6, 192.0.2.5, 10.0.0.9", "192.0.2.5"),
        (2, "192.0.2.5", "192.0.2.5"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxy_wrote(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
