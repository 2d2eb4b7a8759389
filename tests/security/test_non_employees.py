"""Users who are not employees are handled as such everywhere: every GET page of the URL table
(test_url_roles.URLS, the same world) walked as the PPK, an outside assessor, a committee
assessor, HR staff and a superuser, none of whom has an Employee record. No page may crash;
a page that is an employee's own explains that the account is not linked to an employee and
links to what the reader can do instead, rather than showing an empty page."""

from __future__ import annotations

import os
import re

import pytest
from django.test import Client
from django.urls import reverse

from positions.models import Employee
from tests.security.test_url_roles import URLS, base_name

NON_EMPLOYEES = ("ppk", "outside_assessor", "assessor", "hr", "admin")
NOT_LINKED = "Akun Anda tidak terhubung dengan data pegawai"
# An employee's own pages: to anyone else they explain themselves and point elsewhere.
EMPLOYEE_PAGES = {
    "assessments:apply",
    "positions:my_profile",
    "performance:mine",
    "performance:team",
    "performance:eligibility_mine",
    "assessments:my_applications",
    "training:mine",
    "training:recommendations",
    "training:external_new",
}
GET_PAGES = sorted(name for name, spec in URLS.items() if spec.method == "get")
HREF = re.compile(r'href="(/[^"]*)"')
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def outsiders(world, django_db_blocker):
    made = {}
    with django_db_blocker.unblock():
        for role in NON_EMPLOYEES:
            user = world.users[role]
            assert not Employee.objects.filter(user=user).exists(), f"{role} is an employee in the world"
            made[role] = Client()
            made[role].force_login(user)
    return made


def _main(html: str) -> str:
    return html.split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_PAGES)
def test_no_page_fails_a_user_who_is_not_an_employee(name, world, outsiders):
    spec = URLS[name]
    url = reverse(base_name(name), kwargs=spec.kw(world) if spec.kw else None)
    found = {}
    for role, client in outsiders.items():
        response = client.get(url, follow=True)
        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
        found[role] = (response.status_code, NOT_LINKED in body)
        assert response.status_code < 500, f"{name} as {role}: {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            main = _main(body)
            assert TAG.sub("", main).strip(), f"{name} as {role}: an empty page"
            if name in EMPLOYEE_PAGES:
                assert NOT_LINKED in main, f"{name} as {role} does not explain itself"
                assert HREF.search(main.split(NOT_LINKED, 1)[1]), f"{name} as {role}: no way on"
            else:
                assert NOT_LINKED not in main, f"{name} as {role} says the account is not linked"
    if os.environ.get("URL_ROLES_RECORD"):
        print(f"\n{name} {url}: {found}")


def test_the_employee_pages_are_in_the_url_table():
    assert set(GET_PAGES) >= EMPLOYEE_PAGES
