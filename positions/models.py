from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import rules


class OrgUnit(models.Model):
    """A node of the OPD tree. A unit with no parent is an OPD; ``opd`` points to it."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        RSUD = "rsud", _("RSUD")
        BIDANG = "bidang", _("Bidang / Bagian")
        SUBUNIT = "subunit", _("Seksi / Subbagian")
        UPTD = "uptd", _("UPTD")

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("induk")
    )
    opd = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("OPD"),
        help_text=_("Diturunkan dari pohon unit: unit teratas."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")

    def __str__(self) -> str:
        return self.name

    @property
    def is_opd(self) -> bool:
        return self.parent_id is None

    def clean(self) -> None:
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("Induk membentuk lingkaran pada pohon unit.")})
            seen.add(node.pk)
            node = node.parent


class Rank(models.Model):
    """Golongan ruang I/a … IV/e with its pangkat name; ``order`` 1..17."""

    code = models.CharField(_("golongan/ruang"), max_length=6, unique=True)
    name = models.CharField(_("pangkat"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("pangkat/golongan")
        verbose_name_plural = _("pangkat/golongan")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def golongan(self) -> str:
        return self.code.split("/")[0]


class Competency(models.Model):
    class Kind(models.TextChoices):
        MANAGERIAL = "managerial", _("Manajerial")
        SOCIOCULTURAL = "sociocultural", _("Sosial kultural")
        TECHNICAL = "technical", _("Teknis")

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("bidang"), max_length=100, blank=True, help_text=_("Untuk kompetensi teknis."))
    description = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def _seat_count(kind: str, on: dt.date):
    """The assignments of this ``kind`` active on ``on`` in the outer position (0 when none)."""
    rows = (
        Assignment.objects.filter(position=OuterRef("pk"), kind=kind)
        .active_on(on)
        .order_by()
        .values("position")
        .annotate(n=Count("*"))  # COUNT(*), not of the id: the index alone answers it
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class PositionQuerySet(models.QuerySet):
    def with_seat_counts(self, on: dt.date | None = None):
        """Annotate bezetting (definitive incumbents), acting (Plt) count and vacant seats."""
        on = on or timezone.localdate()
        # A count per position over the (position, kind, dates) index: no join of every
        # position with every assignment to group again, the paginator's COUNT needs none, and
        # a page sorted by title or code counts its own rows only.
        return self.annotate(
            bezetting=_seat_count(Assignment.Kind.DEFINITIVE, on),
            acting=_seat_count(Assignment.Kind.ACTING, on),
        ).annotate(vacant=models.F("formasi") - models.F("bezetting"))


class Position(models.Model):
    """A position with ``formasi`` seats in an org unit. Filled seats are derived from assignments."""

    class Type(models.TextChoices):
        JPT = rules.JPT, _("Jabatan Pimpinan Tinggi")
        JA = rules.JA, _("Jabatan Administrasi")
        JF = rules.JF, _("Jabatan Fungsional")

    class Level(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        PENYELIA = "penyelia", _("Penyelia")
        MAHIR = "mahir", _("Mahir")
        TERAMPIL = "terampil", _("Terampil")
        PEMULA = "pemula", _("Pemula")

    code = models.CharField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("nama jabatan"), max_length=200)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit"))
    type = models.CharField(_("jenis jabatan"), max_length=3, choices=Type.choices)
    level = models.CharField(_("jenjang"), max_length=20, choices=Level.choices)
    kelas_jabatan = models.PositiveSmallIntegerField(
        _("kelas jabatan"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    formasi = models.PositiveSmallIntegerField(_("formasi (kebutuhan)"), default=1)
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        verbose_name=_("atasan langsung (jabatan)"),
    )
    competencies = models.ManyToManyField(
        Competency, through="PositionCompetency", related_name="positions", verbose_name=_("standar kompetensi")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["org_unit__code", "-kelas_jabatan", "title"]
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")

    def __str__(self) -> str:
        return f"{self.title} — {self.org_unit.name}" if self.org_unit_id else self.title

    @property
    def place(self) -> str:
        """ "OPD · unit", the unit left out when it is the OPD itself (load org_unit__opd)."""
        unit = self.org_unit
        opd = unit.opd or unit
        return opd.name if opd.pk == unit.pk else f"{opd.name} · {unit.name}"

    def clean(self) -> None:
        errors = {}
        if self.type and self.level and not rules.level_belongs_to_type(self.type, self.level):
            errors["level"] = _("Jenjang %(level)s bukan jenjang %(type)s.") % {
                "level": self.get_level_display(),
                "type": self.type,
            }
        if self.reports_to_id and self.pk and self.reports_to_id == self.pk:
            errors["reports_to"] = _("Jabatan tidak dapat menjadi atasan dirinya sendiri.")
        if errors:
            raise ValidationError(errors)


class PositionCompetency(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="standard")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    required_level = models.PositiveSmallIntegerField(
        _("level standar"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["competency__code"]
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"],
                name="position_competency_unique",
                violation_error_message=_("Kompetensi ini sudah ada dalam standar jabatan tersebut."),
            ),
            models.CheckConstraint(
                condition=Q(required_level__gte=1, required_level__lte=5),
                name="position_competency_level_1_5",
                violation_error_message=_("Level yang dipersyaratkan harus antara 1 dan 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code}: {self.required_level}"


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Employee.Status.ACTIVE)

    def with_current_rank(self, on: dt.date | None = None):
        """Annotate the rank held on ``on`` (``rank_on_id``, ``rank_on_tmt``); see with_current_position."""
        on = on or timezone.localdate()
        latest = RankHistory.objects.filter(employee=OuterRef("pk"), tmt__lte=on).order_by("-tmt", "-id")
        return self.annotate(
            rank_on_id=Subquery(latest.values("rank_id")[:1]),
            rank_on_tmt=Subquery(latest.values("tmt")[:1]),
        )

    def with_current_position(self, on: dt.date | None = None):
        """Annotate the definitive position held on ``on`` (falls back to an acting one).

        Per-row subqueries: for one date in the past or a check of the stored ``current_*``
        fields; pages filter on those fields instead."""
        on = on or timezone.localdate()
        held = (
            Assignment.objects.filter(employee=OuterRef("pk"))
            .active_on(on)
            .order_by("kind", "-start_date", "-id")  # "definitive" sorts before "plt"
        )
        return self.annotate(position_on_id=Subquery(held.values("position_id")[:1]))


class Employee(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class EmploymentType(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    class Education(models.TextChoices):
        SD = "SD", "SD"
        SMP = "SMP", "SMP"
        SMA = "SMA", "SMA/SMK"
        D1 = "D1", "D-I"
        D2 = "D2", "D-II"
        D3 = "D3", "D-III"
        D4 = "D4", "D-IV"
        S1 = "S1", "S1"
        S2 = "S2", "S2"
        S3 = "S3", "S3"

    EDUCATION_ORDER = {code: i for i, code in enumerate(Education.values)}

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        LEAVE = "leave", _("Cuti di luar tanggungan negara")
        SUSPENDED = "suspended", _("Diberhentikan sementara")
        RETIRED = "retired", _("Pensiun")
        DISMISSED = "dismissed", _("Diberhentikan")
        DECEASED = "deceased", _("Meninggal dunia")

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[rules.validate_nip])
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    employment_type = models.CharField(
        _("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices, default=EmploymentType.PNS
    )
    education = models.CharField(_("pendidikan terakhir"), max_length=3, choices=Education.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
        verbose_name=_("akun pengguna"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Today's rank, position (definitive, else Plt), its type and OPD, copied from the histories so the
    # directory can filter and sort on an index. Kept current by positions.current.refresh, which
    # every service that changes a history calls in its transaction (and a nightly task, for
    # dated changes that take effect on their day); never edited by hand.
    current_rank = models.ForeignKey(
        Rank, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False, db_index=False
    )
    current_position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    current_position_type = models.CharField(max_length=3, blank=True, default="", editable=False)
    current_opd = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False, db_index=False
    )

    # Derived from the histories: a rank or assignment change refreshes them, which must not make
    # an employee edit form opened before it look stale (semarang_asn.core.concurrency).
    version_ignore = ("current_rank", "current_position", "current_position_type", "current_opd")

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [
            models.Index(fields=["status"]),
            # The directory's order (name, NIP, id): its pages, and the ids of a name search's
            # page read from this index alone (positions.selectors.DirectoryList).
            models.Index(fields=["name", "nip", "id"], name="employee_name_order"),
            # The directory's filters, each read in its default order.
            models.Index(fields=["current_opd", "name"], name="employee_current_opd_name"),
            models.Index(fields=["current_rank", "name"], name="employee_current_rank_name"),
            models.Index(fields=["current_position_type", "name"], name="employee_current_type_name"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        return self.titled_name(self.front_title, self.name, self.back_title)

    @staticmethod
    def titled_name(front_title: str, name: str, back_title: str) -> str:
        """The name with its titles, as ``full_name``: for lists that read the columns, not rows."""
        name = f"{front_title} {name}".strip()
        return f"{name}, {back_title}" if back_title else name

    def age_on(self, on: dt.date) -> int:
        return rules.age_on(self.birth_date, on)

    def clean(self) -> None:
        try:
            parts = rules.parse_nip(self.nip)
        except ValidationError:
            return  # the field validator reports it
        errors = {}
        if self.birth_date and self.birth_date != parts.birth_date:
            errors["birth_date"] = _("Tanggal lahir tidak sesuai NIP (%(date)s).") % {
                "date": date_format(parts.birth_date, "SHORT_DATE_FORMAT")
            }
        if self.sex and self.sex != parts.sex:
            errors["sex"] = _("Jenis kelamin tidak sesuai digit ke-15 NIP.")
        if errors:
            raise ValidationError(errors)


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))

    def overlapping(self, start: dt.date, end: dt.date | None):
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            qs = qs.filter(start_date__lte=end)
        return qs


class Assignment(models.Model):
    """Riwayat jabatan: a definitive holder fills a seat; an acting one (Plt) does not."""

    class Kind(models.TextChoices):
        DEFINITIVE = "definitive", _("Definitif")
        ACTING = "plt", _("Pelaksana Tugas (Plt)")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.DEFINITIVE)
    start_date = models.DateField(_("TMT mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(end_date__isnull=True, kind="definitive"),
                name="one_open_definitive_assignment_per_employee",
                violation_error_message=_(
                    "Pegawai ini sudah memegang satu jabatan definitif yang masih berjalan; akhiri dulu jabatan itu."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_end_after_start",
                violation_error_message=_("Tanggal selesai jabatan tidak boleh sebelum tanggal mulai (TMT)."),
            ),
        ]
        # A position's seat counts (bezetting, Plt) are read from this index alone; the kept
        # seat totals (positions.kept_counts) read the few assignments starting after a day
        # and those ending on or after it from the other two.
        indexes = [
            models.Index(fields=["position", "kind", "start_date", "end_date"], name="assignment_seat_count"),
            models.Index(fields=["start_date"], name="assignment_start"),
            models.Index(fields=["end_date"], condition=Q(end_date__isnull=False), name="assignment_end"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.position.title} ({self.get_kind_display()})"


class RankHistory(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Pengangkatan CPNS/PNS")
        REGULAR = "reguler", _("Kenaikan pangkat reguler")
        SELECTIVE = "pilihan", _("Kenaikan pangkat pilihan")
        OTHER = "lain", _("Lainnya")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="rank_history")
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("pangkat/golongan"))
    tmt = models.DateField(_("TMT"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)

    class Meta:
        ordering = ["-tmt", "-id"]
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tmt"],
                name="one_rank_per_employee_tmt",
                violation_error_message=_("Pegawai ini sudah punya riwayat golongan dengan TMT yang sama."),
            )
        ]
        indexes = [models.Index(fields=["employee", "-tmt"])]

    def __str__(self) -> str:
        return f"{self.rank.code} TMT {self.tmt:%d-%m-%Y}"


class DisciplinaryRecord(models.Model):
    class Level(models.TextChoices):
        LIGHT = "ringan", _("Ringan")
        MODERATE = "sedang", _("Sedang")
        HEAVY = "berat", _("Berat")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="discipline")
    level = models.CharField(_("tingkat hukuman"), max_length=6, choices=Level.choices)
    sanction = models.CharField(_("jenis hukuman"), max_length=200)
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal keputusan"))
    start_date = models.DateField(_("mulai berlaku"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    description = models.TextField(_("uraian pelanggaran"), blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="discipline_end_after_start",
                violation_error_message=_("Tanggal berakhir hukuman tidak boleh sebelum tanggal mulai berlaku."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.sanction}"


class CompetencyAssessment(models.Model):
    """Pemetaan kompetensi: one assessment session of an employee, with its levels."""

    class Method(models.TextChoices):
        ASSESSMENT_CENTRE = "ac", _("Assessment Center")
        CACT = "cact", _("CACT")
        SJT = "sjt", _("SJT")

    class Potential(models.TextChoices):
        LOW = "rendah", _("Rendah")
        MEDIUM = "menengah", _("Menengah")
        HIGH = "tinggi", _("Tinggi")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="competency_assessments")
    method = models.CharField(_("metode"), max_length=5, choices=Method.choices)
    assessed_on = models.DateField(_("tanggal asesmen"))
    potential = models.CharField(_("kategori potensi"), max_length=10, choices=Potential.choices, blank=True)
    institution = models.CharField(_("lembaga/asesor"), max_length=150, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("pemetaan kompetensi")
        verbose_name_plural = _("pemetaan kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "assessed_on", "method"],
                name="one_assessment_per_employee_day_method",
                violation_error_message=_(
                    "Pegawai ini sudah punya hasil pemetaan dengan metode yang sama pada tanggal itu."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} — {self.get_method_display()} {self.assessed_on:%d-%m-%Y}"


class AssessedCompetency(models.Model):
    assessment = models.ForeignKey(CompetencyAssessment, on_delete=models.CASCADE, related_name="levels")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        ordering = ["competency__code"]
        verbose_name = _("level kompetensi terukur")
        verbose_name_plural = _("level kompetensi terukur")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"],
                name="assessed_competency_unique",
                violation_error_message=_("Kompetensi ini sudah dinilai dalam hasil pemetaan tersebut."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="assessed_level_1_5",
                violation_error_message=_("Level hasil penilaian harus antara 1 dan 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code}: {self.level}"


class EmployeeCount(models.Model):
    """City-wide counts of employees PostgreSQL keeps current with statement triggers
    (``positions.kept_counts``): active ones with a competency assessment, active ones with a
    login, and all of them. The merit dashboard and the directory read a row instead of counting
    every employee. Not edited by anyone."""

    name = models.CharField(primary_key=True, max_length=20)
    n = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.n}"


class SeatCount(models.Model):
    """Per position, its definitive and acting (Plt) assignments ever recorded and how many of
    them have an end date, kept by PostgreSQL triggers on the assignment table
    (``positions.kept_counts``). The seats held on a day are these less the few assignments
    starting after it, less the ended ones, plus those ending on or after it: the city's seat
    totals read a row per position instead of every assignment. Not edited by anyone."""

    position = models.OneToOneField(
        Position, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    definitive = models.IntegerField(default=0)
    definitive_ended = models.IntegerField(default=0)
    acting = models.IntegerField(default=0)
    acting_ended = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.position_id}: {self.definitive}/{self.acting}"


class NameWord(models.Model):
    """A word of employees' names (a piece of the upper-cased name between two spaces) and how
    many employees' names hold it, kept by PostgreSQL triggers on the employee table
    (``positions.name_words``): the directory counts a search that only one word contains from
    that word's row instead of every matching employee. Not edited by anyone."""

    word = models.TextField(primary_key=True)
    n = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.word}: {self.n}"
