from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from semarang_asn.core.roles import hr_required

from . import selectors


@hr_required
def opd_list(request):
    return render(request, "positions/opd_list.html", {"opds": selectors.opd_summary()})


@login_required
def employee_detail(request, pk: int):
    employee = selectors.employee_visible_to(request.user, pk)
    return render(request, "positions/employee_detail.html", {"employee": employee})
