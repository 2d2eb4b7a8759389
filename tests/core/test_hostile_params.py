"""Hole 8: bad query parameters and ids give 400/404 or are ignored, never a 500."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

HOSTILE = ["abc", "-1", "0", "99999999999999999999", "1 OR 1=1", "1'--", "%00", "１２"]

# Every page that turns a query parameter into a lookup, and the parameters it reads.
QUERY_PAGES = [
    ("positions:orgunit_create", [], ["induk"]),
    ("positions:position_create", [], ["unit"]),
    ("positions:employee_list", [], ["opd", "rank", "position_type", "status", "q", "page"]),
    ("positions:employee_export", ["csv"], ["opd", "rank", "position_type", "status", "q"]),
    ("positions:assignment_add", ["<employee>"], ["jabatan"]),
    ("positions:competency_list", ["<employee>"], ["jabatan"]),
    ("performance:pengisian", ["<cycle>"], ["page"]),
]


@pytest.fixture
def hr_client(hr_staff, client_for):
    client = client_for(hr_staff)
    client.raise_request_exception = False
    return client


@pytest.fixture
def cycle(hr_staff, employee_record):
    from tests.performance.conftest import make_cycle

    return make_cycle(hr_staff)


def _args(args, employee_record, cycle):
    return [{"<employee>": employee_record.pk, "<cycle>": cycle.pk}.get(a, a) for a in args]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(("name", "args", "params"), QUERY_PAGES, ids=[p[0] for p in QUERY_PAGES])
def test_a_page_answers_hostile_query_values_without_a_server_error(
    hr_client, employee_record, cycle, name, args, params, value
):
    path = reverse(name, args=_args(args, employee_record, cycle))
    for param in params:
        response = hr_client.get(path, {param: value})
        assert response.status_code in (200, 400, 404), (path, param, value, response.status_code)


def test_the_scanner_urls_from_the_issue_are_ignored_not_500(hr_client, db):
    assert hr_client.get("/unit/baru/?induk=abc").status_code == 200
    assert hr_client.get("/jabatan/baru/?unit=abc").status_code == 200


def _int_routes(patterns, prefix="", namespace=""):
    """(url name, kwargs names) of every route in the project that takes an <int:…> id."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _int_routes(entry.url_patterns, prefix, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            if any(isinstance(c, IntConverter) for c in converters.values()):
                yield f"{namespace}{entry.name}", converters


INT_ROUTES = sorted(_int_routes(get_resolver().url_patterns), key=lambda r: r[0])


@pytest.mark.parametrize("huge", [99999999999999999999])
@pytest.mark.parametrize(("name", "converters"), INT_ROUTES, ids=[r[0] for r in INT_ROUTES])
def test_every_id_in_a_url_may_be_out_of_range_without_a_server_error(
    hr_staff, admin_user, client_for, name, converters, huge
):
    kwargs = {key: huge if isinstance(conv, IntConverter) else "csv" for key, conv in converters.items()}
    path = reverse(name, kwargs=kwargs)
    for user in (hr_staff, admin_user):
        client = client_for(user)
        client.raise_request_exception = False
        for method in (client.get, client.post):
            status = method(path).status_code
            assert status < 500, (path, method.__name__, user.username, status)


def test_anonymous_scanners_get_no_server_error_either(db):
    client = Client(raise_request_exception=False)
    for value in HOSTILE:
        assert client.get(reverse("assessments:public_list"), {"page": value, "q": value}).status_code < 500
