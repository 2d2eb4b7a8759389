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
