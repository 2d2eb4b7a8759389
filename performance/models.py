from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from positions.models import Employee, OrgUnit, Position

from . import rules


class EvaluationCycle(models.Model):
    """One evaluation period: annual (compulsory) or periodic (quarter, semester, month)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Tahunan")
        QUARTERLY = "quarterly", _("Triwulanan")
        SEMESTER = "semester", _("Semesteran")
        MONTHLY = "monthly", _("Bulanan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Dibuka")
        CALIBRATION = "calibration", _("Kalibrasi")
        CLOSED = "closed", _("Ditutup")

    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis periode"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    open_date = models.DateField(_("tanggal dibuka"))
    rating_deadline = models.DateField(_("batas penilaian"))
    objection_deadline = models.DateField(_("batas keberatan"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A closed cycle is read-only: its counts of evaluations and rated ones are taken when it
    # closes, so the cycle list counts only the cycles still running (None: count them).
    closed_evaluations = models.PositiveIntegerField(null=True, blank=True, editable=False)
    closed_rated = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # ... and its evaluations counted per unit, OPD and predikat ([[unit, opd, predikat, n], ...],
    # n without unit heads), which monitoring_kurva and the merit dashboard read (None: count them).
    closed_kurva = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("siklus penilaian")
        verbose_name_plural = _("siklus penilaian")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cycle_period_order",
                violation_error_message=_("Akhir periode tidak boleh sebelum awal periode."),
            ),
            models.CheckConstraint(
                condition=Q(objection_deadline__gte=models.F("rating_deadline")),
                name="cycle_objection_after_rating",
                violation_error_message=_("Batas keberatan tidak boleh sebelum batas penilaian."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def short_label(self) -> str:
        """A few characters for chart axes: "2025", "TW II 2026", "S1 2026", "03/2026"."""
        if self.kind == self.Kind.QUARTERLY:
            return f"TW {['I', 'II', 'III', 'IV'][(self.period_start.month - 1) // 3]} {self.year}"
        if self.kind == self.Kind.SEMESTER:
            return f"S{1 if self.period_start.month <= 6 else 2} {self.year}"
        if self.kind == self.Kind.MONTHLY:
            return f"{self.period_start:%m/%Y}"
        return str(self.year)

    @property
    def months(self) -> int:
        return (
            (self.period_end.year - self.period_start.year) * 12 + self.period_end.month - self.period_start.month + 1
        )

    # Months a period of each kind covers; a period starts on the 1st and ends on a month's last day.
    KIND_MONTHS = {Kind.ANNUAL: 12, Kind.SEMESTER: 6, Kind.QUARTERLY: 3, Kind.MONTHLY: 1}

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Akhir periode sebelum awal periode.")
        elif self.period_start and self.period_end and self.kind in self.KIND_MONTHS:
            whole_months = self.period_start.day == 1 and (self.period_end + dt.timedelta(days=1)).day == 1
            expected = self.KIND_MONTHS[self.kind]
            if not whole_months or self.months != expected:
                errors["period_end"] = _(
                    "Periode %(kind)s mencakup %(n)s bulan penuh (tanggal 1 sampai akhir bulan)."
                ) % {"kind": self.get_kind_display().lower(), "n": expected}
            elif self.year and self.period_start.year != self.year:
                errors["year"] = _("Tahun tidak sesuai dengan awal periode.")
        if self.open_date and self.rating_deadline and self.rating_deadline < self.open_date:
            errors["rating_deadline"] = _("Batas penilaian sebelum tanggal dibuka.")
        if self.rating_deadline and self.objection_deadline and self.objection_deadline < self.rating_deadline:
            errors["objection_deadline"] = _("Batas keberatan sebelum batas penilaian.")
        if errors:
            raise ValidationError(errors)


class EvaluationQuerySet(models.QuerySet):
    def without_rater(self):
        return self.filter(rater__isnull=True)

    def without_rater_or_superior(self):
        """Nobody to rate, or nobody to decide an objection: HR's list to resolve."""
        return self.filter(Q(rater__isnull=True) | Q(rater_superior__isnull=True))

    def rated(self):
        return self.exclude(predikat="")


class Evaluation(models.Model):
    """An employee's SKP and rating in one cycle. Rows are inserted set-based when the
    cycle opens (see services.cycle_open), so the defaults also live in the database."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Pengisian SKP")
        RATED = "rated", _("Sudah dinilai")
        FINAL = "final", _("Final")

    # No index of its own: the unique (cycle, employee) index and the (cycle, …) ones below
    # lead with it, and each index is one more write per row when a cycle opens.
    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="evaluations", db_index=False)
    # The employee's own index serves "my evaluations" across cycles. The other foreign keys
    # have no index of their own: every read of them names the cycle and goes through the
    # (cycle, …) indexes below (the team page's (cycle, rater), the curve's (cycle, unit)),
    # objections are found from the objection side, and nothing looks up a seat's evaluations.
    # Each such index took a random-page write per row when a cycle opened, the part of the
    # opening that grew faster than the headcount. What they served instead: deleting a seat,
    # person or org unit (admin only; PROTECT refuses it while an evaluation names it) scans
    # the evaluations for the foreign-key check.
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="evaluations")
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jabatan"),
        db_index=False,
    )
    opd = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("OPD"),
        db_index=False,
    )
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit kalibrasi"),
        db_index=False,
        help_text=_("OPD, atau Bidang/Bagian bila kalibrasi per Bidang/Bagian (pengaturan saat siklus dibuka)."),
    )
    rater = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations_to_rate",
        verbose_name=_("pejabat penilai kinerja"),
        db_index=False,
    )
    rater_superior = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("atasan pejabat penilai"),
        db_index=False,
    )
    rater_position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jabatan pejabat penilai"),
        help_text=_("Kursi yang membuat penilai menjadi penilai; kosong bila BKPP menetapkannya."),
        db_index=False,
    )
    is_unit_head = models.BooleanField(_("kepala unit"), default=False, db_default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_default=Status.DRAFT
    )
    hasil_rating = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=rules.RATING_CHOICES, blank=True, default="", db_default=""
    )
    perilaku_rating = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=rules.RATING_CHOICES, blank=True, default="", db_default=""
    )
    predikat = models.CharField(
        _("predikat kinerja"), max_length=16, choices=rules.PREDIKAT_CHOICES, blank=True, default="", db_default=""
    )
    rated_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())
    # How many SKP rows (hasil kerja) the evaluation has and how many are realised, kept by
    # performance.skp_counts in the transaction that writes a row, so that completion
    # monitoring counts a cycle's SKPs without looking up every employee's rows.
    skp_rows = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    skp_realised = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    # Derived from the SKP rows, which an evaluation's version never covered.
    version_ignore = ("skp_rows", "skp_realised")

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "employee__name"]
        verbose_name = _("penilaian kinerja")
        verbose_name_plural = _("penilaian kinerja")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"],
                name="one_evaluation_per_cycle_employee",
                violation_error_message=_("Pegawai ini sudah punya penilaian dalam siklus tersebut."),
            )
        ]
        indexes = [
            # Completion monitoring and the curve group a cycle by OPD / by unit from these
            # alone (index-only, no visit of every evaluation row).
            models.Index(
                fields=["cycle", "opd"],
                include=["predikat", "rater", "skp_rows", "skp_realised"],
                name="evaluation_cycle_opd",
            ),
            models.Index(
                fields=["cycle", "unit"], include=["opd", "predikat", "is_unit_head"], name="evaluation_cycle_unit"
            ),
            models.Index(fields=["cycle", "rater"]),
            # The cycle list's counts of evaluations and rated ones.
            models.Index(fields=["cycle", "predikat"], name="evaluation_cycle_predikat"),
            # A unit's head (calibration: the member list's first row, the head's rating).
            models.Index(fields=["cycle", "unit"], condition=Q(is_unit_head=True), name="evaluation_unit_head"),
            # The cycle page's list of evaluations nobody can rate or decide an objection on.
            models.Index(
                fields=["cycle"],
                condition=Q(rater__isnull=True) | Q(rater_superior__isnull=True),
                name="evaluation_without_rater",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.cycle.name}"

    @property
    def is_rated(self) -> bool:
        return bool(self.predikat)

    @property
    def needs_coaching(self) -> bool:
        return self.predikat in rules.NEEDS_COACHING

    @property
    def perilaku_rows(self) -> list[PerilakuKerja]:
        """The seven BerAKHLAK rows in value order: the stored ones, and an unsaved empty row
        for each value the rater has not written yet (rows are stored on first write, not
        when the cycle opens). Reads ``perilaku_kerja.all()``, so a prefetch serves it."""
        stored = {row.value: row for row in self.perilaku_kerja.all()}
        return [
            stored.get(value) or PerilakuKerja(evaluation=self, value=value) for value in PerilakuKerja.Value.values
        ]


class EvaluationCount(models.Model):
    """A cycle's evaluations per OPD, calibration unit and predikat (``opd_key``, ``unit_key``:
    the org unit's id, 0 for none; predikat "" for not rated yet): how many, and of those the
    unit heads, the SKPs with rows, with a realised row, and those without a rater. PostgreSQL
    keeps them current with statement triggers on the evaluation table
    (``performance.kept_counts``), so the cycle list, completion monitoring, the curve and
    calibration read a few hundred rows instead of every evaluation of the cycle. Not edited
    by anyone; a row whose evaluations fell to 0 counts nothing."""

    # No constraint or cascade: the triggers write it, and a cycle's deletion empties its rows
    # through the evaluations' own deletion.
    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    opd_key = models.BigIntegerField()
    unit_key = models.BigIntegerField()
    predikat = models.CharField(max_length=16, blank=True)
    evaluations = models.IntegerField(default=0)
    unit_heads = models.IntegerField(default=0)
    with_skp = models.IntegerField(default=0)
    realised = models.IntegerField(default=0)
    without_rater = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rekap penilaian per unit dan predikat")
        verbose_name_plural = _("rekap penilaian per unit dan predikat")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "opd_key", "unit_key", "predikat"],
                name="evaluation_count_key",
                violation_error_message=_("Rekap unit dan predikat ini dalam siklus tersebut sudah tercatat."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.opd_key}/{self.unit_key}/{self.predikat or '-'}: {self.evaluations}"


class HasilKerja(models.Model):
    """One SKP result row: what is expected (indicator, target), what was done, its proof."""

    class Kind(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="hasil_kerja")
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.UTAMA)
    indicator = models.CharField(_("indikator kinerja"), max_length=300)
    target = models.CharField(_("target"), max_length=150)
    realisation = models.TextField(_("realisasi"), blank=True)
    evidence_file = models.FileField(_("bukti dukung (berkas)"), upload_to="kinerja/bukti/%Y/", blank=True)
    evidence_link = models.URLField(_("bukti dukung (tautan)"), blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    rating = models.CharField(_("penilaian baris"), max_length=10, choices=rules.RATING_CHOICES, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("hasil kerja")
        verbose_name_plural = _("hasil kerja")

    def __str__(self) -> str:
        return self.indicator

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_link)


class PerilakuKerja(models.Model):
    """One row per BerAKHLAK value with the rater's specific expectation and feedback.

    Stored when the rater first writes one (``services.perilaku_kerja_update``); until then
    the value's expectation and feedback are empty and ``Evaluation.perilaku_rows`` stands in
    an unsaved row. Opening a cycle thus writes no perilaku rows (seven per employee, and a
    foreign-key check each, were most of its cost)."""

    class Value(models.TextChoices):
        PELAYANAN = "1_pelayanan", _("Berorientasi Pelayanan")
        AKUNTABEL = "2_akuntabel", _("Akuntabel")
        KOMPETEN = "3_kompeten", _("Kompeten")
        HARMONIS = "4_harmonis", _("Harmonis")
        LOYAL = "5_loyal", _("Loyal")
        ADAPTIF = "6_adaptif", _("Adaptif")
        KOLABORATIF = "7_kolaboratif", _("Kolaboratif")

    # No index of its own: the unique (evaluation, value) index leads with it.
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="perilaku_kerja", db_index=False)
    value = models.CharField(_("nilai BerAKHLAK"), max_length=16, choices=Value.choices)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True, default="", db_default="")
    feedback = models.TextField(_("umpan balik"), blank=True, default="", db_default="")

    class Meta:
        ordering = ["value"]
        verbose_name = _("perilaku kerja")
        verbose_name_plural = _("perilaku kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "value"],
                name="one_perilaku_row_per_value",
                violation_error_message=_("Nilai BerAKHLAK ini sudah ada dalam penilaian tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.get_value_display()


class Objection(models.Model):
    """Keberatan: the employee contests the rating; the rater's superior decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="objection")
    reason = models.TextField(_("alasan keberatan"))
    filed_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")

    def __str__(self) -> str:
        return f"{_('Keberatan')} {self.evaluation}"


class UnitCalibration(models.Model):
    """Calibration of one unit (an OPD, or a Bidang/Bagian when so configured) in one cycle:
    the unit's own predikat against the curve of the employees under its head."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="calibrations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    opd = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD"))
    unit_predikat = models.CharField(_("predikat unit"), max_length=16, choices=rules.UNIT_PREDIKAT_CHOICES, blank=True)
    breaches = models.JSONField(_("pelanggaran kurva"), default=list, blank=True)
    justification = models.TextField(_("justifikasi"), blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["opd__name", "unit__name"]
        verbose_name = _("kalibrasi unit")
        verbose_name_plural = _("kalibrasi unit")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                name="one_calibration_per_cycle_unit",
                violation_error_message=_("Kalibrasi unit ini dalam siklus tersebut sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.cycle}"

    @property
    def label(self) -> str:
        """The unit's name, with its OPD when it is a Bidang/Bagian."""
        if self.unit_id == self.opd_id:
            return self.unit.name
        return f"{self.unit.name} · {self.opd.name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CoachingAction(models.Model):
    """Bimbingan kinerja: one action of the coaching plan of a poorly rated evaluation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DONE = "done", _("Selesai")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="coaching_actions")
    action = models.CharField(_("tindakan"), max_length=300)
    owner = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+", verbose_name=_("penanggung jawab"))
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("bimbingan kinerja")
        verbose_name_plural = _("bimbingan kinerja")

    def __str__(self) -> str:
        return self.action

    def is_overdue(self, today: dt.date) -> bool:
        return self.status != self.Status.DONE and self.due_date < today


class CreditPoint(models.Model):
    """Angka kredit a JF holder earned from an annual cycle's predikat."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="credit_points")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="credit_points")
    level = models.CharField(_("jenjang"), max_length=20, choices=Position.Level.choices)
    predikat = models.CharField(_("predikat"), max_length=16, choices=rules.PREDIKAT_CHOICES)
    months = models.PositiveSmallIntegerField(_("bulan"))
    amount = models.DecimalField(_("angka kredit"), max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["-cycle__year", "employee__name"]
        verbose_name = _("angka kredit")
        verbose_name_plural = _("angka kredit")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"],
                name="one_credit_point_per_cycle",
                violation_error_message=_("Angka kredit pegawai ini dalam siklus tersebut sudah dihitung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.cycle.year}: {self.amount}"


# Eligibility, talent and succession live in their own module of this app.
from .eligibility.models import (  # noqa: E402, F401
    EligibilityChange,
    EligibilityCriteria,
    EligibilityResult,
    EligibilityRuleSet,
    EligibilitySnapshot,
    ServiceExamPass,
    Successor,
    TalentPlacement,
)
