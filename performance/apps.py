from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Kinerja")

    def ready(self) -> None:
        from semarang_asn.core import events

        from .eligibility.scheduling import schedule_recompute

        events.subscribe(schedule_recompute)
