from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from performance import selectors as performance_selectors
from positions import selectors as position_selectors
from semarang_asn.core import roles
from semarang_asn.core.roles import hr_required
from training import selectors as training_selectors


def home(request):
    """One home page per role: what the user must do next."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "dashboard/public_home.html")
    employee = position_selectors.employee_for_user(user)
    context = {
        "employee": employee,
        "is_supervisor": position_selectors.is_supervisor(user),
        "show_hr": roles.is_hr(user),
        "show_assessor": roles.is_assessor(user),
    }
    if context["show_hr"]:
        opds = position_selectors.opd_summary()
        context["totals"] = {
            key: sum(getattr(opd, key) for opd in opds) for key in ("formasi", "bezetting", "vacant", "acting")
        }
    # performance: evaluations to rate, my SKP, objections to decide, calibrations, HR cycles.
    # training: unread socialisation, this year's JP, external submissions for HR.
    context["training"] = training_selectors.home_summary(user)
    context["performance"] = performance_selectors.home_summary(user)
    # assessments: open vacancies, my applications, committees, verifications, decisions.
    context["assessments"] = assessment_selectors.home_summary(user)
    # The PPK (usually not an employee in the system): decisions waiting.
    context["official"] = assessment_selectors.official_home(user)
    return render(request, "dashboard/home.html", context)


@hr_required
def objections(request):
    """Every pending objection, performance (keberatan) and selection (sanggahan), oldest
    first, with how long each has waited. Two queries whatever the number."""
    now = timezone.now()
    rows = [
        {
            "kind": _("Keberatan penilaian kinerja"),
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
            "filed_at": o.filed_at,
            "who": f"{o.application.name} ({o.application.registration_number})",
            "about": f"{o.application.vacancy.title} · {o.subject}",
            "decides": _("BKPP"),
            "url": reverse("assessments:hr_detail", args=[o.application.vacancy_id]),
        }
        for o in assessment_selectors.pending_objections(request.user)
    ]
    rows.sort(key=lambda row: row["filed_at"])
    for row in rows:
        row["days"] = (now - row["filed_at"]).days
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/objections.html", {"page": page, "total": len(rows)})
