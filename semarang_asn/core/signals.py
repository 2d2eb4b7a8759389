from django.contrib.auth.models import Group

from . import roles
from .models import Setting
from .settings_registry import DEFAULTS


def ensure_groups_and_settings(**kwargs) -> None:
    """post_migrate: create the role groups and any missing configurable rule."""
    for name in roles.ALL_GROUPS:
        Group.objects.get_or_create(name=name)
    Setting.objects.bulk_create(
        [Setting(key=k, value=v, description=d) for k, (v, d) in DEFAULTS.items()],
        ignore_conflicts=True,
    )
