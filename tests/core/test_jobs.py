"""Long jobs (core.Job): run once, report progress, fail readably, seen by their owner only."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from semarang_asn.core.jobs import job_progress, job_run
from semarang_asn.core.models import Job

pytestmark = pytest.mark.django_db


def _job(owner, **kwargs):
    return Job.objects.create(owner=owner, kind=Job.Kind.IMPORT_CHECK, title="Pemeriksaan impor pegawai", **kwargs)


def test_a_job_runs_once_even_when_its_task_is_delivered_twice(hr_staff):
    job = _job(hr_staff)
    calls = []

    def work(job, progress):
        calls.append(job.pk)
        progress(3, 3, "Memeriksa baris")
        job.message = "Selesai."

    assert job_run(job.pk, work) is True
    assert job_run(job.pk, work) is False
    job.refresh_from_db()
    assert calls == [job.pk]
    assert (job.status, job.done, job.total, job.message) == (Job.Status.DONE, 3, 3, "Selesai.")
    assert job.started_at and job.finished_at


def test_a_refused_job_fails_with_the_services_message(hr_staff):
    job = _job(hr_staff)

    def work(job, progress):
        raise ValidationError("Berkas berisi 30.000 baris; paling banyak 25.000 baris per impor.")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Berkas berisi 30.000 baris; paling banyak 25.000 baris per impor."


def test_a_crashing_job_fails_with_a_message_that_hides_the_crash(hr_staff):
    job = _job(hr_staff)

    def work(job, progress):
        raise RuntimeError("relation does not exist")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "relation" not in job.message and "kesalahan sistem" in job.message


def test_progress_inside_a_transaction_is_seen_live_through_the_cache(hr_staff):
    job = _job(hr_staff)
    seen = []

    def work(job, progress):
        with transaction.atomic():
            progress(40, 100, "Memeriksa baris")  # the first report is always written
            running = Job.objects.get(pk=job.pk)
            seen.append(job_progress(running))
            seen.append((running.done, running.total))

    job_run(job.pk, work)
    assert seen == [(40, 100, "Memeriksa baris"), (0, 0)]
    assert cache.get(job.progress_key) is None  # cleared at the end


def test_the_job_page_polls_while_running_and_stops_when_done(client_for, hr_staff):
    job = _job(hr_staff, status=Job.Status.RUNNING, done=5, total=20)
    client = client_for(hr_staff)
    running = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in running and 'value="25"' in running and "5 / 20" in running
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=20, message="Pemeriksaan selesai.")
    done = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in done and 'value="100"' in done and "Pemeriksaan selesai." in done


def test_jobs_are_their_owners_alone(client_for, hr_staff, employee, anonymous):
    job = _job(hr_staff, status=Job.Status.DONE)
    for name in ("core:job", "core:job_progress", "core:job_download"):
        assert client_for(employee).get(reverse(name, args=[job.pk])).status_code == 404
        assert anonymous.get(reverse(name, args=[job.pk])).status_code == 302
    assert "Pemeriksaan impor pegawai" not in client_for(employee).get(reverse("core:jobs")).content.decode()
    assert client_for(hr_staff).get(reverse("core:job_download", args=[job.pk])).status_code == 404  # no file


def test_my_jobs_page_is_paged_with_a_constant_number_of_queries(client_for, hr_staff, django_assert_max_num_queries):
    client = client_for(hr_staff)
    _job(hr_staff)
    with django_assert_max_num_queries(8):
        small = client.get(reverse("core:jobs"))
    Job.objects.bulk_create([Job(owner=hr_staff, kind=Job.Kind.CYCLE_OPEN, title=f"Pembukaan {i}") for i in range(60)])
    with django_assert_max_num_queries(8):
        large = client.get(reverse("core:jobs"))
    assert len(small.context["page"].object_list) == 1
    assert len(large.context["page"].object_list) == 25
    assert large.context["page"].paginator.count == 61
