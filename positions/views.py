"""Pages of org units, positions and employees: HR manages, an employee reads their own profile."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semarang_asn.core.exports import export_response
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.jobs import export_or_job, job_enqueue, job_start
from semarang_asn.core.models import Job
from semarang_asn.core.params import query_id
from semarang_asn.core.pickers import PICKER_LIMIT, PickerOption, picker_query, picker_response
from semarang_asn.core.roles import hr_required, not_an_employee

from . import exporting, importing, selectors, services, tasks
from .columns import KIND_LABELS
from .filters import EmployeeDirectoryFilter, PositionListFilter
from .forms import (
    AssignmentEndForm,
    AssignmentForm,
    DisciplineForm,
    EmployeeForm,
    ImportForm,
    OrgUnitForm,
    PositionForm,
    RankHistoryForm,
    StandardForm,
)
from .models import Assignment, DisciplinaryRecord, Employee, OrgUnit, Position, PositionCompetency, RankHistory

PAGE_SIZE = 50


def _form_page(request, form, title: str, back: str, **extra):
    return render(request, "positions/form.html", {"form": form, "title": title, "back": back, **extra})


# --- OPD and org units --------------------------------------------------------------------


@hr_required
def opd_list(request):
    opds = selectors.opd_summary()
    keys = ("formasi", "bezetting", "vacant", "surplus", "acting")
    totals = {key: sum(getattr(opd, key) for opd in opds) for key in keys}
    # Built once for the table, whose rows read their kind's label from it.
    context = {"opds": opds, "totals": totals, "kind_labels": dict(OrgUnit.Kind.choices)}
    return render(request, "positions/opd_list.html", context)


@hr_required
def opd_detail(request, pk: int):
    opd = get_object_or_404(OrgUnit, pk=pk, parent__isnull=True)
    units = selectors.opd_table(opd)
    positions = [p for unit in units for p in unit.rows]
    totals = {
        "formasi": sum(p.formasi for p in positions),
        "bezetting": sum(p.bezetting for p in positions),
        "vacant": sum(p.vacant_seats for p in positions),
        "acting": sum(p.acting for p in positions),
    }
    context = {
        "opd": opd,
        "units": units,
        "totals": totals,
        # Built once for the table: its rows read labels and links from these.
        "level_labels": dict(Position.Level.choices),
        "kind_labels": dict(OrgUnit.Kind.choices),
    }
    return render(request, "positions/opd_detail.html", context)


def _opd_url(unit: OrgUnit):
    return redirect("positions:opd_detail", unit.opd_id or unit.pk)


@hr_required
def orgunit_create(request):
    parent = OrgUnit.objects.filter(pk=query_id(request.GET, "induk")).first()
    form = OrgUnitForm(request.POST or None, initial={"parent": parent})
    if form.is_valid():
        try:
            unit = services.orgunit_save(unit=form.instance, version=form.cleaned_data["version"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
            return _opd_url(unit)
    back = (
        reverse("positions:opd_detail", args=[parent.opd_id or parent.pk]) if parent else reverse("positions:opd_list")
    )
    return _form_page(request, form, _("Tambah unit organisasi"), back)


@hr_required
def orgunit_edit(request, pk: int):
    unit = get_object_or_404(OrgUnit, pk=pk)
    form = OrgUnitForm(request.POST or None, instance=unit)
    if form.is_valid():
        try:
            unit = services.orgunit_save(unit=form.instance, version=form.cleaned_data["version"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": unit.name})
            return _opd_url(unit)
    back = reverse("positions:opd_detail", args=[unit.opd_id or unit.pk])
    return _form_page(request, form, _("Ubah unit %(name)s") % {"name": unit.name}, back)


# --- positions ----------------------------------------------------------------------------


@hr_required
def position_detail(request, pk: int):
    position = selectors.position_page(pk)
    return render(request, "positions/position_detail.html", {"position": position})


@hr_required
def position_create(request):
    unit = OrgUnit.objects.filter(pk=query_id(request.GET, "unit")).first()
    form = PositionForm(request.POST or None, initial={"org_unit": unit, "formasi": 1})
    back = reverse("positions:opd_detail", args=[unit.opd_id or unit.pk]) if unit else reverse("positions:opd_list")
    return _position_form(request, form, _("Tambah jabatan"), back)


@hr_required
def position_edit(request, pk: int):
    position = get_object_or_404(Position.objects.select_related("org_unit"), pk=pk)
    form = PositionForm(request.POST or None, instance=position)
    back = reverse("positions:position_detail", args=[position.pk])
    return _position_form(request, form, _("Ubah jabatan %(title)s") % {"title": position.title}, back)


def _position_form(request, form: PositionForm, title: str, back: str):
    if form.is_valid():
        try:
            position = services.position_save(
                position=form.instance, actor=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Jabatan %(title)s disimpan.") % {"title": position.title})
            return redirect("positions:opd_detail", position.org_unit.opd_id or position.org_unit_id)
    return _form_page(request, form, title, back)


@hr_required
def position_standard(request, pk: int):
    position = get_object_or_404(Position, pk=pk)
    current = dict(PositionCompetency.objects.filter(position=position).values_list("competency_id", "required_level"))
    form = StandardForm(request.POST or None, current=current)
    if form.is_valid():
        try:
            services.position_set_standard(position=position, levels=form.levels(), actor=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Standar kompetensi disimpan."))
            return redirect("positions:position_detail", position.pk)
    return render(request, "positions/standard_form.html", {"form": form, "position": position})


@hr_required
def position_export(request, fmt: str):
    return _export(request, fmt, "positions")


def _export(request, fmt: str, kind: str) -> HttpResponse:
    """Small exports download at once; a large one (the city's directory) is a job."""
    query = request.GET.urlencode()
    return export_or_job(
        request,
        fmt=fmt,
        spec=exporting.export_spec(kind, owner=request.user, query=query),
        task=tasks.export_job,
        params={"kind": kind, "query": query},
        title=_("Ekspor %(kind)s") % {"kind": str(KIND_LABELS[kind]).lower()},
    )


# --- employees ----------------------------------------------------------------------------


@hr_required
def employee_list(request):
    filterset = EmployeeDirectoryFilter(request.GET or None, queryset=selectors.employee_directory(request.user))
    employees = selectors.DirectoryList(filterset.qs, search=filterset.name_search())
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "rows": page.object_list, "query": query.urlencode()}
    return render(request, "positions/employee_list.html", context)


@hr_required
def employee_picker(request):
    """Picker endpoint: active employees by name or NIP, with their post, OPD and unit."""
    rows = selectors.employee_matches(request.user, picker_query(request), limit=PICKER_LIMIT)
    return picker_response(request, [PickerOption(e.nip, e.name, employee_place(e.position)) for e in rows])


def employee_place(position: Position | None) -> str:
    return f"{position.title} — {position.place}" if position else _("Tanpa jabatan aktif")


@hr_required
def position_list(request):
    filterset = PositionListFilter(request.GET or None, queryset=selectors.position_list(request.user))
    page = Paginator(selectors.by_vacancy(filterset.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "positions/position_list.html", {"filter": filterset, "page": page})


@hr_required
def position_picker(request):
    """Picker endpoint: active positions by code, title or unit, with their OPD and unit."""
    rows = selectors.position_matches(request.user, picker_query(request), limit=PICKER_LIMIT)
    return picker_response(request, [PickerOption(p.code, p.title, p.place) for p in rows])


@hr_required
def employee_export(request, fmt: str):
    return _export(request, fmt, "employees")


@login_required
def employee_detail(request, pk: int):
    employee = selectors.employee_visible_to(request.user, pk)
    context = {"employee": employee, **selectors.employee_profile(employee)}
    return render(request, "positions/employee_detail.html", context)


@login_required
def my_profile(request):
    employee = selectors.employee_for_user(request.user)
    if employee is None:
        return not_an_employee(request, title=_("Profil saya"))
    return redirect("positions:employee_detail", employee.pk)


@hr_required
def employee_create(request):
    form = EmployeeForm(request.POST or None)
    return _employee_form(request, form, _("Tambah pegawai"), reverse("positions:employee_list"))


@hr_required
def employee_edit(request, pk: int):
    employee = get_object_or_404(Employee, pk=pk)
    form = EmployeeForm(request.POST or None, instance=employee)
    back = reverse("positions:employee_detail", args=[employee.pk])
    return _employee_form(request, form, _("Ubah data %(name)s") % {"name": employee.full_name}, back)


def _employee_form(request, form: EmployeeForm, title: str, back: str):
    if form.is_valid():
        try:
            employee = services.employee_save(
                employee=form.instance, actor=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": employee.full_name})
            return redirect("positions:employee_detail", employee.pk)
    return _form_page(request, form, title, back)


@hr_required
def assignment_add(request, pk: int):
    employee = get_object_or_404(Employee, pk=pk)
    form = AssignmentForm(request.POST or None, initial={"position": request.GET.get("jabatan", "")})
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}  # a new row has none
        try:
            services.assignment_create(employee=employee, actor=request.user, reason=data["decree_number"], **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Riwayat jabatan ditambahkan."))
            return redirect("positions:employee_detail", employee.pk)
    title = _("Tambah jabatan untuk %(name)s") % {"name": employee.full_name}
    return _form_page(request, form, title, reverse("positions:employee_detail", args=[employee.pk]))


@hr_required
def assignment_end(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("employee", "position"), pk=pk)
    form = AssignmentEndForm(request.POST or None)
    if form.is_valid():
        try:
            services.assignment_end(assignment=assignment, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Jabatan diakhiri."))
            return redirect("positions:employee_detail", assignment.employee_id)
    title = _("Akhiri jabatan %(title)s") % {"title": assignment.position.title}
    back = reverse("positions:employee_detail", args=[assignment.employee_id])
    return _form_page(request, form, title, back, subject=assignment.employee)


@hr_required
def assignment_edit(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("employee", "position"), pk=pk)
    initial = {
        "position": assignment.position.code,
        "kind": assignment.kind,
        "start_date": assignment.start_date,
        "end_date": assignment.end_date,
        "decree_number": assignment.decree_number,
        "note": assignment.note,
    }
    form = AssignmentForm(request.POST or None, initial=initial, correcting=True, record=assignment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_update(assignment=assignment, actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Riwayat jabatan diperbaiki."))
            return redirect("positions:employee_detail", assignment.employee_id)
    title = _("Perbaiki riwayat jabatan %(title)s") % {"title": assignment.position.title}
    back = reverse("positions:employee_detail", args=[assignment.employee_id])
    return _form_page(request, form, title, back, subject=assignment.employee)


@hr_required
def rank_add(request, pk: int):
    employee = get_object_or_404(Employee, pk=pk)
    form = RankHistoryForm(request.POST or None)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}  # a new row has none
        try:
            services.rank_history_add(employee=employee, actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Riwayat pangkat ditambahkan."))
            return redirect("positions:employee_detail", employee.pk)
    title = _("Tambah riwayat pangkat %(name)s") % {"name": employee.full_name}
    return _form_page(request, form, title, reverse("positions:employee_detail", args=[employee.pk]))


@hr_required
def rank_edit(request, pk: int):
    row = get_object_or_404(RankHistory.objects.select_related("employee", "rank"), pk=pk)
    initial = {"rank": row.rank, "tmt": row.tmt, "kind": row.kind, "decree_number": row.decree_number}
    form = RankHistoryForm(request.POST or None, initial=initial, correcting=True, record=row)
    if form.is_valid():
        try:
            services.rank_history_update(row=row, actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Riwayat pangkat diperbaiki."))
            return redirect("positions:employee_detail", row.employee_id)
    title = _("Perbaiki riwayat pangkat %(rank)s") % {"rank": row.rank.code}
    back = reverse("positions:employee_detail", args=[row.employee_id])
    return _form_page(request, form, title, back, subject=row.employee)


@hr_required
def discipline_add(request, pk: int):
    employee = get_object_or_404(Employee, pk=pk)
    form = DisciplineForm(request.POST or None)
    form.instance.employee = employee
    if form.is_valid():
        try:
            services.discipline_add(record=form.instance, actor=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Hukuman disiplin dicatat."))
            return redirect("positions:employee_detail", employee.pk)
    title = _("Catat hukuman disiplin %(name)s") % {"name": employee.full_name}
    return _form_page(request, form, title, reverse("positions:employee_detail", args=[employee.pk]))


@hr_required
def discipline_edit(request, pk: int):
    record = get_object_or_404(DisciplinaryRecord.objects.select_related("employee"), pk=pk)
    form = DisciplineForm(request.POST or None, instance=record, correcting=True)
    if form.is_valid():
        try:
            services.discipline_update(
                record=form.instance,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Hukuman disiplin diperbaiki."))
            return redirect("positions:employee_detail", record.employee_id)
    title = _("Perbaiki hukuman disiplin")
    back = reverse("positions:employee_detail", args=[record.employee_id])
    return _form_page(request, form, title, back, subject=record.employee)


# --- import -------------------------------------------------------------------------------


IMPORT_PAGE_SIZE = 100
TEMPLATE_STEMS = {
    "employees": "templat-pegawai",
    "positions": "templat-jabatan",
    "competencies": "templat-pemetaan-kompetensi",
}


def import_check_start(request, upload, *, kind: str, update: bool) -> Job:
    """The upload kept on a job (under a name of ours) that a worker checks; every import starts here."""
    ext = upload.name.lower().rsplit(".", 1)[-1]
    upload.name = f"{uuid.uuid4().hex}.{ext}"
    return job_start(
        owner=request.user,
        kind=Job.Kind.IMPORT_CHECK,
        title=_("Pemeriksaan impor %(kind)s") % {"kind": str(KIND_LABELS[kind]).lower()},
        task=tasks.import_check,
        params={"kind": kind, "ext": ext, "update": update},
        input_file=upload,
    )


@hr_required
def import_upload(request):
    """Upload: the file is kept on a job and checked by a worker; the page shows the progress."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        job = import_check_start(request, data["file"], kind=data["kind"], update=data["update_existing"])
        return redirect("core:job", job.pk)
    return render(request, "positions/import.html", {"form": form, "max_rows": settings.IMPORT_MAX_ROWS})


def _checked_import(request, pk: int) -> Job:
    return get_object_or_404(
        Job, pk=pk, owner=request.user, kind=Job.Kind.IMPORT_CHECK, status=Job.Status.DONE, result__isnull=False
    )


@hr_required
def import_preview(request, pk: int):
    """The checked file, paged; "galat=1" shows the failed rows only."""
    job = _checked_import(request, pk)
    report = importing.ImportReport.from_data(job.result)
    errors_only = request.GET.get("galat") == "1"
    rows = [row for row in report.rows if row.status == "error"] if errors_only else report.rows
    context = {
        "job": job,
        "report": report,
        "page": Paginator(rows, IMPORT_PAGE_SIZE).get_page(request.GET.get("page")),
        "errors_only": errors_only,
        "query": "galat=1" if errors_only else "",
        "upload_url": reverse(importing.UPLOAD_URLS[report.kind]),
    }
    return render(request, "positions/import_preview.html", context)


@hr_required
@require_POST
def import_confirm(request, pk: int):
    """Apply the checked file: a second job, all-or-nothing."""
    checked = _checked_import(request, pk)
    if checked.result["file_errors"] or checked.result["counts"]["error"]:
        messages.error(request, _("Berkas ini masih berisi baris bergalat; perbaiki lalu unggah ulang."))
        return redirect("positions:import_preview", pk)
    job = Job.objects.create(
        owner=request.user,
        kind=Job.Kind.IMPORT_APPLY,
        title=_("Impor %(kind)s") % {"kind": str(KIND_LABELS[checked.params["kind"]]).lower()},
        params={**checked.params, "checked": checked.pk},
        input_file=checked.input_file.name,
    )
    job_enqueue(job, tasks.import_apply)
    return redirect("core:job", job.pk)


@hr_required
def import_template(request, kind: str, fmt: str):
    """The template: header and an example row; the XLSX one adds sheets of allowed codes."""
    if kind not in importing.IMPORTERS:
        raise Http404
    headers, rows = exporting.template_rows(kind)
    stem = TEMPLATE_STEMS[kind]
    sheets = exporting.template_code_sheets(kind) if fmt == "xlsx" else ()
    return export_response(
        fmt=fmt, filename=stem, headers=headers, rows=rows, sheet=str(KIND_LABELS[kind]), extra_sheets=sheets
    )
