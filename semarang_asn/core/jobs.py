"""Long work, once for every app: a ``Job`` row, a worker that reports progress, one page.

A view starts a job with ``job_start`` (the task runs after the transaction commits) and
redirects to ``job.get_absolute_url``-like ``core:job``; the page polls a partial until the job
ends. A task body is ``job_run(job_id, work)``: ``work(job, progress)`` does the work and sets
the result; ``progress(done, total, message)`` may be called once per row.

Progress inside a transaction (an all-or-nothing import) cannot be written to the job's row,
as nobody would see it before the commit; it goes to the cache, which the page reads first.
With Redis as the cache (any deployment) the web process sees the worker's counts live.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from .exports import FORMATS, export_bytes, export_filename, export_response
from .models import Job

logger = logging.getLogger(__name__)

PROGRESS_TTL = 24 * 3600
# Write progress at most this often (seconds), and always at the end.
PROGRESS_INTERVAL = 0.4


def job_start(*, owner, kind: str, title: str, task, params: dict | None = None, input_file=None) -> Job:
    """Record the job and send ``task(job.pk)`` to a worker once the transaction commits."""
    job = Job(owner=owner, kind=kind, title=title[:200], params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.save()
    job_enqueue(job, task)
    return job


def job_enqueue(job: Job, task) -> None:
    """Send ``task(job.pk)`` once the surrounding transaction commits. A broker that is down
    leaves the job queued (the page says so) instead of breaking the request."""

    def send() -> None:
        if settings.JOBS_RUN_INLINE:
            task.apply(args=(job.pk,))
            return
        try:
            task.apply_async(args=(job.pk,), queue=settings.JOBS_QUEUE or None)
        except (KombuOperationalError, OSError):
            logger.warning("Broker unreachable; job %s left queued", job.pk, exc_info=True)

    transaction.on_commit(send)


class JobProgress:
    """``progress(done, total, message)``: throttled, to the cache always, to the row when it
    can be seen (outside a transaction)."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self.job.done, self.job.total, self.job.message = done, total, message
        cache.set(self.job.progress_key, (done, total, message), PROGRESS_TTL)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message)


def job_progress(job: Job) -> tuple[int, int, str]:
    """How far a job is: the live counts of a running job, else the row's."""
    if job.status == Job.Status.RUNNING:
        live = cache.get(job.progress_key)
        if live:
            return live
    return job.done, job.total, job.message


def job_attach(job: Job, *, name: str, content: bytes) -> None:
    """Keep a result file (error rows, an export) for the owner to download."""
    job.result_file.save(name, ContentFile(content), save=False)
    job.result_name = name


def job_run(job_id: int, work: Callable[[Job, JobProgress], None]) -> bool:
    """Run a queued job once: claim it (a second delivery finds it taken and does nothing),
    do ``work``, and record the end. A ValidationError fails the job with its message."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    job = Job.objects.get(pk=job_id)
    try:
        work(job, JobProgress(job))
    except ValidationError as exc:
        job.status, job.message = Job.Status.FAILED, " ".join(exc.messages)
    except Exception:
        logger.exception("Job %s failed", job_id)
        job.status = Job.Status.FAILED
        job.message = _(
            "Pekerjaan gagal karena kesalahan sistem. Tidak ada data yang berubah; coba lagi atau hubungi admin."
        )
    else:
        job.status = Job.Status.DONE
        job.done = max(job.done, job.total)
    job.finished_at = timezone.now()
    job.save()
    cache.delete(job.progress_key)
    return True


# --- large exports ---------------------------------------------------------------------------
# An export of up to EXPORT_INLINE_MAX_ROWS rows is written in the request, as before; a larger
# one becomes a job whose file the owner downloads from the job page. The rows are rebuilt by the
# worker from the same parameters (the list's filters), so what is exported is what was asked.


@dataclass
class ExportSpec:
    """What an export writes: ``rows`` is lazy (a generator), ``total`` its length (one COUNT)."""

    filename: str
    headers: Sequence
    rows: Iterable[Sequence]
    total: int
    sheet: str = "Data"


def export_or_job(request, *, fmt: str, spec: ExportSpec, task, params: dict, title: str) -> HttpResponse:
    """The file itself when it is small; otherwise a job (``task(job.pk)`` rebuilds ``spec`` from
    ``params`` and calls ``export_run``) and a redirect to its progress page."""
    if fmt not in FORMATS:
        raise Http404
    if spec.total <= settings.EXPORT_INLINE_MAX_ROWS:
        return export_response(fmt=fmt, filename=spec.filename, headers=spec.headers, rows=spec.rows, sheet=spec.sheet)
    job = job_start(owner=request.user, kind=Job.Kind.EXPORT, title=title, task=task, params={**params, "fmt": fmt})
    return redirect("core:job", job.pk)


def export_run(job: Job, progress: JobProgress, spec: ExportSpec) -> None:
    """A job's body for an export: write every row, counting them, and keep the file."""
    fmt = job.params["fmt"]
    writing = _("Menulis baris")

    def rows():
        for done, row in enumerate(spec.rows, start=1):
            yield row
            progress(done, spec.total, writing)

    content = export_bytes(fmt=fmt, headers=spec.headers, rows=rows(), sheet=spec.sheet)
    job_attach(job, name=f"{export_filename(spec.filename)}.{fmt}", content=content)
    job.total = spec.total
    job.message = _("%(n)s baris diekspor; unduh berkasnya.") % {"n": number_format(spec.total, force_grouping=True)}
