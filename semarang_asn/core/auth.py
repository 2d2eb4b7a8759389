"""The authentication backend: Django's ModelBackend, loading the signed-in user in one query
with what every page reads about them (the navigation, the unread badge, "who am I").

Before, each page paid four queries for it: the user, the user's groups, the unread
notifications count and the linked employee. Here the user row comes with the linked employee
(``user.employee``, a reverse one-to-one named by the positions app), one flag per role group,
and the unread count, so ``roles.has_group``, ``positions.selectors.employee_for_user`` and the
context processor read them without a query.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from . import roles
from .models import Notification


def _flag(name: str) -> str:
    return f"in_group_{roles.ALL_GROUPS.index(name)}"


class RequestUserBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True, done_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(n=Count("pk"))
            .values("n")
        )
        flags = {_flag(name): Exists(Group.objects.filter(user=OuterRef("pk"), name=name)) for name in roles.ALL_GROUPS}
        try:
            user = (
                User._default_manager.select_related("employee")
                .annotate(unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0), **flags)
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # Only the four role groups are asked for anywhere (roles.has_group).
        user._group_names = {name for name in roles.ALL_GROUPS if getattr(user, _flag(name))}
        return user
