"""The navigation menus are rendered once per combination of roles (``{% memo %}`` in base.html):
each role still sees exactly its own entries, whoever was served before it, in either language,
and nothing personal (a name, a count, a CSRF token) is ever repeated to someone else."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from semarang_asn.core import roles
from semarang_asn.core.templatetags import ui
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

# Entries of the main menu and who sees them.
EMPLOYEE_ONLY = [
    "positions:my_profile",
    "training:mine",
    "training:recommendations",
    "performance:mine",
    "performance:team",
    "performance:calibrations_mine",
]
HR_ONLY = [
    "positions:opd_list",
    "core:audit_list",
    "training:hr_courses",
    "training:hr_compliance",
    "performance:cycles",
    "dashboard:merit",
    "assessments:hr_list",
]
EMPLOYEE_OR_HR = ["training:catalogue"]
SIGNED_IN = ["assessments:my_applications"]
ASSESSOR_ONLY = ["assessments:committee_list"]
OFFICIAL_ONLY = ["assessments:official_list"]
EVERYONE = ["assessments:public_list", "dashboard:home", "core:help"]


@pytest.fixture
def people(employee, hr_staff, assessor, official, admin_user):
    hr_employee = UserFactory(username="hr-pegawai", groups=[roles.HR, roles.EMPLOYEE], first_name="Hera")
    EmployeeFactory(user=hr_employee)
    return {
        "anonymous": None,
        "employee": employee,
        "hr": hr_staff,
        "hr_employee": hr_employee,
        "assessor": assessor,
        "official": official,
        "admin": admin_user,
    }


def _client(user, language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def _navigation(client: Client) -> str:
    html = client.get(reverse("core:help")).content.decode()
    nav = html[html.index('<a class="visually-hidden-focusable"') : html.index("</nav>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", nav)


def _menu(nav: str) -> str:
    return nav[
        nav.index('<ul class="navbar-nav me-auto">') : nav.index('<div class="d-flex align-items-center gap-2">')
    ]


def _expected(name: str, user) -> set[str]:
    employee = user is not None and hasattr(user, "employee")
    hr = user is not None and (user.is_superuser or roles.has_group(user, roles.HR))
    wanted = set(EVERYONE)
    if user is not None:
        wanted |= set(SIGNED_IN)
    if employee:
        wanted |= set(EMPLOYEE_ONLY)
    if hr:
        wanted |= set(HR_ONLY)
    if employee or hr:
        wanted |= set(EMPLOYEE_OR_HR)
    if user is not None and roles.has_group(user, roles.ASSESSOR):
        wanted |= set(ASSESSOR_ONLY)
    if user is not None and (user.is_superuser or roles.has_group(user, roles.APPOINTING_OFFICIAL)):
        wanted |= set(OFFICIAL_ONLY)
    return wanted


ALL_ENTRIES = EMPLOYEE_ONLY + HR_ONLY + EMPLOYEE_OR_HR + SIGNED_IN + ASSESSOR_ONLY + OFFICIAL_ONLY


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_role_sees_exactly_its_menu_entries_whoever_came_before(people, language):
    # Serve every role once so that every version of the menu is remembered, then again.
    for _round in range(2):
        for name, user in people.items():
            nav = _navigation(_client(user, language))
            menu = _menu(nav)
            wanted = _expected(name, user)
            for entry in ALL_ENTRIES:
                assert (f'href="{reverse(entry)}"' in menu) == (entry in wanted), (name, entry)
            for entry in EVERYONE:
                assert f'href="{reverse(entry)}"' in nav, (name, entry)


def test_a_remembered_menu_is_the_one_rendered_afresh(people):
    """Byte for byte, in both languages, after every other role was served."""
    fresh = {}
    for language in ("id", "en"):
        for name, user in people.items():
            ui._forget_fragments()
            fresh[language, name] = _navigation(_client(user, language))
    for language in ("en", "id"):
        for name, user in reversed(people.items()):
            assert _navigation(_client(user, language)) == fresh[language, name], (language, name)
    assert "Lowongan dan pengumuman" in fresh["id", "anonymous"]
    assert "Lowongan dan pengumuman" not in fresh["en", "anonymous"]


def test_nothing_personal_is_remembered(employee, other_employee):
    from semarang_asn.core.services import notification_send

    notification_send(recipient=employee, subject="Satu", email=False)
    first = _client(employee, "id").get(reverse("core:help")).content.decode()
    second = _client(other_employee, "id").get(reverse("core:help")).content.decode()
    names = [re.findall(r'btn-light dropdown-toggle"[^>]*>\s*([^<]+?)\s*</button>', html) for html in (first, second)]
    assert names == [[employee.get_full_name()], [other_employee.get_full_name()]]
    assert '<span class="badge text-bg-warning">1</span>' in first
    assert '<span class="badge text-bg-warning">' not in second
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in (first, second)]
    assert tokens[0] and tokens[1] and not set(tokens[0]) & set(tokens[1])


def test_a_changed_setting_renders_the_menus_again(employee, settings):
    assert 'href="/bantuan/"' in _navigation(_client(employee, "id"))
    settings.FORCE_SCRIPT_NAME = None  # any override_settings forgets the remembered fragments
    assert not ui._MEMO
