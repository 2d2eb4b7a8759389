"""Competency assessment records (pemetaan kompetensi): HR records them by form or by
CSV/XLSX import (preview, then all-or-nothing); HR and the employee themself see the
sessions and the JPM against any position's standard."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semarang_asn.core import roles
from semarang_asn.core.exports import export_response
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.refusals import action_refused
from semarang_asn.core.roles import hr_required

from . import selectors, services
from .columns import column_header
from .competency_forms import (
    IMPORT_FIXED_COLUMNS,
    CompetencyAssessmentForm,
    CompetencyImportForm,
    check_import,
    read_table,
)
from .models import AssessedCompetency, Competency, CompetencyAssessment, Employee, Position

SESSION_KEY = "competency_import"


def _competencies():
    return Competency.objects.order_by("kind", "code")


def _jpm_rows(result: dict) -> list[tuple]:
    return [
        (code, req, result["assessed"].get(code), result["gaps"][code])
        for code, req in sorted(result["required"].items())
    ]


@login_required
def competency_list(request, pk: int):
    employee = selectors.employee_visible_to(request.user, pk)
    sessions = CompetencyAssessment.objects.filter(employee=employee).prefetch_related(
        Prefetch("levels", queryset=AssessedCompetency.objects.select_related("competency"))
    )
    held = selectors.current_assignment(employee)
    code = request.GET.get("jabatan", "").strip()
    target = Position.objects.select_related("org_unit").filter(code=code).first() if code else None
    if target is None and held is not None:
        target = held.position
    result = selectors.jpm(employee, target) if target else None
    context = {
        "employee": employee,
        "sessions": sessions,
        "target": target,
        "jabatan": code,
        "not_found": bool(code) and (target is None or target.code != code),
        "jpm": result,
        "jpm_rows": _jpm_rows(result) if result else [],
        "can_record": roles.is_hr(request.user),
    }
    return render(request, "positions/competency_list.html", context)


@hr_required
def competency_record(request, pk: int):
    employee = selectors.employee_visible_to(request.user, pk)
    form = CompetencyAssessmentForm(request.POST or None, competencies=_competencies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.competency_assessment_record(
                employee=employee,
                method=data["method"],
                assessed_on=data["assessed_on"],
                levels=form.levels(),
                potential=data["potential"],
                institution=data["institution"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Hasil pemetaan kompetensi dicatat."))
            return redirect("positions:competency_list", employee.pk)
    return render(request, "positions/competency_form.html", {"employee": employee, "form": form})


def _report(content: bytes, ext: str):
    codes = list(Competency.objects.values_list("code", flat=True))
    table = read_table(content, ext)
    header = [h.strip().lower() for h in table[0]] if table else []
    i = header.index("nip") if "nip" in header else None
    nips = {row[i].strip() for row in table[1:] if i is not None and len(row) > i}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=nips)}
    existing = set(
        CompetencyAssessment.objects.filter(employee__nip__in=nips).values_list(
            "employee__nip", "assessed_on", "method"
        )
    )
    return check_import(table, codes, existing, employees)


@hr_required
def competency_import(request):
    form = CompetencyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        ext = upload.name.lower().rsplit(".", 1)[-1]
        content = upload.read()
        try:
            report = _report(content, ext)
        except ValueError:
            form.add_error("file", _("Berkas tidak dapat dibaca sebagai %(ext)s.") % {"ext": ext.upper()})
        else:
            name = default_storage.save(f"imports/kompetensi-{uuid.uuid4().hex}.{ext}", ContentFile(content))
            request.session[SESSION_KEY] = {"file": name, "ext": ext}
            return render(request, "positions/competency_import_preview.html", {"report": report, "token": name})
    return render(request, "positions/competency_import.html", {"form": form, "columns": IMPORT_FIXED_COLUMNS})


@hr_required
@require_POST
def competency_import_confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["file"] != request.POST.get("token") or not default_storage.exists(pending["file"]):
        action_refused(request, _("Sesi impor tidak ditemukan atau kedaluwarsa. Unggah ulang berkasnya."))
        return redirect("positions:competency_import")
    with default_storage.open(pending["file"], "rb") as fh:
        report = _report(fh.read(), pending["ext"])
    if report.has_errors or not report.rows:
        messages.error(request, _("Impor dibatalkan: ada baris bermasalah. Tidak ada data yang disimpan."))
        return render(
            request,
            "positions/competency_import_preview.html",
            {"report": report, "token": pending["file"]},
            status=400,
        )
    try:
        with transaction.atomic():  # all rows or none
            for row in report.rows:
                services.competency_assessment_record(
                    employee=row.employee,
                    method=row.method,
                    assessed_on=row.assessed_on,
                    levels=row.levels,
                    potential=row.potential,
                    institution=row.institution,
                    actor=request.user,
                )
    except ValidationError as exc:
        action_refused(request, _("Impor dibatalkan; tidak ada data yang disimpan: %s") % " ".join(exc.messages))
        return redirect("positions:competency_import")
    default_storage.delete(pending["file"])
    del request.session[SESSION_KEY]
    messages.success(request, _("Impor selesai: %(n)s hasil pemetaan dicatat.") % {"n": len(report.rows)})
    return redirect("positions:competency_import")


@hr_required
def competency_import_template(request):
    codes = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL).values_list("code", flat=True))
    example = ["199001012015021001", dt.date(2025, 6, 1), "AC", "menengah", "UPT Asesmen BKD Jateng", *[3] * len(codes)]
    return export_response(
        fmt="csv",
        filename="templat-pemetaan-kompetensi",
        headers=[*(column_header(c) for c in IMPORT_FIXED_COLUMNS), *codes],
        rows=[example],
    )
