from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from positions.models import Employee, Position
from semarang_asn.core.services import setting_value

from . import rules

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class VacancyQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Vacancy.Status.DRAFT).exclude(published_at__isnull=True)

    def with_phase(self):
        """Annotate the first stage whose result is not yet announced (for ``Vacancy.phase``),
        in the same query as the list."""
        pending = (
            Stage.objects.filter(vacancy=models.OuterRef("pk"))
            .exclude(state=Stage.State.ANNOUNCED)
            .order_by("order")
            .values("kind")[:1]
        )
        return self.annotate(open_stage_kind=models.Subquery(pending))


class Vacancy(models.Model):
    """A vacant seat filled by open selection. Requirements, stages, weights and pass marks
    freeze when it is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Diumumkan")
        PROPOSED = "proposed", _("Diusulkan ke PPK")
        APPOINTED = "appointed", _("Selesai (dilantik)")
        CANCELLED = "cancelled", _("Dibatalkan")

    class Training(models.TextChoices):
        NONE = "", _("Tidak disyaratkan")
        PKP = "PKP", _("PKP (Pelatihan Kepemimpinan Pengawas)")
        PKA = "PKA", _("PKA (Pelatihan Kepemimpinan Administrator)")
        PKN2 = "PKN II", _("PKN Tingkat II")

    # Given at publication; drafts have none yet, so it is unique only once set.
    code = models.CharField(_("nomor seleksi"), max_length=20, blank=True)
    position = models.ForeignKey(
        "positions.Position", on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("jabatan")
    )
    title = models.CharField(_("judul pengumuman"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    registration_opens = models.DateField(_("pendaftaran dibuka"))
    registration_closes = models.DateField(_("pendaftaran ditutup"))
    names_to_official = models.PositiveSmallIntegerField(
        _("jumlah nama diusulkan ke PPK"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    # Requirements (persyaratan); empty means not required.
    min_rank = models.ForeignKey(
        "positions.Rank",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pangkat minimal"),
    )
    min_education = models.CharField(_("pendidikan minimal"), max_length=3, blank=True)
    experience_levels = models.JSONField(
        _("pengalaman pada jenjang jabatan"), default=list, blank=True, help_text=_("Kode jenjang jabatan.")
    )
    experience_years = models.PositiveSmallIntegerField(_("lama pengalaman (tahun)"), default=0)
    max_age = models.PositiveSmallIntegerField(_("usia maksimal (tahun)"), null=True, blank=True)
    no_moderate_heavy_discipline = models.BooleanField(_("tidak pernah dijatuhi hukuman disiplin sedang/berat"))
    predikat_baik_two_years = models.BooleanField(_("predikat kinerja minimal Baik dua tahun terakhir"))
    leadership_training = models.CharField(
        _("pelatihan kepemimpinan"), max_length=6, choices=Training.choices, blank=True
    )
    jpm_min = models.DecimalField(
        _("JPM minimal (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    lhkpn_required = models.BooleanField(_("wajib bukti LHKPN"), default=False)
    age_reference_date = models.DateField(
        _("tanggal acuan usia"),
        null=True,
        blank=True,
        help_text=_("Tanggal usia pelamar dihitung; kosongkan untuk hari terakhir pendaftaran."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    committee_confirmed_at = models.DateTimeField(_("pansel ditetapkan"), null=True, blank=True)
    admin_announced_at = models.DateTimeField(_("hasil administrasi diumumkan"), null=True, blank=True)
    admin_objection_until = models.DateField(_("masa sanggah administrasi sampai"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("diusulkan ke PPK"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-registration_opens", "-id"]
        verbose_name = _("lowongan seleksi terbuka")
        verbose_name_plural = _("lowongan seleksi terbuka")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gte=models.F("registration_opens")),
                name="vacancy_registration_window_order",
                violation_error_message=_("Pendaftaran ditutup tidak boleh sebelum pendaftaran dibuka."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="vacancy_unique_code_once_set",
                violation_error_message=_("Kode lowongan ini sudah dipakai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code or '—'} {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def experience_level_labels(self) -> list[str]:
        labels = dict(Position.Level.choices)
        return [str(labels.get(level, level)) for level in self.experience_levels]

    @property
    def is_jpt(self) -> bool:
        return self.position.type == Position.Type.JPT

    @property
    def phase(self) -> str:
        """The stage the selection is at (rules.selection_phase); lists annotate ``with_phase``."""
        if hasattr(self, "open_stage_kind"):
            open_stage = self.open_stage_kind
        else:
            stages = sorted(self.stages.all(), key=lambda s: s.order)
            open_stage = next((s.kind for s in stages if s.state != Stage.State.ANNOUNCED), None)
        return rules.selection_phase(
            status=self.status,
            today=timezone.localdate(),
            registration_opens=self.registration_opens,
            registration_closes=self.registration_closes,
            admin_announced=self.admin_announced_at is not None,
            open_stage=open_stage,
        )

    @property
    def phase_label(self) -> str:
        return rules.phase_label(self.phase)

    @property
    def age_measured_on(self) -> dt.date:
        """The day age is measured, stated in the announcement: by default the last day of registration."""
        return self.age_reference_date or self.registration_closes

    @property
    def level_requirements(self) -> rules.LevelRequirements:
        return rules.level_requirements(self.position.level)

    def requirements(self) -> dict:
        """What screening applies: the level's statutory requirements and HR's own, the
        stricter of the two where both set the same thing."""
        statutory = self.level_requirements
        jpm_min = self.jpm_min
        if statutory.competency_to_standard:
            standard = Decimal(str(setting_value("jpm.band_memenuhi_min")))
            jpm_min = max(jpm_min, standard) if jpm_min is not None else standard
        labels = dict(Position.Level.choices)
        experience = []
        if statutory.post_years:
            experience.append((statutory.post_levels, statutory.post_years, True))
        if self.experience_levels and self.experience_years:
            experience.append((tuple(self.experience_levels), self.experience_years, False))
        experience = [
            {"levels": levels, "labels": [str(labels.get(lv, lv)) for lv in levels], "years": years, "statutory": st}
            for levels, years, st in experience
        ]
        return {
            "min_education": rules.stricter_education(
                self.min_education, statutory.min_education, Employee.EDUCATION_ORDER
            ),
            "max_age": rules.stricter_max_age(self.max_age, statutory.max_age),
            "experience": experience,
            "service_years": statutory.service_years,
            "no_moderate_heavy_discipline": self.no_moderate_heavy_discipline or statutory.no_moderate_heavy_discipline,
            "predikat_baik_two_years": self.predikat_baik_two_years or statutory.predikat_baik_two_years,
            "jpm_min": jpm_min,
            "lhkpn_required": self.lhkpn_required or statutory.lhkpn,
            "statutory": statutory,
        }

    def registration_is_open(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == self.Status.PUBLISHED and self.registration_opens <= on <= self.registration_closes


class Stage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Belum dimulai")
        SCORING = "scoring", _("Penilaian")
        LOCKED = "locked", _("Dikunci")
        ANNOUNCED = "announced", _("Diumumkan")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("tahap"), max_length=20, choices=[(k, v) for k, v in rules.STAGE_LABELS.items()])
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = models.DecimalField(_("bobot (%)"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    pass_mark = models.DecimalField(_("nilai ambang"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    scheduled_on = models.DateField(_("jadwal"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.PENDING)
    locked_at = models.DateTimeField(_("dikunci"), null=True, blank=True)
    announced_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    objection_until = models.DateField(_("masa sanggah sampai"), null=True, blank=True)

    class Meta:
        ordering = ["vacancy", "order"]
        verbose_name = _("tahap seleksi")
        verbose_name_plural = _("tahap seleksi")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "kind"],
                name="stage_kind_once_per_vacancy",
                violation_error_message=_("Tahap jenis ini sudah ada pada lowongan tersebut."),
            ),
            models.UniqueConstraint(
                fields=["vacancy", "order"],
                name="stage_order_unique",
                violation_error_message=_("Urutan tahap ini sudah dipakai tahap lain pada lowongan tersebut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_kind_display()}"

    @property
    def short_label(self) -> str:
        return str(rules.STAGE_SHORT_LABELS[self.kind])


class CommitteeMember(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats")
    name = models.CharField(_("nama"), max_length=150)
    affiliation = models.CharField(_("asal instansi"), max_length=150, blank=True)
    is_internal = models.BooleanField(_("anggota internal"), help_text=_("Pegawai Pemerintah Kota Semarang."))
    is_chair = models.BooleanField(_("ketua"), default=False)

    class Meta:
        ordering = ["-is_chair", "name"]
        verbose_name = _("anggota pansel")
        verbose_name_plural = _("anggota pansel")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "user"],
                name="committee_member_once",
                violation_error_message=_("Pengguna ini sudah menjadi anggota panitia seleksi lowongan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    class Admin(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        PASSED = "passed", _("Memenuhi syarat administrasi")
        FAILED = "failed", _("Tidak memenuhi syarat administrasi")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    employee = models.ForeignKey(
        "positions.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    seq = models.PositiveIntegerField(_("urutan pendaftaran"))
    registration_number = models.CharField(_("nomor pendaftaran"), max_length=30, unique=True)
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=150)
    is_external = models.BooleanField(_("pelamar dari instansi lain"), default=False)
    origin_agency = models.CharField(_("instansi asal"), max_length=150, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=3, blank=True)
    screening = models.JSONField(_("hasil penyaringan"), default=list)
    submitted_at = models.DateTimeField(_("didaftarkan"), default=timezone.now)
    admin_status = models.CharField(
        _("verifikasi administrasi"), max_length=10, choices=Admin.choices, default=Admin.PENDING
    )
    admin_reason = models.TextField(_("alasan verifikasi"), blank=True)
    training_certificate_ok = models.BooleanField(_("sertifikat pelatihan kepemimpinan sah"), null=True, blank=True)
    stopped_at = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("gugur pada tahap")
    )
    final_score = models.DecimalField(_("nilai akhir"), max_digits=6, decimal_places=2, null=True, blank=True)
    final_rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    proposed = models.BooleanField(_("diusulkan ke PPK"), default=False)

    class Meta:
        ordering = ["vacancy", "seq"]
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "seq"],
                name="application_seq_unique",
                violation_error_message=_("Nomor urut pendaftaran ini sudah dipakai; coba kirim ulang."),
            ),
            models.UniqueConstraint(
                fields=["vacancy", "nip"],
                name="application_once_per_nip",
                violation_error_message=_("NIP ini sudah terdaftar pada lowongan tersebut."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.admin_status != self.Admin.FAILED and self.stopped_at_id is None

    @property
    def screening_outcome(self) -> str:
        """The registration screening at a glance: "not_met" if any requirement failed,
        "check" if some wait for HR's verification, else "met" (codes of assessments.eligibility)."""
        statuses = {c.get("status") for c in self.screening}
        return next((s for s in ("not_met", "check") if s in statuses), "met")

    @property
    def screening_outcome_label(self) -> str:
        labels = {
            "not_met": _("Ada yang belum memenuhi"),
            "check": _("Sebagian diperiksa BKPP"),
            "met": _("Memenuhi semua"),
        }
        return str(labels[self.screening_outcome])

    # What the applicant sees of their own application: like the public, only what has been
    # announced. HR's verification and a locked stage's result stay hidden until then, and so
    # does everything that would give them away (a badge, a reason, the upload form).

    @property
    def admin_result_published(self) -> bool:
        return self.vacancy.admin_announced_at is not None

    @property
    def published_admin_label(self) -> str:
        if not self.admin_result_published:
            return _("Belum diumumkan")
        return self.get_admin_status_display()

    @property
    def published_admin_reason(self) -> str:
        return self.admin_reason if self.admin_result_published else ""

    @property
    def published_stopped_at(self) -> Stage | None:
        stage = self.stopped_at
        return stage if stage is not None and stage.state == Stage.State.ANNOUNCED else None

    @property
    def is_active_as_published(self) -> bool:
        failed = self.admin_result_published and self.admin_status == self.Admin.FAILED
        return not failed and self.published_stopped_at is None

    @property
    def published_standing(self) -> str:
        """Where the applicant stands, from announced results only: out at an announced stage
        or administration, the selection ended, or still in it."""
        stopped = self.published_stopped_at
        if stopped is not None:
            return _("Tidak lulus tahap %(stage)s") % {"stage": stopped.get_kind_display()}
        if self.admin_result_published and self.admin_status == self.Admin.FAILED:
            return _("Tidak lulus seleksi administrasi")
        if self.vacancy.status == Vacancy.Status.CANCELLED:
            return _("Seleksi dibatalkan")
        if self.vacancy.status == Vacancy.Status.APPOINTED:
            return _("Seleksi selesai")
        return _("Masih mengikuti seleksi")


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", _("Makalah")
        LHKPN = "lhkpn", _("Bukti LHKPN")
        TRAINING = "training", _("Sertifikat pelatihan kepemimpinan")
        OTHER = "other", _("Dokumen lain")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="seleksi/%Y/")
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("dokumen pendaftaran")
        verbose_name_plural = _("dokumen pendaftaran")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class ConflictDeclaration(models.Model):
    """Kept for the record even when there is no conflict. A conflict recuses the member."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="declarations")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="declarations")
    has_conflict = models.BooleanField(_("ada konflik kepentingan"))
    statement = models.TextField(_("pernyataan"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pernyataan konflik kepentingan")
        verbose_name_plural = _("pernyataan konflik kepentingan")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"],
                name="one_declaration_per_pair",
                violation_error_message=_("Pernyataan konflik kepentingan untuk pelamar ini sudah dibuat."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.application}"


class Score(models.Model):
    """One assessor's submitted score of one applicant in one stage; locked once saved."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    comment = models.TextField(_("catatan"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    original_value = models.DecimalField(
        _("nilai sebelum kalibrasi"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    adjustment_reason = models.TextField(_("alasan kalibrasi"), blank=True)

    class Meta:
        ordering = ["stage", "application", "member"]
        verbose_name = _("nilai asesor")
        verbose_name_plural = _("nilai asesor")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "application", "member"],
                name="one_score_per_assessor",
                violation_error_message=_("Anda sudah memberi nilai pelamar ini pada tahap tersebut."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=100),
                name="score_0_100",
                violation_error_message=_("Nilai harus antara 0 dan 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.application.registration_number}: {self.value}"


class StageResult(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_results")
    value = models.DecimalField(_("nilai tahap"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("lulus"))
    spread = models.DecimalField(_("selisih nilai asesor"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        ordering = ["stage", "-value"]
        verbose_name = _("hasil tahap")
        verbose_name_plural = _("hasil tahap")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "application"],
                name="one_result_per_stage",
                violation_error_message=_("Hasil tahap ini untuk pelamar tersebut sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.application.registration_number}: {self.value}"


class Objection(models.Model):
    """Sanggah: filed by an applicant in the window after an announcement, answered by HR.
    Without a stage it objects to the announcement of the administration result."""

    stage = models.ForeignKey(
        Stage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
        help_text=_("Kosong: sanggahan atas pengumuman hasil seleksi administrasi."),
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections")
    text = models.TextField(_("isi sanggahan"))
    filed_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")

    def __str__(self) -> str:
        return f"{self.application.registration_number} — {self.subject}"

    @property
    def subject(self) -> str:
        """What the objection is against: a stage, or the administration announcement."""
        return str(self.stage.get_kind_display()) if self.stage_id else str(_("Seleksi administrasi"))


class Decision(models.Model):
    """The appointing official's pick among the proposed names."""

    vacancy = models.OneToOneField(Vacancy, on_delete=models.PROTECT, related_name="decision")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    start_date = models.DateField(_("TMT pelantikan"))
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    assignment = models.ForeignKey(
        "positions.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("keputusan PPK")
        verbose_name_plural = _("keputusan PPK")

    def __str__(self) -> str:
        return f"{self.vacancy.code}: {self.application.name}"
