from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reference_data(sender, **kwargs) -> None:
    from .models import Competency, Rank
    from .reference import ensure_reference_data

    ensure_reference_data(Rank, Competency)


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = _("Jabatan dan Pegawai")

    def ready(self) -> None:
        post_migrate.connect(_reference_data, sender=self)
