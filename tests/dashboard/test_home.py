import pytest

from semarang_asn.core import roles

pytestmark = pytest.mark.django_db


def test_the_public_home_invites_to_log_in(anonymous):
    page = anonymous.get("/")
    assert page.status_code == 200
    assert "Sistem Merit ASN Kota Semarang" in page.content.decode()
    assert 'href="/masuk/"' in page.content.decode()


def test_hr_home_shows_formasi_and_bezetting_totals(client_for, hr_staff, employee_record):
    page = client_for(hr_staff).get("/")
    assert page.status_code == 200
    assert page.context["totals"]["bezetting"] == 4
    assert page.context["totals"]["formasi"] == 6


def test_an_employee_home_links_to_their_own_profile(client_for, employee, employee_record):
    page = client_for(employee).get("/")
    assert page.status_code == 200
    assert f"/pegawai/{employee_record.pk}/" in page.content.decode()
    assert "totals" not in page.context


def test_a_user_with_no_employee_record_is_told_to_contact_bkpp(client_for, db):
    from tests.factories import UserFactory

    page = client_for(UserFactory(username="tanpa-data")).get("/").content.decode()
    assert "Akun Anda tidak terhubung dengan data pegawai" in page
    assert "minta BKPP menghubungkan akun ini" in page


def test_the_login_page_logs_in_and_lands_on_home(anonymous, employee):
    response = anonymous.post("/masuk/", {"username": "pegawai", "password": "sandi-rahasia-123"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_wrong_password_shows_an_indonesian_error(anonymous, employee):
    response = anonymous.post("/masuk/", {"username": "pegawai", "password": "salah"})
    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_the_language_switcher_serves_english(client_for, employee):
    c = client_for(employee)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = c.get("/")
    assert page.wsgi_request.LANGUAGE_CODE == "en"


def test_a_user_changes_their_password(client_for, employee):
    c = client_for(employee)
    response = c.post(
        "/akun/sandi/",
        {
            "old_password": "sandi-rahasia-123",
            "new_password1": "Semarang-baru-2026!",
            "new_password2": "Semarang-baru-2026!",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password("Semarang-baru-2026!")


def test_a_wrong_old_password_changes_nothing(client_for, employee):
    response = client_for(employee).post(
        "/akun/sandi/",
        {"old_password": "keliru", "new_password1": "Semarang-baru-2026!", "new_password2": "Semarang-baru-2026!"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    employee.refresh_from_db()
    assert employee.check_password("sandi-rahasia-123")


def test_an_assessor_without_an_employee_record_sees_no_employee_menus(client_for, assessor):
    page = client_for(assessor).get("/").content.decode()
    assert "Riwayat kinerja saya" not in page
    assert "Profil saya" not in page
    assert "Seleksi Terbuka" in page


def test_a_refused_page_explains_in_indonesian_in_the_product_look(client_for, employee):
    response = client_for(employee).get("/pegawai/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page
    assert "Sistem Merit ASN" in page


def test_a_missing_page_explains_in_indonesian(client_for, employee):
    response = client_for(employee).get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_an_expired_form_says_nothing_was_saved(employee):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(employee)
    response = c.post("/akun/sandi/", {"old_password": "x"})
    assert response.status_code == 403
    assert "tidak ada yang disimpan" in response.content.decode()


def _main(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_each_role_home_is_the_one_rendered_afresh_whoever_came_before(
    employee, other_employee, supervisor, hr_staff, assessor, official, admin_user
):
    """The cards' fixed parts are remembered per language ({% memo %}) and the figures are
    prepared once per process (core.prepared): served after every other role, each home page
    is byte for byte the one rendered with nothing remembered or prepared."""
    from django.test import Client

    from semarang_asn.core import prepared
    from semarang_asn.core.templatetags import ui
    from tests.factories import EmployeeFactory, UserFactory

    hr_employee = UserFactory(username="hr-pegawai", groups=[roles.HR, roles.EMPLOYEE], first_name="Hera")
    EmployeeFactory(user=hr_employee)
    people = [employee, other_employee, supervisor, hr_staff, hr_employee, assessor, official, admin_user]

    def client(user, language):
        c = Client()
        c.cookies["django_language"] = language
        c.force_login(user)
        return c

    fresh = {}
    for language in ("id", "en"):
        for user in people:
            ui._forget_fragments()
            prepared._forget_shapes()
            fresh[language, user.username] = _main(client(user, language))
    for language in ("en", "id"):
        for user in reversed(people):
            assert _main(client(user, language)) == fresh[language, user.username], (language, user.username)
    assert "Selamat datang" in fresh["id", "pegawai"] and "Riwayat kinerja saya" in fresh["id", "pegawai"]
    assert "Riwayat kinerja saya" not in fresh["id", hr_staff.username]
    assert "Formasi dan bezetting" in fresh["id", hr_staff.username]
    assert "Keputusan pengangkatan (PPK)" in fresh["id", official.username]
