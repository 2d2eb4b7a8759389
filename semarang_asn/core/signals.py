from django.contrib.auth.models import Group
from django.db import connections

from . import roles
from .audit import install_append_only_trigger
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


def ensure_audit_trigger(*, using: str = "default", **kwargs) -> None:
    """post_migrate: SQLite drops a table's triggers when a migration rebuilds the table."""
    install_append_only_trigger(connections[using])
