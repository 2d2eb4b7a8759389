import pytest

from assessments.models import Vacancy
from tests.factories import PositionFactory

from .conftest import make_vacancy, publish

pytestmark = pytest.mark.django_db


def test_hr_can_keep_two_drafts_at_once_and_each_gets_its_code_at_publication(seat, hr_staff, org):
    first = make_vacancy(seat, hr_staff)
    other_seat = PositionFactory(code="P-SEK9", org_unit=org["opd"], type="JF", level="ahli_madya")
    second = make_vacancy(other_seat, hr_staff)
    assert Vacancy.objects.filter(pk__in=[first.pk, second.pk], code="").count() == 2
    published = [publish(v, hr_staff, on=v.registration_opens) for v in (first, second)]
    assert len({v.code for v in published}) == 2
