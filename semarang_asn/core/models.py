import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    """Who changed a score, predikat, appointment or eligibility, when, what and why.

    Append-only (a database trigger refuses UPDATE and DELETE, see migration 0003) and
    hash-chained: ``hash`` covers the row's canonical serialisation and ``prev_hash``, the
    hash of the row before it, so ``manage.py verify_audit`` finds any row changed or removed.
    The actor's username and name are copied into the row: "who" survives the user record.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # A user who has acted is deactivated, never deleted (see core.admin and users.py).
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    actor_username = models.CharField(_("nama pengguna pelaku"), max_length=150, blank=True)
    actor_name = models.CharField(_("nama pelaku"), max_length=255, blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now, editable=False, db_index=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("jenis objek")
    )
    target_id = models.CharField(_("id objek"), max_length=64, blank=True)
    target_repr = models.CharField(_("objek"), max_length=255, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class AuditChainHead(models.Model):
    """The single row every audit append locks (SELECT … FOR UPDATE), so that concurrent
    writers extend the chain one after the other instead of forking it; it also remembers
    the last link, so that removing rows from the end of the chain is caught too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_event_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)
    length = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ujung rantai audit")
        verbose_name_plural = _("ujung rantai audit")

    def __str__(self) -> str:
        return f"{self.length} / {self.last_hash[:12]}"


class Notification(models.Model):
    """An in-app message to one user; the e-mail copy is sent by the same service."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # subject and body as sent, in the site's default language: the e-mail copy, and what a
    # notification without a key shows. message_key/body_key + params render it per reader.
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    message_key = models.TextField(_("kunci pesan"), blank=True)
    body_key = models.TextField(_("kunci isi"), blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    # What the notification is about ("vacancy:12"): when that is finished, it is marked done.
    topic = models.CharField(_("topik"), max_length=60, blank=True, db_index=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail"), null=True, blank=True)
    # An outbox: the e-mail copy is owed until emailed_at is set, so that a message the
    # broker never got (Redis down) is still sent by the periodic sweep once it is back.
    email_requested = models.BooleanField(_("perlu dikirim lewat e-mail"), default=False)
    # Lets periodic jobs stay idempotent: one notification per (recipient, key).
    dedup_key = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_requested=True, emailed_at__isnull=True),
                name="notification_email_owed",
            ),
            # The unread badge on every page (core.auth loads it with the user).
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True, done_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="notification_unique_dedup_key",
                violation_error_message=_("Notifikasi ini sudah dikirim kepada penerima tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def title(self) -> str:
        """The subject in the reader's (active) language."""
        from .notices import render

        return render(self.message_key, self.params) if self.message_key else self.subject

    @property
    def text(self) -> str:
        from .notices import render

        return render(self.body_key, self.params) if self.body_key else self.body


class Setting(models.Model):
    """A rule DOMAIN.md marks configurable, editable in admin; seeded by migrations."""

    key = models.CharField(_("kunci"), max_length=100, unique=True)
    value = models.JSONField(pgettext_lazy("isi pengaturan", "nilai"))
    description = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("pengaturan")
        verbose_name_plural = _("pengaturan")

    def __str__(self) -> str:
        return self.key


class Job(models.Model):
    """A long piece of work run by a worker (an import, a large export, a full recompute,
    opening a cycle): who asked, how far it is, and what came of it. The owner can leave the
    page and come back through "Pekerjaan saya"."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class Kind(models.TextChoices):
        IMPORT_CHECK = "import_check", _("Pemeriksaan berkas impor")
        IMPORT_APPLY = "import_apply", _("Impor data")
        CYCLE_OPEN = "cycle_open", _("Pembukaan siklus penilaian")
        EXPORT = "export", _("Ekspor data")
        RECOMPUTE = "recompute", _("Hitung ulang")

    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("pemilik")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("selesai"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    input_file = models.FileField(_("berkas masukan"), upload_to="jobs/input/", blank=True)
    result = models.JSONField(_("hasil"), null=True, blank=True)
    result_file = models.FileField(_("berkas hasil"), upload_to="jobs/result/", blank=True)
    result_name = models.CharField(_("nama berkas hasil"), max_length=150, blank=True)
    next_url = models.CharField(_("tautan lanjutan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("dimulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("berakhir"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_key(self) -> str:
        return f"core:job-progress:{self.pk}"


def document_code() -> str:
    """Three groups of four from an alphabet without 0/O and 1/I: read aloud or typed from paper."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


class IssuedDocument(models.Model):
    """A printable document the system issued (SKP evaluation, selection announcement,
    registration card): its verification code and only what the public verification page may
    show. ``key`` names the thing it documents (``evaluation:12``); while the content stays
    the same (``fingerprint``) every download carries the same code; once it changes the
    old code is revoked as superseded and a new one issued."""

    class Kind(models.TextChoices):
        SKP = "skp", _("Dokumen Evaluasi Kinerja Pegawai")
        ANNOUNCEMENT = "announcement", _("Pengumuman hasil seleksi")
        RANKING = "ranking", _("Pengumuman peringkat akhir seleksi")
        REGISTRATION_CARD = "registration_card", _("Kartu pendaftaran seleksi")

    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("kunci"), max_length=80)
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True, default=document_code)
    fingerprint = models.CharField(_("sidik isi"), max_length=64)
    subject = models.CharField(_("perihal"), max_length=255)
    facts = models.JSONField(_("keterangan publik"), default=list, blank=True)
    public_url = models.CharField(_("halaman publik"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("diganti oleh")
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("dokumen terbitan")
        verbose_name_plural = _("dokumen terbitan")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_document_per_key",
                violation_error_message=_("Dokumen ini sudah diterbitkan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
