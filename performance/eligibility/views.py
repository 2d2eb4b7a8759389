"""Pages of eligibility, talent and succession: the employee's own, and HR's lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from positions.models import Employee
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.jobs import export_or_job, job_start
from semarang_asn.core.models import Job
from semarang_asn.core.roles import hr_required

from .. import exporting, tasks
from . import forms, rules, selectors, services

PAGE_SIZE = 50


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


RULE_LABELS = dict(rules.RULE_CHOICES)


@login_required
def mine(request):
    data = selectors.my_eligibility(request.user)
    return render(request, "performance/eligibility/mine.html", {"data": data, "own": True, "rule_labels": RULE_LABELS})


@hr_required
def employee(request, pk: int):
    data = selectors.eligibility_for(request.user, pk)
    context = {"data": data, "own": False, "rule_labels": RULE_LABELS}
    return render(request, "performance/eligibility/mine.html", context)


@hr_required
def promotion_list(request):
    snapshot = selectors.current_snapshot()
    groups = selectors.promotion_groups(snapshot)
    # The filters are None when they are invalid (the form shows why, the list is empty).
    form, filters = exporting.promotion_filters(request.GET, windows=selectors.promotion_windows(groups))
    results = selectors.PromotionList(groups, **filters) if filters is not None else []
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "snapshot": snapshot,
        "query": _query_without_page(request),
        "rule_labels": dict(rules.RULE_CHOICES),
    }
    return render(request, "performance/eligibility/promotion_list.html", context)


@hr_required
def promotion_export(request, fmt: str):
    """The list as filtered; a city-sized one is exported by a job with a progress page."""
    query = request.GET.urlencode()
    return export_or_job(
        request,
        fmt=fmt,
        spec=exporting.promotion_export_spec(query),
        task=tasks.promotion_export_job,
        params={"query": query},
        title=_("Ekspor kelayakan kenaikan pangkat"),
    )


@hr_required
@require_POST
def recompute(request):
    """HR's "Hitung ulang sekarang": the full recompute as a job whose progress HR can watch or
    leave (the nightly run does the same)."""
    job = job_start(
        owner=request.user,
        kind=Job.Kind.RECOMPUTE,
        title=_("Hitung ulang kelayakan seluruh pegawai"),
        task=tasks.recompute_eligibility_job,
    )
    return redirect("core:job", job.pk)


@hr_required
def nine_box(request):
    form = forms.OpdFilterForm(request.GET or None)
    opd_id = form.cleaned_data["opd"].pk if form.is_valid() and form.cleaned_data["opd"] else None
    context = {"form": form, "box": selectors.nine_box(opd_id=opd_id), "query": _query_without_page(request)}
    return render(request, "performance/eligibility/nine_box.html", context)


@hr_required
def box_list(request, box: int):
    if box not in range(1, 10):
        raise Http404
    form = forms.OpdFilterForm(request.GET or None)
    opd_id = form.cleaned_data["opd"].pk if form.is_valid() and form.cleaned_data["opd"] else None
    page = Paginator(selectors.box_members(box, opd_id=opd_id), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "box": box,
        "follow_up": rules.FOLLOW_UP[box],
        "pool": box in rules.TALENT_POOL_BOXES,
        "page": page,
        "form": form,
        "query": _query_without_page(request),
    }
    return render(request, "performance/eligibility/box_list.html", context)


@hr_required
def succession(request):
    form = forms.OpdFilterForm(request.GET or None)
    opd_id = form.cleaned_data["opd"].pk if form.is_valid() and form.cleaned_data["opd"] else None
    page = Paginator(selectors.key_positions(opd_id=opd_id), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_holders(page.object_list)  # the page's holders only
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    return render(request, "performance/eligibility/succession.html", context)


@hr_required
def succession_position(request, pk: int, form=None, status=200):
    position = selectors.key_position(pk)
    context = {
        "position": position,
        "candidates": selectors.succession_candidates(position),
        "successors": selectors.successors_of(position),
        "form": form,
        "form_employee": form.data.get("employee") if form is not None else None,
    }
    return render(request, "performance/eligibility/succession_position.html", context, status=status)


@hr_required
@require_POST
def successor_mark(request, pk: int):
    position = selectors.key_position(pk)
    form = forms.SuccessorForm(request.POST)
    if form.is_valid():
        employee = Employee.objects.filter(pk=form.cleaned_data["employee"]).first()
        candidates = {c["employee"].pk for c in selectors.succession_candidates(position)}
        if employee is None or employee.pk not in candidates:
            form.add_error(None, _("Pegawai ini bukan kandidat dari kelompok talenta untuk jabatan ini."))
        else:
            try:
                services.successor_mark(
                    actor=request.user, position=position, employee=employee, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s ditandai sebagai suksesor.") % {"name": employee.full_name})
                return redirect("performance:succession_position", pk=position.pk)
    return succession_position(request, pk, form=form, status=400)


@hr_required
@require_POST
def successor_unmark(request, pk: int, mark_pk: int):
    position = selectors.key_position(pk)
    mark = selectors.successors_of(position).filter(pk=mark_pk).first()
    if mark is None:
        raise Http404
    form = forms.SuccessorUnmarkForm(request.POST)
    if form.is_valid():
        try:
            services.successor_unmark(actor=request.user, mark=mark, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tanda suksesor dibatalkan."))
            return redirect("performance:succession_position", pk=position.pk)
    return succession_position(request, pk, form=form, status=400)
