from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import selectors as assessment_selectors
from performance import selectors as performance_selectors
from positions import selectors as position_selectors
from semarang_asn.core import roles
from semarang_asn.core.exports import export_response
from semarang_asn.core.figures import read_together
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.roles import hr_required
from training import selectors as training_selectors

from . import merit as merit_figures
from . import services
from .aspects import SCORE_CHOICES
from .forms import MeritScoreForm, ObjectionListForm


def home(request):
    """One home page per role: what the user must do next."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "dashboard/public_home.html")
    employee = position_selectors.employee_for_user(user)
    context = {
        "employee": employee,
        "show_hr": roles.is_hr(user),
        "show_assessor": roles.is_assessor(user),
    }
    if context["show_hr"]:
        context["totals"] = position_selectors.seat_totals()
    # performance: evaluations to rate, my SKP, objections to decide, calibrations, HR cycles.
    # training: unread socialisation, this year's JP, external submissions for HR.
    context["training"] = training_selectors.home_summary(user)
    context["performance"] = performance_selectors.home_summary(user)
    # assessments: open vacancies, my applications, committees, verifications, decisions.
    context["assessments"] = assessment_selectors.home_summary(user)
    # The PPK (usually not an employee in the system): decisions waiting.
    context["official"] = assessment_selectors.official_home(user)
    # Every count above in one query.
    read_together(
        context, *(context[key] for key in ("training", "performance", "assessments", "official") if context[key])
    )
    return render(request, "dashboard/home.html", context)


@roles.hr_required
def merit(request, form=None, status=200):
    """HR's merit dashboard: figures from every app, charts with their data tables, and the
    self-assessment per aspect of the merit system index."""
    data = merit_figures.figures()
    return render(
        request, "dashboard/merit.html", {"d": data, "form": form, "score_choices": SCORE_CHOICES}, status=status
    )


@roles.hr_required
@require_POST
def merit_score(request):
    form = MeritScoreForm(request.POST)
    if form.is_valid():
        try:
            services.merit_score_save(actor=request.user, year=timezone.localdate().year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nilai mandiri disimpan."))
            return redirect(f"{reverse('dashboard:merit')}#aspect-{form.cleaned_data['aspect']}")
    return merit(request, form=form, status=400)


@roles.hr_required
def merit_export(request, fmt: str):
    data = merit_figures.figures()
    rows = []
    for aspect in data["aspects"]:
        score = aspect["score"]
        for label, value in aspect["evidence"]:
            rows.append([str(aspect["label"]), label, value, score.score if score else "", score.note if score else ""])
    headers = [_("Aspek"), _("Bukti"), _("Nilai"), _("Nilai mandiri"), _("Catatan")]
    return export_response(
        filename=f"indeks-merit-{data['year']}", headers=headers, rows=rows, fmt=fmt, sheet=_("Indeks merit")
    )


@hr_required
def objections(request):
    """Every pending objection, performance (keberatan) and selection (sanggahan), oldest
    first, with how long each has waited. Two queries whatever the number."""
    now = timezone.now()
    rows = [
        {
            "kind": _("Keberatan penilaian kinerja"),
            "kind_key": "keberatan",
            "filed_at": o.filed_at,
            "who": o.evaluation.employee.full_name,
            "about": o.evaluation.cycle.name,
            "decides": o.evaluation.rater_superior.full_name
            if o.evaluation.rater_superior_id
            else _("Belum ada atasan pejabat penilai"),
            "url": reverse("performance:evaluation", args=[o.evaluation_id]),
        }
        for o in performance_selectors.pending_objections(request.user)
    ] + [
        {
            "kind": _("Sanggahan seleksi terbuka"),
            "kind_key": "sanggahan",
            "filed_at": o.filed_at,
            "who": f"{o.application.name} ({o.application.registration_number})",
            "about": f"{o.application.vacancy.title} · {o.subject}",
            "decides": _("BKPP"),
            "url": reverse("assessments:hr_detail", args=[o.application.vacancy_id]),
        }
        for o in assessment_selectors.pending_objections(request.user)
    ]
    total = len(rows)
    form = ObjectionListForm(request.GET)
    rows = form.apply(rows)
    for row in rows:
        row["days"] = (now - row["filed_at"]).days
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/objections.html", {"page": page, "total": total, "form": form})
