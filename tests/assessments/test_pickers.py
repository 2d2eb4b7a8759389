"""The seat and assessor pickers of HR's vacancy pages."""

import pytest
from django.urls import reverse

from tests.assessments.conftest import make_vacancy
from tests.factories import PositionFactory, UserFactory

SEATS = reverse("assessments:seat_picker")
ASSESSORS = reverse("assessments:assessor_picker")


def values(body: str) -> list[str]:
    import re

    return re.findall(r'data-picker-value="([^"]+)"', body)


def test_the_seat_picker_offers_only_vacant_seats_not_under_selection_once_each_sorted(
    client_for, hr_staff, org, seat, employee_record, other_employee_record
):
    PositionFactory(code="P-SEK2", title="Sekretaris Badan", org_unit=org["bidang"], formasi=2)
    taken = PositionFactory(code="P-SEK3", title="Sekretaris Kecamatan", org_unit=org["opd"])
    make_vacancy(taken, hr_staff)  # a draft selection already runs on this seat
    body = client_for(hr_staff).get(SEATS, {"q": "P-SEK"}).content.decode()
    assert values(body) == ["P-SEK", "P-SEK2"]  # Dinas Contoh before Dinas Contoh · Bidang Satu
    assert "Dinas Contoh · Bidang Satu" in body
    filled = client_for(hr_staff).get(SEATS, {"q": "Kepala"}).content.decode()
    assert values(filled) == []  # the kepala, kabid and kasi seats are each held


def test_the_seat_picker_leaves_out_a_seat_whose_only_place_is_taken(client_for, hr_staff, supervisor_employee):
    body = client_for(hr_staff).get(SEATS, {"q": "P-KASI"}).content.decode()
    assert "P-KASI" not in values(body)


def test_the_assessor_picker_finds_active_assessors_by_name(client_for, hr_staff, assessor, employee):
    UserFactory(username="asesor-lama", groups=["Asesor"], first_name="Asesor", is_active=False)
    body = client_for(hr_staff).get(ASSESSORS, {"q": "aseso"}).content.decode()
    assert values(body) == ["asesor"]


@pytest.mark.parametrize("url", [SEATS, ASSESSORS])
def test_the_selection_pickers_are_for_hr_only(client_for, employee, assessor, official, anonymous, url):
    for user in (employee, assessor, official):
        assert client_for(user).get(url, {"q": "se"}).status_code == 403
    assert anonymous.get(url, {"q": "se"}).status_code == 302


def test_the_vacancy_form_refuses_a_seat_already_under_selection(client_for, hr_staff, seat):
    make_vacancy(seat, hr_staff)
    response = client_for(hr_staff).post(reverse("assessments:hr_create"), {"position": seat.code, "title": "X"})
    assert "bukan kursi kosong yang dapat diseleksi" in response.content.decode()


def test_the_vacancy_form_shows_the_seat_picker_and_works_without_it(client_for, hr_staff, seat):
    page = client_for(hr_staff).get(reverse("assessments:hr_create")).content.decode()
    assert f'hx-get="{SEATS}"' in page
    assert '<input type="text" name="position"' in page  # the plain field a person can type a code into


def test_the_vacancy_list_searches_filters_by_status_and_sorts(client_for, hr_staff, vacancy, org):
    make_vacancy(PositionFactory(code="P-ZZZ", title="Camat Zebra", org_unit=org["opd"]), hr_staff)
    mine, other = ">Analis Kebijakan Ahli Madya<", ">Camat Zebra<"
    client = client_for(hr_staff)
    url = reverse("assessments:hr_list")
    page = client.get(url, {"q": "zebra"}).content.decode()
    assert other in page and mine not in page
    page = client.get(url, {"status": "published"}).content.decode()
    assert mine in page and other not in page
    page = client.get(url, {"ordering": "-nomor"}).content.decode()
    assert page.index(mine) < page.index(other)  # the draft has no number yet
