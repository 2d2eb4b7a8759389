from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from semarang_asn.core.confirm import confirmation_page, is_confirmed
from semarang_asn.core.documents import issued_pdf_response
from semarang_asn.core.forms import add_service_errors, flash_service_errors
from semarang_asn.core.jobs import export_or_job, job_start
from semarang_asn.core.models import Job
from semarang_asn.core.roles import employee_page, hr_required

from . import charts, documents, exporting, forms, rules, selectors, services, tasks
from .filters import CycleEvaluationFilter
from .models import EvaluationCycle, PerilakuKerja

# --- evaluations ----------------------------------------------------------------


TEAM_PAGE_SIZE = 50
STATUS_LABELS = dict(EvaluationCycle.Status.choices)
PERILAKU_LABELS = dict(PerilakuKerja.Value.choices)


@employee_page(gettext_lazy("Penilaian tim saya"))
def team(request):
    evaluations = Paginator(selectors.TeamRows(request.user), TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "evaluations": evaluations,
        # Translated once for the page, not once a row.
        "predikat_labels": {value: str(label) for value, label in rules.PREDIKAT_LABELS.items()},
        "status_labels": {value: str(label) for value, label in STATUS_LABELS.items()},
    }
    return render(request, "performance/team.html", context)


@employee_page(gettext_lazy("Kinerja saya"))
def mine(request):
    evaluations = selectors.my_evaluations(request.user)
    me = evaluations[0].employee_id if evaluations else None
    context = {
        "evaluations": list(reversed(evaluations)),
        "chart": charts.predikat_chart(evaluations),
        "phone_chart": charts.predikat_chart(evaluations, width=charts.PHONE_WIDTH),
        "credit": selectors.credit_points_total(me) if me else None,
        "predikat_labels": rules.PREDIKAT_LABELS,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "performance/mine.html", context)


def _evaluation_page(request, access, status=200, **bound):
    """The SKP page. Each form is built only when this reader is offered it (a form sent back
    with errors is always kept: the summary at the top lists them)."""
    evaluation = access.evaluation

    def offered(name, allowed, build):
        return bound.get(name) or (build() if allowed else None)

    context = {
        "access": access,
        "evaluation": evaluation,
        "cycle": evaluation.cycle,
        "editable": access.editable,
        "row_form": offered("row_form", access.may_add_rows, forms.HasilKerjaForm),
        "rating_form": offered(
            "rating_form",
            access.can_rate,
            lambda: forms.RatingForm(
                initial={"hasil": evaluation.hasil_rating, "perilaku": evaluation.perilaku_rating},
                rated=evaluation.is_rated,
            ),
        ),
        "objection_form": offered("objection_form", access.may_file_objection, forms.ObjectionForm),
        "decision_form": offered("decision_form", access.may_decide_objection, forms.ObjectionDecisionForm),
        "coaching_form": offered(
            "coaching_form", access.may_add_coaching, lambda: forms.CoachingActionForm(evaluation=evaluation)
        ),
        "rating_choices": rules.RATING_CHOICES,
        "perilaku_labels": PERILAKU_LABELS,
        "bound_row": bound.get("bound_row"),
        "error_form": bound.get("error_form"),
        "today": access.today,
    }
    return render(request, "performance/evaluation.html", context, status=status)


@login_required
def evaluation(request, pk: int):
    return _evaluation_page(request, selectors.evaluation_for(request.user, pk))


@login_required
def evaluation_document(request, pk: int):
    """The Dokumen Evaluasi Kinerja Pegawai of a finished evaluation, with its verification code."""
    evaluation = selectors.evaluation_document_for(request.user, pk)
    return issued_pdf_response(
        request,
        issue=documents.skp_issue(evaluation),
        build=lambda code, url: documents.skp_pdf(evaluation, code=code, verify_url=url),
        filename=f"dokumen-evaluasi-kinerja-{evaluation.employee.nip}",
    )


def _post(request, pk, form, call, success, **page_kwargs):
    """The shared POST flow of the SKP page: validate, one service call, message, redirect;
    on error re-render the page with the bound form."""
    access = selectors.evaluation_for(request.user, pk)
    if form.is_valid():
        try:
            call(access, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("performance:evaluation", pk)
    messages.error(request, _("Periksa kembali isian Anda."))
    return _evaluation_page(request, access, status=400, error_form=form, **page_kwargs)


@require_POST
@login_required
def row_add(request, pk: int):
    form = forms.HasilKerjaForm(request.POST)
    return _post(
        request,
        pk,
        form,
        lambda a, d: services.hasil_kerja_add(evaluation=a.evaluation, actor=request.user, **d),
        _("Hasil kerja ditambahkan."),
        row_form=form,
    )


def _row(access, row_pk, related="hasil_kerja"):
    for row in getattr(access.evaluation, related).all():
        if row.pk == row_pk:
            return row
    raise Http404


@login_required
def evidence(request, pk: int, row_pk: int):
    """Evidence files are served only to those who may read the SKP, never from a public URL."""
    row = _row(selectors.evaluation_for(request.user, pk), row_pk)
    if not row.evidence_file:
        raise Http404
    return FileResponse(
        row.evidence_file.open("rb"), as_attachment=True, filename=row.evidence_file.name.rsplit("/", 1)[-1]
    )


@require_POST
@login_required
def row_report(request, pk: int, row_pk: int):
    access = selectors.evaluation_for(request.user, pk)
    row = _row(access, row_pk)
    form = forms.RealisationForm(request.POST, request.FILES, instance=row)

    def call(a, d):
        services.hasil_kerja_report(
            row=row,
            actor=request.user,
            realisation=d["realisation"],
            evidence_file=request.FILES.get("evidence_file"),
            evidence_link=d["evidence_link"],
        )

    return _post(request, pk, form, call, _("Realisasi disimpan."), bound_row=(row.pk, "report", form, row))


@require_POST
@login_required
def row_review(request, pk: int, row_pk: int):
    access = selectors.evaluation_for(request.user, pk)
    row = _row(access, row_pk)
    form = forms.RowReviewForm(request.POST, instance=row)

    def call(a, d):
        services.hasil_kerja_review(row=row, actor=request.user, rating=d["rating"], feedback=d["feedback"])

    return _post(request, pk, form, call, _("Umpan balik disimpan."), bound_row=(row.pk, "review", form, row))


@require_POST
@login_required
def perilaku(request, pk: int, value: str):
    access = selectors.evaluation_for(request.user, pk)
    row = next((row for row in access.evaluation.perilaku_rows if row.value == value), None)
    if row is None:
        raise Http404
    form = forms.PerilakuForm(request.POST, instance=row)

    def call(a, d):
        services.perilaku_kerja_update(
            row=row, actor=request.user, expectation=d["expectation"], feedback=d["feedback"]
        )

    return _post(request, pk, form, call, _("Perilaku kerja disimpan."), bound_row=(value, "perilaku", form, row))


@require_POST
@login_required
def rate(request, pk: int):
    access = selectors.evaluation_for(request.user, pk)
    form = forms.RatingForm(request.POST, rated=access.evaluation.is_rated)
    # Only someone who may rate now is asked to confirm; anyone else gets the service's refusal.
    if access.can_rate and form.is_valid() and not is_confirmed(request):
        return _confirm_rating(request, access.evaluation, form.cleaned_data)
    return _post(
        request,
        pk,
        form,
        lambda a, d: services.evaluation_rate(evaluation=a.evaluation, actor=request.user, **d),
        _("Penilaian disimpan dan dikirim ke pegawai."),
        rating_form=form,
    )


def _confirm_rating(request, evaluation, data):
    labels = dict(rules.RATING_CHOICES)
    predikat = rules.PREDIKAT_LABELS[rules.predikat(data["hasil"], data["perilaku"])]
    summary = [
        (_("Pegawai"), evaluation.employee.name),
        (_("Rating hasil kerja"), labels[data["hasil"]]),
        (_("Rating perilaku kerja"), labels[data["perilaku"]]),
        (_("Predikat kinerja"), predikat),
    ]
    frozen = [
        _("Penilaian dikirim kepada pegawai dan predikat %(p)s tercatat di jejak audit.") % {"p": predikat},
        _("Pegawai dapat mengajukan keberatan; selama keberatan diproses, rating dibekukan."),
        _("Perubahan sesudahnya hanya dengan alasan tertulis dan ikut tercatat."),
    ]
    return confirmation_page(
        request,
        title=_("Kirim penilaian kinerja?"),
        summary=summary,
        frozen=frozen,
        action_label=_("Ya, kirim penilaian"),
        cancel_url=reverse("performance:evaluation", args=[evaluation.pk]),
    )


@require_POST
@login_required
def objection_file(request, pk: int):
    form = forms.ObjectionForm(request.POST)
    return _post(
        request,
        pk,
        form,
        lambda a, d: services.objection_file(evaluation=a.evaluation, actor=request.user, reason=d["reason"]),
        _("Keberatan diajukan kepada atasan pejabat penilai."),
        objection_form=form,
    )


@require_POST
@login_required
def objection_decide(request, pk: int):
    form = forms.ObjectionDecisionForm(request.POST)

    def call(a, d):
        if not hasattr(a.evaluation, "objection"):
            raise Http404
        services.objection_decide(
            objection=a.evaluation.objection,
            actor=request.user,
            accept=d["decision"] == "accept",
            reason=d["decision_reason"],
            hasil=d["hasil"],
            perilaku=d["perilaku"],
        )

    return _post(request, pk, form, call, _("Keputusan keberatan disimpan."), decision_form=form)


@require_POST
@login_required
def coaching_add(request, pk: int):
    access = selectors.evaluation_for(request.user, pk)
    form = forms.CoachingActionForm(request.POST, evaluation=access.evaluation)
    return _post(
        request,
        pk,
        form,
        lambda a, d: services.coaching_action_add(evaluation=a.evaluation, actor=request.user, **d),
        _("Tindakan bimbingan ditambahkan."),
        coaching_form=form,
    )


@require_POST
@login_required
def coaching_status(request, pk: int, item_pk: int):
    access = selectors.evaluation_for(request.user, pk)
    item = _row(access, item_pk, "coaching_actions")
    form = forms.CoachingStatusForm(request.POST, instance=item)
    return _post(
        request,
        pk,
        form,
        lambda a, d: services.coaching_action_set_status(item=item, actor=request.user, status=d["status"]),
        _("Status bimbingan diperbarui."),
    )


@login_required
def objections(request):
    return render(request, "performance/objections.html", {"objections": selectors.objections_to_decide(request.user)})


# --- HR: cycles, monitoring, export -----------------------------------------------


@hr_required
def cycle_list(request):
    form = forms.CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Siklus penilaian dibuat."))
            return redirect("performance:cycle", cycle.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "performance/cycle_list.html", {"cycles": selectors.cycles(), "form": form}, status=status)


RATER_PAGE_SIZE = 20  # two pickers per row: a short page stays light


@hr_required
def cycle_detail(request, pk: int):
    cycle = selectors.cycle_detail(pk)
    missing = Paginator(selectors.WithoutRater(cycle), RATER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"cycle": cycle, "without_rater": missing, "rater_form": forms.SetRaterForm()}
    return render(request, "performance/cycle_detail.html", context)


BULK_PAGE_SIZE = 100


@hr_required
def bulk_rater(request, pk: int):
    """HR ticks evaluations (filtered, sorted, paged) and names one rater for all of them."""
    cycle = selectors.cycle_get(pk)
    filterset = CycleEvaluationFilter(request.GET or None, queryset=selectors.cycle_evaluations(cycle))
    form = forms.BulkRaterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.evaluations_set_rater(
                cycle=cycle,
                evaluation_ids=form.cleaned_data["evaluation"],
                rater=form.cleaned_data["rater"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                below_level=form.cleaned_data["below_level"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pejabat penilai ditetapkan untuk %(n)s penilaian.") % {"n": intcomma(n)})
            return redirect(request.get_full_path())
    page = Paginator(filterset.qs, BULK_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen = set(form.cleaned_data.get("evaluation", [])) if form.is_bound else set()
    context = {"cycle": cycle, "filter": filterset, "page": page, "form": form, "query": query, "chosen": chosen}
    return render(request, "performance/bulk_rater.html", context, status=400 if form.is_bound else 200)


CYCLE_ACTIONS = {
    "kalibrasi": (
        lambda c, u: services.cycle_move_to_calibration(cycle=c, actor=u),
        _("Siklus masuk tahap kalibrasi."),
    ),
    "tutup": (lambda c, u: services.cycle_close(cycle=c, actor=u), _("Siklus ditutup.")),
}


CYCLE_FREEZES = {
    "kalibrasi": (
        gettext_lazy("Mulai kalibrasi?"),
        gettext_lazy(
            "Siklus tidak dapat dibuka kembali: hasil kerja dan realisasi SKP tidak dapat diubah lagi dan setiap "
            "OPD mendapat lembar kalibrasi; rating masih dapat diubah sampai kalibrasi unitnya ditutup."
        ),
    ),
    "tutup": (
        gettext_lazy("Tutup siklus?"),
        gettext_lazy("Seluruh penilaian, predikat dan kalibrasi siklus ini menjadi hanya-baca."),
    ),
}


@require_POST
@hr_required
def cycle_action(request, pk: int, action: str):
    cycle = get_object_or_404(EvaluationCycle, pk=pk)
    if action == "buka":
        return _cycle_open(request, cycle)
    if action not in CYCLE_ACTIONS:
        raise Http404
    call, success = CYCLE_ACTIONS[action]
    if action in CYCLE_FREEZES and not is_confirmed(request):
        title, frozen = CYCLE_FREEZES[action]
        return confirmation_page(
            request,
            title=title,
            summary=[(_("Siklus"), cycle.name)],
            frozen=[str(frozen)],
            action_label=_("Ya, lanjutkan"),
            cancel_url=reverse("performance:cycle", args=[pk]),
        )
    try:
        call(cycle, request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("performance:cycle", pk)


def _cycle_open(request, cycle):
    """Opening creates a row per employee: a long job whose progress HR can watch or leave."""
    try:
        services.cycle_open_check(cycle=cycle)
    except ValidationError as exc:
        flash_service_errors(request, exc)
        return redirect("performance:cycle", cycle.pk)
    job = job_start(
        owner=request.user,
        kind=Job.Kind.CYCLE_OPEN,
        title=_("Pembukaan siklus %(name)s") % {"name": cycle.name},
        task=tasks.open_cycle_job,
        params={"cycle": cycle.pk},
    )
    return redirect("core:job", job.pk)


@require_POST
@hr_required
def set_rater(request, pk: int, evaluation_pk: int):
    cycle = selectors.cycle_detail(pk)
    target = get_object_or_404(selectors.without_rater(cycle), pk=evaluation_pk)
    form = forms.SetRaterForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_set_rater(
                evaluation=target,
                rater=form.cleaned_data.get("rater"),
                rater_superior=form.cleaned_data.get("superior"),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                below_level=form.cleaned_data["below_level"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pejabat penilai ditetapkan."))
            return redirect("performance:cycle", pk)
    # The list is long: say at the top whose row holds the error.
    messages.error(
        request, _("Penilai %(name)s belum ditetapkan; periksa isian di barisnya.") % {"name": target.employee.name}
    )
    # Only the row with the error, so it is in view whatever page it was on.
    only_target = Paginator(selectors.without_rater(cycle).filter(pk=target.pk), RATER_PAGE_SIZE).get_page(1)
    context = {"cycle": cycle, "without_rater": only_target, "rater_form": form, "bound_pk": target.pk}
    return render(request, "performance/cycle_detail.html", context, status=400)


@hr_required
def pengisian(request, pk: int):
    cycle = selectors.cycle_get(pk)
    return render(
        request, "performance/pengisian.html", {"cycle": cycle, "rows": selectors.monitoring_pengisian(cycle)}
    )


# Short column heads keep the table within the page; the full name is the abbr title.
KURVA_HEADERS = [
    ("SB", rules.PREDIKAT_LABELS[rules.SANGAT_BAIK]),
    ("B", rules.PREDIKAT_LABELS[rules.BAIK]),
    ("BP", rules.PREDIKAT_LABELS[rules.BUTUH_PERBAIKAN]),
    ("K", rules.PREDIKAT_LABELS[rules.KURANG]),
    ("SK", rules.PREDIKAT_LABELS[rules.SANGAT_KURANG]),
]


@hr_required
def kurva(request, pk: int):
    cycle = selectors.cycle_get(pk)
    units = selectors.monitoring_kurva(cycle)
    shorts = [short for short, _label in KURVA_HEADERS]
    title, no_unit = _("Kurva distribusi %(name)s"), _("(tanpa jabatan)")
    for unit in units:
        unit["columns"] = charts.kurva_columns(unit["cells"], shorts)
        # Employees without a unit: named as the table's row names them.
        unit["chart"] = charts.kurva_svg(unit["columns"], title=title % {"name": unit["name"] or no_unit})
    context = {"cycle": cycle, "units": units, "labels": KURVA_HEADERS}
    return render(request, "performance/kurva.html", context)


@hr_required
def export(request, pk: int, fmt: str):
    """A cycle's evaluations; a city-sized cycle is exported by a job with a progress page."""
    cycle = selectors.cycle_get(pk)
    return export_or_job(
        request,
        fmt=fmt,
        spec=exporting.evaluation_export_spec(cycle.pk),
        task=tasks.evaluation_export_job,
        params={"cycle": cycle.pk},
        title=_("Ekspor penilaian %(name)s") % {"name": cycle.name},
    )


# --- calibration (HR or the unit head) --------------------------------------------


CALIBRATION_PAGE_SIZE = 50


@login_required
def calibration(request, pk: int):
    calibration = selectors.calibration_for(request.user, pk)
    predikat_form = forms.UnitPredikatForm(initial={"unit_predikat": calibration.unit_predikat})
    close_form = forms.CalibrationCloseForm()
    status = 200
    if request.method == "POST":
        is_close = "close" in request.POST
        form = forms.CalibrationCloseForm(request.POST) if is_close else forms.UnitPredikatForm(request.POST)
        if form.is_valid():
            try:
                if is_close:
                    services.calibration_close(calibration=calibration, actor=request.user, **form.cleaned_data)
                else:
                    services.calibration_set_unit_predikat(
                        calibration=calibration, actor=request.user, **form.cleaned_data
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kalibrasi disimpan."))
                return redirect("performance:calibration", pk)
        status = 400
        close_form, predikat_form = (form, predikat_form) if is_close else (close_form, form)
    counts = services.unit_predikat_counts(calibration)
    members = Paginator(selectors.CalibrationMembers(calibration), CALIBRATION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "calibration": calibration,
        "members": members,
        "predikat_labels": rules.PREDIKAT_LABELS,
        "counts": [(rules.PREDIKAT_LABELS[p], counts.get(p, 0)) for p in rules.PREDIKAT_ORDER],
        "breaches": rules.distribution_breaches(calibration.unit_predikat, counts) if calibration.unit_predikat else [],
        "predikat_form": predikat_form,
        "close_form": close_form,
    }
    return render(request, "performance/calibration.html", context, status=status)


@login_required
def calibrations_mine(request):
    return render(
        request, "performance/calibrations_mine.html", {"calibrations": selectors.calibrations_led_by(request.user)}
    )
