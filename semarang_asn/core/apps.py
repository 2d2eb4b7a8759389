from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "semarang_asn.core"
    label = "core"
    verbose_name = _("Inti: audit, notifikasi, pengaturan")

    def ready(self) -> None:
        from .signals import ensure_audit_trigger, ensure_groups_and_settings

        post_migrate.connect(ensure_groups_and_settings, sender=self)
        post_migrate.connect(ensure_audit_trigger, sender=self)
