"""Help: a page per role in both languages, a glossary, and links to it where terms appear."""

import pytest
from django.urls import reverse

from semarang_asn.core.help import GLOSSARY, ROLE_HELP


@pytest.mark.parametrize("role", sorted(ROLE_HELP))
@pytest.mark.parametrize(("language", "heading"), [("id", "Bantuan untuk"), ("en", "Help for")])
def test_every_role_has_a_help_page_in_both_languages(client, db, role, language, heading):
    client.cookies["django_language"] = language
    response = client.get(reverse("core:help_role", args=[role]))
    assert response.status_code == 200 and heading in response.content.decode()


def test_an_unknown_role_has_no_help_page(client, db):
    assert client.get(reverse("core:help_role", args=["tidak-ada"])).status_code == 404


def test_the_help_index_starts_with_the_users_own_roles(client, client_for, employee, hr_staff):
    assert [s for s, *_ in client.get(reverse("core:help")).context["mine"]] == ["publik"]
    assert [s for s, *_ in client_for(employee).get(reverse("core:help")).context["mine"]] == ["atasan", "pegawai"]
    assert next(s for s, *_ in client_for(hr_staff).get(reverse("core:help")).context["mine"]) == "hr"


def test_the_glossary_explains_each_term_under_its_own_anchor(client, db):
    body = client.get(reverse("core:glossary")).content.decode()
    for anchor in ("jpm", "bezetting", "plt", "berakhlak", "predikat", "kurva", "jp"):
        assert f'id="{anchor}"' in body
    assert set(GLOSSARY) == {"jpm", "bezetting", "plt", "berakhlak", "predikat", "kurva", "jp"}


def test_terms_link_to_the_glossary_where_they_appear(client_for, hr_staff, org):
    body = client_for(hr_staff).get(reverse("positions:opd_list")).content.decode()
    glossary = reverse("core:glossary")
    assert f'href="{glossary}#plt"' in body and f'href="{glossary}#bezetting"' in body


def test_every_page_carries_the_favicon_and_the_products_name(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in body
    assert "· Sistem Merit ASN Kota Semarang</title>" in body


def test_the_glossary_links_to_every_roles_help(client, db):
    body = client.get(reverse("core:glossary")).content.decode()
    for role in ROLE_HELP:
        assert f'href="{reverse("core:help_role", args=[role])}"' in body
