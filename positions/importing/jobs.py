"""Imports as long jobs (semarang_asn.core.jobs): checking a file, then applying it.

The check runs the import with ``commit=False`` and keeps the row report on the job, plus the
rows that failed, with their errors in a last column, as a file in the upload's own format:
fix the rows there and upload that file again. Applying runs the same import with
``commit=True`` on the file that was checked (all-or-nothing, audited).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from semarang_asn.core.exports import export_bytes
from semarang_asn.core.jobs import JobProgress, job_attach
from semarang_asn.core.models import Job

from ..columns import KIND_LABELS
from .competencies import import_competencies
from .employees import import_employees
from .positions import import_positions
from .reading import ERROR, ImportReport, read_dataset

IMPORTERS = {"employees": import_employees, "positions": import_positions, "competencies": import_competencies}
# Where each import sends its owner once applied, and where another file is uploaded.
DONE_URLS = {
    "employees": "positions:employee_list",
    "positions": "positions:opd_list",
    "competencies": "positions:competency_import",
}
UPLOAD_URLS = {
    "employees": "positions:import",
    "positions": "positions:import",
    "competencies": "positions:competency_import",
}
ERROR_COLUMN = "Kesalahan"


def _count(n: int) -> str:
    """A count with thousands separators in the active language (15.000 / 15,000)."""
    return number_format(n, force_grouping=True)


def _dataset(job: Job):
    with job.input_file.open("rb") as fh:
        content = fh.read()
    try:
        dataset = read_dataset(content, job.params["ext"])
    except Exception:  # tablib/openpyxl raise many types on a malformed file
        raise ValidationError(
            _("Berkas tidak dapat dibaca sebagai %(ext)s.") % {"ext": job.params["ext"].upper()}
        ) from None
    limit = settings.IMPORT_MAX_ROWS
    if dataset.height > limit:
        raise ValidationError(
            _("Berkas berisi %(rows)s baris; paling banyak %(limit)s baris per impor. Bagi berkasnya.")
            % {"rows": _count(dataset.height), "limit": _count(limit)}
        )
    return dataset


def report_data(report: ImportReport) -> dict:
    """The report as the job keeps it (JSON): counts, file errors and one compact row each."""
    return {
        "kind": report.kind,
        "counts": report.counts,
        "file_errors": report.file_errors,
        "rows": [[r.line, r.key, r.label, r.status, r.errors] for r in report.rows],
    }


def error_rows_file(dataset, report: ImportReport, ext: str) -> bytes:
    """The failed rows as they were uploaded, each with its errors in a last column."""
    errors = {r.line: r.errors for r in report.rows if r.status == ERROR}
    headers = [*(dataset.headers or []), ERROR_COLUMN]
    rows = [[*dataset[line - 2], " ".join(messages)] for line, messages in sorted(errors.items())]
    return export_bytes(fmt=ext, headers=headers, rows=rows, sheet=str(KIND_LABELS[report.kind]))


def import_check(job: Job, progress: JobProgress) -> None:
    """Work of an IMPORT_CHECK job: the preview, its report and the error rows file."""
    dataset = _dataset(job)
    kind, ext = job.params["kind"], job.params["ext"]
    importer = IMPORTERS[kind]
    report = importer(dataset, actor=job.owner, allow_update=job.params["update"], commit=False, progress=progress)
    job.result = report_data(report)
    counts = report.counts
    if report.has_errors:
        job.message = _(
            "Pemeriksaan selesai: %(error)s baris bergalat dari %(rows)s. "
            "Unduh baris bergalat, perbaiki, lalu unggah ulang."
        ) % {"error": _count(counts[ERROR]), "rows": _count(len(report.rows))}
        if counts[ERROR]:
            job_attach(job, name=f"baris-galat-{job.pk}.{ext}", content=error_rows_file(dataset, report, ext))
    else:
        job.message = _("Pemeriksaan selesai: %(new)s baru, %(update)s diperbarui, tanpa galat.") % {
            key: _count(n) for key, n in counts.items()
        }
    job.next_url = reverse("positions:import_preview", args=[job.pk])


def import_apply(job: Job, progress: JobProgress) -> None:
    """Work of an IMPORT_APPLY job: the checked file, imported all-or-nothing."""
    dataset = _dataset(job)
    importer = IMPORTERS[job.params["kind"]]
    report = importer(dataset, actor=job.owner, allow_update=job.params["update"], commit=True, progress=progress)
    job.result = report_data(report)
    if not report.applied:
        raise ValidationError(
            _(
                "Impor dibatalkan: data berubah sejak pemeriksaan dan kini ada baris bermasalah. "
                "Tidak ada data yang disimpan; unggah ulang berkasnya."
            )
        )
    job.message = _("Impor selesai: %(new)s baru, %(update)s diperbarui.") % {
        key: _count(n) for key, n in report.counts.items()
    }
    job.next_url = reverse(DONE_URLS[job.params["kind"]])
