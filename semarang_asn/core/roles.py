"""Roles are Django groups. Supervisors are derived (an employee whose position has
subordinates) and live in positions.selectors; admins are superusers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

HR = "HR BKPP"
ASSESSOR = "Asesor"
EMPLOYEE = "Pegawai"
APPOINTING_OFFICIAL = "Pejabat Pembina Kepegawaian"

ALL_GROUPS = (HR, ASSESSOR, EMPLOYEE, APPOINTING_OFFICIAL)


def has_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names = cache
    return name in cache


def is_hr(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_group(user, HR))


def is_assessor(user) -> bool:
    return has_group(user, ASSESSOR)


def is_appointing_official(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_group(user, APPOINTING_OFFICIAL))


def role_required(check):
    """Decorator: login first, then 403 unless ``check(user)`` holds."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


hr_required = role_required(is_hr)
assessor_required = role_required(is_assessor)
appointing_official_required = role_required(is_appointing_official)


def is_employee(user) -> bool:
    """Whether the account is linked to an employee record (HR staff, the PPK, outside
    assessors and administrators often are not)."""
    return user.is_authenticated and getattr(user, "employee", None) is not None


def employee_page(title):
    """For an employee's own page (my evaluations, my applications…): anyone signed in whose
    account has no employee record gets a page that says so and what they can do instead."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not is_employee(request.user):
                return not_an_employee(request, title=title)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def not_an_employee(request, *, title, for_what: str = ""):
    from django.shortcuts import render

    return render(request, "core/not_an_employee.html", {"title": title, "for_what": for_what})
