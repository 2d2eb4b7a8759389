from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .aspects import ASPECT_CHOICES


class MeritAspectScore(models.Model):
    """HR's self-assessment of one aspect of the merit system index for one year."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    aspect = models.CharField(_("aspek"), max_length=20, choices=ASPECT_CHOICES)
    score = models.PositiveSmallIntegerField(
        _("nilai mandiri (1–4)"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(_("catatan bukti"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        ordering = ["year", "aspect"]
        verbose_name = _("penilaian mandiri sistem merit")
        verbose_name_plural = _("penilaian mandiri sistem merit")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "aspect"],
                name="one_merit_score_per_year_aspect",
                violation_error_message=_("Nilai aspek ini untuk tahun tersebut sudah ada."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4),
                name="merit_score_1_4",
                violation_error_message=_("Nilai harus antara 1 dan 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.aspect}: {self.score}"
