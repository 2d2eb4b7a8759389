"""Competency assessment records (pemetaan kompetensi): HR records them by form or by
CSV/XLSX import (a checked job, a preview, then all-or-nothing: positions.importing); HR and
the employee themself see the sessions and the JPM against any position's standard."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from semarang_asn.core import roles
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.roles import hr_required

from . import selectors, services
from .competency_forms import CompetencyAssessmentForm, CompetencyImportForm
from .models import AssessedCompetency, Competency, CompetencyAssessment, Position
from .views import import_check_start


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


@hr_required
def competency_import(request):
    """Upload: like the employee import, the file is checked by a worker (progress page), then
    previewed and applied through the common import pages (``positions:import_preview``)."""
    form = CompetencyImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        job = import_check_start(request, form.cleaned_data["file"], kind="competencies", update=False)
        return redirect("core:job", job.pk)
    context = {"form": form, "max_rows": settings.IMPORT_MAX_ROWS, "max_bytes": settings.IMPORT_MAX_BYTES}
    return render(request, "positions/competency_import.html", context)
