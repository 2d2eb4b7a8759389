"""Online training: catalogue, lessons and progress, quiz, certificates, external training,
socialisation and the JP ledger that counts toward the yearly 20 JP."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from positions.models import Competency, Employee, OrgUnit, Position

from . import rules

JP_FIELD = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(0)]}


class Leadership(models.TextChoices):
    PKP = rules.PKP, _("PKP (Pelatihan Kepemimpinan Pengawas)")
    PKA = rules.PKA, _("PKA (Pelatihan Kepemimpinan Administrator)")
    PKN_II = rules.PKN_II, _("PKN Tingkat II (Pelatihan Kepemimpinan Nasional)")


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Course(models.Model):
    class Modality(models.TextChoices):
        ELEARNING = "elearning", _("E-learning mandiri")
        VIRTUAL = "virtual", _("Kelas virtual")
        CLASSICAL = "classical", _("Klasikal")

    class Provider(models.TextChoices):
        BKPP = "bkpp", _("BKPP Kota Semarang")
        LAN = "lan", _("LAN RI")
        BPSDM = "bpsdm_jateng", _("BPSDM Jawa Tengah")
        OTHER = "other", _("Lainnya")

    code = models.CharField(_("kode"), max_length=30, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"))
    jp = models.DecimalField(_("JP (jam pelajaran)"), **JP_FIELD)
    modality = models.CharField(_("moda"), max_length=12, choices=Modality.choices, default=Modality.ELEARNING)
    provider = models.CharField(_("penyelenggara"), max_length=15, choices=Provider.choices, default=Provider.BKPP)
    provider_name = models.CharField(
        _("nama penyelenggara lain"), max_length=150, blank=True, help_text=_("Diisi bila penyelenggara Lainnya.")
    )
    leadership = models.CharField(
        _("pelatihan kepemimpinan"),
        max_length=8,
        choices=Leadership.choices,
        blank=True,
        help_text=_("Bila kursus ini adalah PKP, PKA atau PKN Tingkat II."),
    )
    enrol_opens = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    enrol_closes = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("kapasitas"), null=True, blank=True, help_text=_("Kosongkan bila tidak dibatasi.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus kuis (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("batas percobaan kuis"), default=3, validators=[MinValueValidator(1)]
    )
    attempt_wait_minutes = models.PositiveIntegerField(_("jeda antarpercobaan (menit)"), default=60)
    is_published = models.BooleanField(_("diterbitkan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.enrol_opens and self.enrol_closes and self.enrol_closes < self.enrol_opens:
            raise ValidationError({"enrol_closes": _("Tanggal tutup pendaftaran tidak boleh sebelum tanggal buka.")})
        if self.provider == self.Provider.OTHER and not self.provider_name.strip():
            raise ValidationError({"provider_name": _("Sebutkan nama penyelenggara.")})

    def enrolment_open_on(self, day) -> bool:
        if self.enrol_opens and day < self.enrol_opens:
            return False
        return not (self.enrol_closes and day > self.enrol_closes)

    @property
    def provider_label(self) -> str:
        if self.provider == self.Provider.OTHER and self.provider_name:
            return self.provider_name
        # The member's own label: get_provider_display translates every choice to find one.
        try:
            return str(self.Provider(self.provider).label)
        except ValueError:  # a value no longer among the choices, shown as stored
            return self.provider


class CourseCompetency(models.Model):
    """A competency the course develops, up to a level."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("kompetensi"))
    level = models.PositiveSmallIntegerField(_("hingga level"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        ordering = ["competency__code"]
        verbose_name = _("kompetensi kursus")
        verbose_name_plural = _("kompetensi kursus")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competency"],
                name="course_competency_unique",
                violation_error_message=_("Kompetensi ini sudah terkait dengan pelatihan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} → {self.level}"


class CourseMandatoryLevel(models.Model):
    """A position level for which the course is mandatory (PKP for Pengawas, ...)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="mandatory_levels")
    level = models.CharField(_("jenjang jabatan"), max_length=20, choices=Position.Level.choices)

    class Meta:
        ordering = ["level"]
        verbose_name = _("wajib untuk jenjang")
        verbose_name_plural = _("wajib untuk jenjang")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "level"],
                name="course_level_unique",
                violation_error_message=_("Jenjang ini sudah tercatat untuk pelatihan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.get_level_display()


class Lesson(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Teks")
        VIDEO = "video", _("Video")
        PDF = "pdf", _("PDF")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("isi (Markdown)"), blank=True)
    video_file = models.FileField(_("berkas video (MP4)"), upload_to="pelatihan/video/%Y/", blank=True)
    video_url = models.URLField(_("tautan video"), blank=True)
    pdf_file = models.FileField(_("berkas PDF"), upload_to="pelatihan/pdf/%Y/", blank=True)

    class Meta:
        ordering = ["course_id", "order", "id"]
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "order"],
                name="lesson_order_unique",
                violation_error_message=_("Urutan materi ini sudah dipakai materi lain pada pelatihan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def clean(self) -> None:
        if self.kind == self.Kind.TEXT and not self.body.strip():
            raise ValidationError({"body": _("Materi teks wajib diisi.")})
        if self.kind == self.Kind.VIDEO and not (self.video_file or self.video_url):
            raise ValidationError({"video_file": _("Unggah video MP4 atau isi tautan video.")})
        if self.kind == self.Kind.PDF and not self.pdf_file:
            raise ValidationError({"pdf_file": _("Unggah berkas PDF.")})


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("pertanyaan"))

    class Meta:
        ordering = ["course_id", "id"]
        verbose_name = _("soal")
        verbose_name_plural = _("soal")

    def __str__(self) -> str:
        return self.text[:80]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("pilihan"), max_length=300)
    is_correct = models.BooleanField(_("jawaban benar"), default=False)

    class Meta:
        ordering = ["question_id", "id"]
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")

    def __str__(self) -> str:
        return self.text


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_at = models.DateTimeField(_("terdaftar"), default=timezone.now)
    last_lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_on = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        verbose_name = _("peserta kursus")
        verbose_name_plural = _("peserta kursus")
        # HR's participant list: latest completions first, one day's group sorted by name.
        indexes = [models.Index(fields=["course", "-completed_on"], name="enrollment_course_done")]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "employee"],
                name="enrollment_unique",
                violation_error_message=_("Pegawai ini sudah terdaftar pada pelatihan tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.course}"


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kemajuan materi")
        verbose_name_plural = _("kemajuan materi")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"],
                name="lesson_progress_unique",
                violation_error_message=_("Kemajuan materi ini sudah tercatat."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.lesson_id}"


class QuizAttempt(models.Model):
    """One attempt at a course's final quiz. The order of questions and options is fixed
    when the attempt starts, so a reload shows the same quiz."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # [[question_id, [option_id, ...]], ...] in the order shown.
    layout = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("percobaan kuis")
        verbose_name_plural = _("percobaan kuis")

    def __str__(self) -> str:
        return f"{self.enrollment_id} #{self.pk}: {self.score if self.score is not None else '-'}"


def _certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
    # 32 letters: each random byte modulo 32 picks one uniformly (256 = 8 x 32), with one call
    # to the OS's generator per code instead of twelve (the demo writes 30,000 certificates).
    letters = "".join(alphabet[b % 32] for b in secrets.token_bytes(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


class Certificate(models.Model):
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True, default=_certificate_code)
    issued_on = models.DateField(_("tanggal terbit"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class ExternalTraining(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="external_trainings")
    title = models.CharField(_("nama pelatihan"), max_length=200)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), **JP_FIELD)
    leadership = models.CharField(_("pelatihan kepemimpinan"), max_length=8, choices=Leadership.choices, blank=True)
    certificate_file = models.FileField(_("sertifikat (PDF/gambar)"), upload_to="pelatihan/eksternal/%Y/")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("pelatihan eksternal")
        verbose_name_plural = _("pelatihan eksternal")
        # HR's queue: one status, oldest first (the submitted few among every verified row).
        indexes = [models.Index(fields=["status", "submitted_at", "id"], name="external_status_submitted")]

    def __str__(self) -> str:
        return f"{self.employee} · {self.title}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
        if self.end_date and self.end_date > timezone.localdate():
            raise ValidationError({"end_date": _("Pelatihan yang belum selesai belum dapat diajukan.")})
        if self.jp is not None and self.jp <= 0:
            raise ValidationError({"jp": _("JP harus lebih dari 0.")})


class SocialisationMaterial(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi (Markdown)"))
    jp = models.DecimalField(_("JP yang diakui"), default=0, **JP_FIELD)
    for_all = models.BooleanField(_("untuk semua pegawai"), default=True)
    opds = models.ManyToManyField(OrgUnit, blank=True, related_name="+", verbose_name=_("OPD sasaran"))
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("materi sosialisasi")
        verbose_name_plural = _("materi sosialisasi")

    def __str__(self) -> str:
        return self.title


class SocialisationAck(models.Model):
    material = models.ForeignKey(SocialisationMaterial, on_delete=models.CASCADE, related_name="acks")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="socialisation_acks")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tanda baca sosialisasi")
        verbose_name_plural = _("tanda baca sosialisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "employee"],
                name="socialisation_ack_unique",
                violation_error_message=_("Pegawai ini sudah mengonfirmasi materi sosialisasi tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.material_id}: {self.employee_id}"


class JpCredit(models.Model):
    """The ledger of JP credited to an employee's calendar year: one row per completed
    course (with a valid certificate), verified external training or acknowledged
    socialisation. Written only by the services; revoking a certificate removes its row."""

    class Source(models.TextChoices):
        COURSE = "course", _("Kursus")
        EXTERNAL = "external", _("Pelatihan eksternal")
        SOCIALISATION = "socialisation", _("Sosialisasi")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="jp_credits")
    year = models.PositiveSmallIntegerField(_("tahun"))
    credited_on = models.DateField(_("tanggal"))
    jp = models.DecimalField(_("JP"), **JP_FIELD)
    source = models.CharField(_("sumber"), max_length=15, choices=Source.choices)
    title = models.CharField(_("kegiatan"), max_length=200)
    leadership = models.CharField(max_length=8, choices=Leadership.choices, blank=True)
    enrollment = models.OneToOneField(
        Enrollment, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    external = models.OneToOneField(
        ExternalTraining, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )
    acknowledgement = models.OneToOneField(
        SocialisationAck, null=True, blank=True, on_delete=models.CASCADE, related_name="jp_credit"
    )

    class Meta:
        ordering = ["-credited_on", "-id"]
        verbose_name = _("kredit JP")
        verbose_name_plural = _("kredit JP")
        indexes = [models.Index(fields=["year", "employee"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"


class JpYearTotal(models.Model):
    """An employee's JP in a calendar year: the sum of their ``JpCredit`` rows of that year,
    kept by ``training.ledger`` in the transaction that writes the ledger, so the compliance
    list filters ("under 20 JP") and sorts on one row per employee instead of summing the
    ledger for every employee on every page. No row: 0 JP."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="jp_year_totals")
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=1)

    class Meta:
        verbose_name = _("jumlah JP setahun")
        verbose_name_plural = _("jumlah JP setahun")
        # The compliance list reads a year's totals in JP order.
        indexes = [models.Index(fields=["year", "jp"], name="jp_year_total_year_jp")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "employee"],
                name="jp_year_total_unique",
                violation_error_message=_("Jumlah JP pegawai ini untuk tahun tersebut sudah tercatat."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP"


class ComplianceHeadcount(models.Model):
    """Active employees per OPD today (``opd_key``: the OPD's id, 0 for none), kept by
    PostgreSQL triggers on the employee table (``training.compliance_counts``) so the 20 JP
    compliance summary reads one row per OPD instead of grouping every employee."""

    opd_key = models.BigIntegerField(unique=True)
    employees = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("jumlah pegawai aktif per OPD")
        verbose_name_plural = _("jumlah pegawai aktif per OPD")

    def __str__(self) -> str:
        return f"OPD {self.opd_key}: {self.employees}"


class ComplianceYear(models.Model):
    """Per year and OPD, over the active employees with a kept JP total that year: how many,
    how many reached the target, and their JP sum (``training.compliance_counts``)."""

    year = models.PositiveSmallIntegerField()
    opd_key = models.BigIntegerField()
    with_jp = models.IntegerField(default=0)
    on_target = models.IntegerField(default=0)
    jp_sum = models.DecimalField(max_digits=12, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("rekap JP per OPD setahun")
        verbose_name_plural = _("rekap JP per OPD setahun")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "opd_key"],
                name="compliance_year_unique",
                violation_error_message=_("Rekap JP OPD ini untuk tahun tersebut sudah tercatat."),
            )
        ]

    def __str__(self) -> str:
        return f"OPD {self.opd_key} {self.year}: {self.on_target}/{self.with_jp}"
