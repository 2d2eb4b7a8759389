from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "semarang_asn.core"
    label = "core"
    verbose_name = _("Inti: audit, notifikasi, pengaturan")

    def ready(self) -> None:
        from . import startup  # noqa: F401 (registers the secret key's deploy check)
        from .models import Setting
        from .services import settings_forget
        from .signals import ensure_audit_trigger, ensure_groups_and_settings

        post_migrate.connect(ensure_groups_and_settings, sender=self)
        post_migrate.connect(ensure_audit_trigger, sender=self)
        # A changed rule is seen by the rest of the request that changed it.
        post_save.connect(settings_forget, sender=Setting)
        post_delete.connect(settings_forget, sender=Setting)
