"""Long work shows progress and can be left and come back to: the full eligibility recompute
and the exports that can be city-sized (directory, positions, promotion list, JP compliance,
a cycle's evaluations) run as core.Job above EXPORT_INLINE_MAX_ROWS rows; smaller ones are
written in the request. Jobs run inline after the commit in tests (JOBS_RUN_INLINE)."""

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from performance import rules as perf
from performance.eligibility import services as eligibility_services
from performance.models import EligibilitySnapshot
from positions.models import Employee, RankHistory
from semarang_asn.core.models import AuditEvent, Job

from .test_eligibility_services import closed_annual

pytestmark = pytest.mark.django_db


def _started(client, method: str, url: str, data=None):
    """The request, with the job it starts run as its worker would after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(url, data or {})


def _job_of(response) -> Job:
    assert response.status_code == 302, response.status_code
    job = Job.objects.get()
    assert response.url == reverse("core:job", args=[job.pk])
    return job


def _downloaded(client, job) -> str:
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert reverse("core:job_download", args=[job.pk]) in page
    body = b"".join(client.get(reverse("core:job_download", args=[job.pk])).streaming_content)
    return body.decode("utf-8-sig")


@pytest.fixture
def large(settings):
    """Every export counts as large: it goes through the job path."""
    settings.EXPORT_INLINE_MAX_ROWS = 0


EXPORTS = {
    "directory": lambda w: reverse("positions:employee_export", args=["csv"]),
    "positions": lambda w: reverse("positions:position_export", args=["csv"]),
    "compliance": lambda w: reverse("training:hr_compliance_export", args=["csv"]) + f"?year={w['year']}",
    "evaluations": lambda w: reverse("performance:export", args=[w["cycle"].pk, "csv"]),
    "promotion": lambda w: reverse("performance:promotion_export", args=["csv"]),
}


@pytest.fixture
def world(open_cycle, employee_record, other_employee_record):
    closed_annual(2024, {employee_record: perf.BAIK})
    closed_annual(2025, {employee_record: perf.BAIK})
    RankHistory.objects.filter(employee=employee_record).update(tmt=dt.date(2020, 1, 1))
    eligibility_services.eligibility_recompute_all(on=dt.date(2026, 11, 28))
    return {"cycle": open_cycle, "year": timezone.localdate().year, "employee": employee_record}


@pytest.mark.parametrize("name", list(EXPORTS))
def test_a_large_export_runs_as_a_job_and_its_file_is_downloaded_from_the_job_page(
    client_for, hr_staff, world, large, name
):
    client = client_for(hr_staff)
    job = _job_of(_started(client, "get", EXPORTS[name](world)))
    assert job.kind == Job.Kind.EXPORT and job.owner == hr_staff
    body = _downloaded(client, job)
    if name == "positions":
        assert "P-STAF" in body
    else:
        assert world["employee"].nip in body
    assert job.total >= 1 and job.done == job.total and "baris diekspor" in job.message
    assert job.result_name.endswith(".csv")


@pytest.mark.parametrize("name", list(EXPORTS))
def test_a_small_export_is_written_in_the_request(client_for, hr_staff, world, name):
    response = client_for(hr_staff).get(EXPORTS[name](world))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()


def test_the_directory_job_exports_what_the_list_was_filtered_to(client_for, hr_staff, world, large):
    client = client_for(hr_staff)
    other = Employee.objects.exclude(pk=world["employee"].pk).first()
    url = reverse("positions:employee_export", args=["csv"])
    job = _job_of(_started(client, "get", url, {"q": world["employee"].nip}))
    assert job.params["query"] == f"q={world['employee'].nip}"
    body = _downloaded(client, job)
    assert world["employee"].nip in body and other.nip not in body


def test_an_export_job_and_its_file_are_its_owners_alone(client_for, hr_staff, world, large, django_user_model):
    from semarang_asn.core import roles
    from tests.factories import UserFactory

    job = _job_of(_started(client_for(hr_staff), "get", EXPORTS["directory"](world)))
    colleague = UserFactory(username="hr2", groups=[roles.HR])
    assert client_for(colleague).get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_an_unknown_format_is_a_404_before_any_job(client_for, hr_staff, world, large):
    assert client_for(hr_staff).get(reverse("positions:employee_export", args=["pdf"])).status_code == 404
    assert not Job.objects.exists()


# --- the full eligibility recompute -------------------------------------------------------


def test_hr_starts_the_full_recompute_as_a_job_and_comes_back_to_its_result(client_for, hr_staff, world):
    before = EligibilitySnapshot.objects.get(is_current=True)
    client = client_for(hr_staff)
    assert "Hitung ulang sekarang" in client.get(reverse("performance:promotion_list")).content.decode()
    job = _job_of(_started(client, "post", reverse("performance:eligibility_recompute")))
    job.refresh_from_db()
    assert (job.kind, job.status) == (Job.Kind.RECOMPUTE, Job.Status.DONE)
    assert (job.done, job.total) == (3, 3) and "Snapshot baru berlaku" in job.message
    current = EligibilitySnapshot.objects.get(is_current=True)
    assert current.pk != before.pk and job.result["snapshot"] == current.pk
    assert job.next_url == reverse("performance:promotion_list")
    assert AuditEvent.objects.filter(action="eligibility.recompute", actor=hr_staff).exists()
    listing = client.get(reverse("core:jobs")).content.decode()
    assert "Hitung ulang kelayakan seluruh pegawai" in listing


def test_the_recompute_is_hrs_and_a_post(client_for, hr_staff, employee, supervisor):
    url = reverse("performance:eligibility_recompute")
    assert client_for(hr_staff).get(url).status_code == 405
    for user in (employee, supervisor):
        assert client_for(user).post(url).status_code == 403
    assert not Job.objects.exists()
