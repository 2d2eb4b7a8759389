from django.shortcuts import render

from assessments import selectors as assessment_selectors
from performance import selectors as performance_selectors
from positions import selectors as position_selectors
from semarang_asn.core import roles


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
    context["performance"] = performance_selectors.home_summary(user)
    # assessments: open vacancies, my applications, committees, verifications, decisions.
    context["assessments"] = assessment_selectors.home_summary(user)
    # The PPK (usually not an employee in the system): decisions waiting.
    context["official"] = assessment_selectors.official_home(user)
    return render(request, "dashboard/home.html", context)
