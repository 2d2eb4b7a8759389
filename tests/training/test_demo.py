import pytest
from django.utils import timezone

from training import demo, rules, selectors
from training.models import Course, Enrollment, ExternalTraining, JpCredit, SocialisationMaterial

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Course.objects.count(),
        Enrollment.objects.count(),
        JpCredit.objects.count(),
        ExternalTraining.objects.count(),
        SocialisationMaterial.objects.count(),
    )


def test_the_demo_catalogue_has_about_thirty_courses_with_lessons_and_quizzes(db):
    demo.seed()
    courses = Course.objects.published()
    assert 28 <= courses.count() <= 35
    assert not courses.filter(lessons__isnull=True).exists()
    assert not courses.filter(questions__isnull=True).exists()
    assert set(courses.exclude(leadership="").values_list("leadership", flat=True)) == set(rules.LEADERSHIP_PROGRAMMES)
    assert courses.filter(code__startswith="MERIT").count() >= 3


def test_the_demo_spreads_a_year_of_completions_so_some_opd_are_under_target_and_runs_once(
    employee_record, other_employee_record, org
):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    for n in range(6):
        opd = OrgUnitFactory(code=f"OPD-{n}", name=f"Dinas {n}")
        position = PositionFactory(org_unit=opd, formasi=40)
        for _ in range(30):
            position_services.assignment_create(
                employee=EmployeeFactory(), position=position, start_date=timezone.localdate().replace(day=1, month=1)
            )
    demo.seed()
    counts = _counts()
    demo.seed()
    assert _counts() == counts

    shares = [row["percent"] for row in selectors.compliance_by_opd(year=timezone.localdate().year)]
    assert min(shares) < 50 and max(shares) > 50
