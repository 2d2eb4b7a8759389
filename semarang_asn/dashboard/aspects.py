"""The eight aspects of the merit system index (DOMAIN.md, "Merit system index")."""

from django.utils.translation import gettext_lazy as _

NEEDS = "kebutuhan"
PROCUREMENT = "pengadaan"
CAREER = "karier"
PROMOTION = "promosi"
PERFORMANCE = "kinerja"
PAY_DISCIPLINE = "penghargaan"
PROTECTION = "perlindungan"
INFORMATION = "informasi"

ASPECT_CHOICES = [
    (NEEDS, _("Perencanaan kebutuhan")),
    (PROCUREMENT, _("Pengadaan")),
    (CAREER, _("Pengembangan karier")),
    (PROMOTION, _("Promosi dan mutasi")),
    (PERFORMANCE, _("Manajemen kinerja")),
    (PAY_DISCIPLINE, _("Penggajian, penghargaan dan disiplin")),
    (PROTECTION, _("Perlindungan dan pelayanan")),
    (INFORMATION, _("Sistem informasi")),
]
SCORE_CHOICES = [
    (1, _("1 — Buruk")),
    (2, _("2 — Kurang")),
    (3, _("3 — Baik")),
    (4, _("4 — Sangat baik")),
]
