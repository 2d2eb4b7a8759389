"""A form that comes back with errors: 400, a summary at the top linking to the fields, and a
title that says so; whichever view rendered it."""

from django.urls import reverse


def test_an_invalid_login_answers_400_with_a_summary_linking_to_the_fields(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in body and 'href="#id_username"' in body and 'href="#id_password"' in body
    assert "<title>Kesalahan: Masuk" in body


def test_an_invalid_hr_form_answers_400_and_a_valid_one_still_redirects(client_for, hr_staff, org):
    c = client_for(hr_staff)
    bad = c.post(reverse("positions:orgunit_create"), {"code": "", "name": ""})
    assert bad.status_code == 400 and 'href="#id_code"' in bad.content.decode()
    good = c.post(
        reverse("positions:orgunit_create"),
        {"code": "X1", "name": "Unit Baru", "kind": "bidang", "parent": org["opd"].pk},
    )
    assert good.status_code == 302


def test_a_page_without_form_errors_has_no_summary_and_a_plain_title(client, db):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200 and "error-summary" not in body
    assert "<title>Masuk · Sistem Merit ASN Kota Semarang</title>" in body


def test_a_refused_action_answers_400_with_its_page_and_the_security_headers(client_for, hr_staff, db):
    from tests.performance.conftest import make_cycle

    cycle = make_cycle(hr_staff)
    # Closing a draft cycle is refused by the service.
    response = client_for(hr_staff).post(
        reverse("performance:cycle_action", args=[cycle.pk, "tutup"]), {"confirmed": "1"}
    )
    assert response.status_code == 400 and response.context["cycle"] == cycle
    assert "Content-Security-Policy" in response
    assert 'class="alert alert-danger' in response.content.decode()


def test_a_refusal_never_renders_a_page_outside_the_product(rf, db):
    from semarang_asn.core.refusals import page_with_errors

    request = rf.post("/x/")
    assert page_with_errors(request, "https://example.org/opd/") is None
    assert page_with_errors(request, "/tidak-ada-halaman/") is None
