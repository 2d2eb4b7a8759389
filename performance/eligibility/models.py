"""Eligibility and talent data. Imported by ``performance.models`` so they belong to the app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from performance import rules as perf_rules
from positions import rules as pos_rules
from positions.models import Employee, OrgUnit, Position

from . import rules

EDUCATION_CHOICES = [(code, rules.education_label(code)) for code in rules.EDUCATION_ORDER]
BAND_CHOICES = [(pos_rules.MASIH_MEMENUHI, _("Masih Memenuhi Syarat")), (pos_rules.MEMENUHI, _("Memenuhi Syarat"))]
BOX_FIELDS = {(perf, pot): f"box_{perf}_{pot}" for perf in rules.PERFORMANCE_LEVELS for pot in rules.POTENTIAL_LEVELS}


def _years(label, default):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(40)]
    )


def _box(label, default):
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )


class EligibilityRuleSet(models.Model):
    """The thresholds of the eligibility and talent rules. Every change is saved as a new
    version (the highest is in force), so a past result is explained by the version it used."""

    version = models.PositiveIntegerField(_("versi"), unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    note = models.CharField(_("alasan perubahan"), max_length=300, blank=True)
    reguler_years_in_rank = _years(_("KP reguler: masa kerja dalam pangkat (tahun)"), 4)
    pilihan_years_in_rank = _years(_("KP pilihan JF: masa kerja dalam pangkat (tahun)"), 2)
    predikat_years = models.PositiveSmallIntegerField(
        _("jumlah tahun predikat yang diperiksa"), default=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    min_predikat = models.CharField(
        _("predikat minimal"), max_length=16, choices=perf_rules.PREDIKAT_CHOICES, default=perf_rules.BAIK
    )
    pengawas_min_education = models.CharField(
        _("Pengawas: pendidikan minimal"), max_length=3, choices=EDUCATION_CHOICES, default="D3"
    )
    pengawas_years_lower = _years(_("Pengawas: tahun sebagai Pelaksana atau JF setara"), 4)
    administrator_min_education = models.CharField(
        _("Administrator: pendidikan minimal"), max_length=3, choices=EDUCATION_CHOICES, default="D4"
    )
    administrator_years_lower = _years(_("Administrator: tahun sebagai Pengawas atau JF setara"), 3)
    jpt_min_education = models.CharField(
        _("JPT Pratama: pendidikan minimal"), max_length=3, choices=EDUCATION_CHOICES, default="D4"
    )
    jpt_years_lower = _years(_("JPT Pratama: tahun sebagai Administrator atau JF Ahli Madya"), 2)
    jpt_min_experience_years = _years(_("JPT Pratama: pengalaman jabatan (tahun)"), 5)
    jpt_max_age = models.PositiveSmallIntegerField(
        _("JPT Pratama: usia paling tinggi"), default=56, validators=[MinValueValidator(30), MaxValueValidator(65)]
    )
    min_jpm_band = models.CharField(
        _("kategori JPM minimal"), max_length=20, choices=BAND_CHOICES, default=pos_rules.MASIH_MEMENUHI
    )
    ak_ahli_pertama = models.PositiveSmallIntegerField(_("AK kenaikan pangkat: Ahli Pertama"), default=50)
    ak_ahli_muda = models.PositiveSmallIntegerField(_("AK kenaikan pangkat: Ahli Muda"), default=100)
    ak_ahli_madya = models.PositiveSmallIntegerField(_("AK kenaikan pangkat: Ahli Madya"), default=150)
    ak_ahli_utama = models.PositiveSmallIntegerField(_("AK kenaikan pangkat: Ahli Utama"), default=200)
    perf_above_min = models.CharField(
        _("nine-box: predikat minimal untuk 'di atas ekspektasi'"),
        max_length=16,
        choices=perf_rules.PREDIKAT_CHOICES,
        default=perf_rules.SANGAT_BAIK,
    )
    perf_meets_min = models.CharField(
        _("nine-box: predikat minimal untuk 'sesuai ekspektasi'"),
        max_length=16,
        choices=perf_rules.PREDIKAT_CHOICES,
        default=perf_rules.BAIK,
    )
    potential_mid_min = models.DecimalField(
        _("nine-box: skor potensi minimal 'menengah' (rata-rata level 1–5)"),
        max_digits=3,
        decimal_places=2,
        default="3.00",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    potential_high_min = models.DecimalField(
        _("nine-box: skor potensi minimal 'tinggi' (rata-rata level 1–5)"),
        max_digits=3,
        decimal_places=2,
        default="4.00",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    box_di_atas_rendah = _box(_("kotak: kinerja di atas, potensi rendah"), 4)
    box_di_atas_menengah = _box(_("kotak: kinerja di atas, potensi menengah"), 7)
    box_di_atas_tinggi = _box(_("kotak: kinerja di atas, potensi tinggi"), 9)
    box_sesuai_rendah = _box(_("kotak: kinerja sesuai, potensi rendah"), 2)
    box_sesuai_menengah = _box(_("kotak: kinerja sesuai, potensi menengah"), 5)
    box_sesuai_tinggi = _box(_("kotak: kinerja sesuai, potensi tinggi"), 8)
    box_di_bawah_rendah = _box(_("kotak: kinerja di bawah, potensi rendah"), 1)
    box_di_bawah_menengah = _box(_("kotak: kinerja di bawah, potensi menengah"), 3)
    box_di_bawah_tinggi = _box(_("kotak: kinerja di bawah, potensi tinggi"), 6)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("aturan kelayakan")
        verbose_name_plural = _("aturan kelayakan")

    def __str__(self) -> str:
        return _("Aturan kelayakan versi %(v)s") % {"v": self.version}

    def clean(self) -> None:
        errors = {}
        boxes = {key: getattr(self, name) for key, name in BOX_FIELDS.items()}
        if None not in boxes.values() and (message := rules.validate_box_numbering(boxes)):
            errors["box_di_atas_tinggi"] = message
        if (
            self.potential_mid_min is not None
            and self.potential_high_min is not None
            and self.potential_high_min <= self.potential_mid_min
        ):
            errors["potential_high_min"] = _("Batas 'tinggi' harus di atas batas 'menengah'.")
        if (
            self.perf_above_min
            and self.perf_meets_min
            and not perf_rules.is_at_least(self.perf_above_min, self.perf_meets_min)
        ):
            errors["perf_above_min"] = _("Predikat untuk 'di atas' tidak boleh di bawah predikat untuk 'sesuai'.")
        if errors:
            raise ValidationError(errors)

    def params(self, *, yearly_jp_target: int = 20) -> rules.RuleParams:
        """The pure rules' parameters; the JP target is the one core setting the training app owns."""
        names = [f for f in rules.RuleParams.__dataclass_fields__ if f not in ("boxes", "yearly_jp_target")]
        values = {name: getattr(self, name) for name in names}
        values["yearly_jp_target"] = yearly_jp_target
        values["boxes"] = {key: getattr(self, name) for key, name in BOX_FIELDS.items()}
        return rules.RuleParams(**values)


class ServiceExamPass(models.Model):
    """Kelulusan ujian dinas (tingkat I for III/a, tingkat II for IV/a)."""

    class Tingkat(models.TextChoices):
        I = "I", _("Tingkat I (II/d ke III/a)")  # noqa: E741
        II = "II", _("Tingkat II (III/d ke IV/a)")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="service_exams")
    tingkat = models.CharField(_("tingkat"), max_length=2, choices=Tingkat.choices)
    passed_on = models.DateField(_("tanggal lulus"))
    decree_number = models.CharField(_("nomor surat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("kelulusan ujian dinas")
        verbose_name_plural = _("kelulusan ujian dinas")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tingkat"],
                name="one_service_exam_per_level",
                violation_error_message=_("Kelulusan ujian dinas tingkat ini sudah tercatat untuk pegawai tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_tingkat_display()}"


class EligibilitySnapshot(models.Model):
    """One full recompute. Exactly one is current; a new one replaces it in one transaction."""

    created_at = models.DateTimeField(_("dihitung"), auto_now_add=True)
    reference_date = models.DateField(_("tanggal acuan"))
    rule_set = models.ForeignKey(EligibilityRuleSet, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=False)
    employees = models.PositiveIntegerField(_("pegawai"), default=0)
    results = models.PositiveIntegerField(_("hasil"), default=0)
    updated_at = models.DateTimeField(_("diperbarui"), null=True, blank=True)
    talent_year = models.PositiveSmallIntegerField(_("tahun nine-box"), null=True, blank=True)
    # {rule: results met}: written with the results by the full recompute and kept current by the
    # per-employee recompute in the same transaction (read by the merit dashboard; equal to
    # counting the results, tests/performance/test_eligibility_met_counts.py).
    met_counts = models.JSONField(default=dict, blank=True, editable=False)
    # [[opd_id, box, n]] and [[window, opd_id, rule, n]]: placements per OPD and box, promotion
    # rows per window, OPD and rule; kept like met_counts (eligibility.counts).
    box_counts = models.JSONField(default=list, blank=True, editable=False)
    window_counts = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("snapshot kelayakan")
        verbose_name_plural = _("snapshot kelayakan")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_snapshot",
                violation_error_message=_("Sudah ada hasil hitung kelayakan yang berlaku."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference_date:%d-%m-%Y} (v{self.rule_set.version})"


class EligibilityCriteria(models.Model):
    """The criteria of a result with the inputs they used ([key, status, params] each), stored
    once per distinct content: many employees share the same explanation (the same JP total,
    the same TMT and predikat), so a snapshot of 45,000 results needs about 10,000 of these.
    The key is the MD5 of the canonical JSON; rows are immutable and shared between snapshots,
    and the full recompute deletes those no result refers to any more."""

    id = models.UUIDField(primary_key=True, editable=False)
    criteria = models.JSONField(_("kriteria dan masukan"), default=list)

    class Meta:
        verbose_name = _("kriteria kelayakan")
        verbose_name_plural = _("kriteria kelayakan")

    def __str__(self) -> str:
        return str(self.id)


class EligibilityResult(models.Model):
    # Derived rows written tens of thousands at a time: no database-level foreign keys (Django
    # still cascades), so the bulk COPY and the commit skip per-row foreign-key checks; and
    # only the indexes the reads use (each extra one is maintained for every row written).
    snapshot = models.ForeignKey(
        EligibilitySnapshot, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    opd = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    rule = models.CharField(_("aturan"), max_length=20, choices=rules.RULE_CHOICES)
    status = models.CharField(_("status"), max_length=8, choices=rules.STATUS_CHOICES)
    window_date = models.DateField(_("periode kenaikan pangkat"), null=True, blank=True)
    target = models.CharField(_("sasaran"), max_length=20, blank=True)
    # No index: results are read by snapshot and joined to their criteria, never looked up
    # by criteria (and a random-UUID index costs every row written as much as a whole column).
    criteria_set = models.ForeignKey(
        EligibilityCriteria, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    rule_set_version = models.PositiveIntegerField(_("versi aturan"))
    reference_date = models.DateField(_("tanggal acuan"))

    class Meta:
        verbose_name = _("hasil kelayakan")
        verbose_name_plural = _("hasil kelayakan")
        indexes = [
            models.Index(fields=["snapshot", "employee"]),
            models.Index(fields=["snapshot", "rule", "status", "window_date"]),
            # The promotion list (selectors.PromotionList): its counts per window and OPD, and
            # a page's rows in a few (window, OPD) runs. Only the rows with a window.
            models.Index(
                fields=["snapshot", "window_date", "opd", "rule"],
                condition=Q(window_date__isnull=False),
                name="eligibility_promotion_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.rule}: {self.status}"

    @property
    def criteria(self) -> list[list]:
        """[key, status, params] per criterion: the inputs the rule used."""
        return self.criteria_set.criteria

    @property
    def described(self) -> list[dict]:
        return [rules.describe(key, status, params) for key, status, params in self.criteria]

    @property
    def next_steps(self) -> list[str]:
        return [c["next_step"] for c in self.described if c["next_step"] and c["status"] != rules.MET]


class EligibilityChange(models.Model):
    """History: when an employee became or stopped being eligible under a rule."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("aturan"), max_length=20, choices=rules.RULE_CHOICES)
    status_before = models.CharField(_("sebelum"), max_length=8, blank=True)
    status_after = models.CharField(_("sesudah"), max_length=8)
    changed_at = models.DateTimeField(_("waktu"))
    reference_date = models.DateField(_("tanggal acuan"))
    rule_set_version = models.PositiveIntegerField(_("versi aturan"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("riwayat kelayakan")
        verbose_name_plural = _("riwayat kelayakan")
        indexes = [models.Index(fields=["employee", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.rule}: {self.status_before} → {self.status_after}"

    @property
    def became_eligible(self) -> bool:
        return self.status_after == rules.MET


class TalentPlacement(models.Model):
    """Nine-box placement of an employee for the year of their latest annual predikat."""

    snapshot = models.ForeignKey(
        EligibilitySnapshot, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    opd = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    level = models.CharField(_("jenjang"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat"), max_length=16, choices=perf_rules.PREDIKAT_CHOICES)
    performance_level = models.CharField(_("kinerja"), max_length=10, choices=perf_rules.RATING_CHOICES)
    potential_score = models.DecimalField(_("skor potensi"), max_digits=4, decimal_places=2)
    potential_level = models.CharField(_("potensi"), max_length=10)
    box = models.PositiveSmallIntegerField(_("kotak"))

    class Meta:
        verbose_name = _("penempatan nine-box")
        verbose_name_plural = _("penempatan nine-box")
        indexes = [models.Index(fields=["snapshot", "box"]), models.Index(fields=["snapshot", "employee"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.box}"


class Successor(models.Model):
    """A talent-pool member HR marked as successor for a key position (audited)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="successors")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("alasan"))
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(_("ditandai"), auto_now_add=True)

    class Meta:
        ordering = ["marked_at"]
        verbose_name = _("suksesor")
        verbose_name_plural = _("suksesor")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "employee"],
                name="one_successor_mark",
                violation_error_message=_("Pegawai ini sudah ditandai sebagai calon pengganti jabatan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.position}"
