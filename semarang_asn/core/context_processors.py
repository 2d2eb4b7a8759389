from . import roles as role_checks


def roles(request):
    """Role flags and the unread badge for the navigation; loaded with the user (core.auth).
    base.html renders the menus once per combination of these flags ({% memo %})."""
    user = request.user
    if not user.is_authenticated:
        return {
            "is_hr": False,
            "is_assessor": False,
            "is_official": False,
            "is_employee": False,
            "unread_notifications": 0,
        }
    return {
        "is_hr": role_checks.is_hr(user),
        "is_assessor": role_checks.is_assessor(user),
        "is_official": role_checks.is_appointing_official(user),
        "is_employee": role_checks.is_employee(user),
        "unread_notifications": _unread(user),
    }


def _unread(user) -> int:
    """Loaded with the user by core.auth.RequestUserBackend; counted here for any other login."""
    count = getattr(user, "unread_count", None)
    if count is None:
        count = user.notifications.filter(read_at__isnull=True, done_at__isnull=True).count()
    return count
