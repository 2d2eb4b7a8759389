"""Upload validation, once for every app: extension, file signature and size."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The first bytes each allowed type starts with: a program renamed to .pdf is still refused.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
# An MP4 starts with a box size (4 bytes) and then "ftyp".
OFFSET_SIGNATURES: dict[str, tuple[int, bytes]] = {".mp4": (4, b"ftyp")}

DOCUMENT_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx"})


def validate_upload(upload, *, field: str, extensions, max_bytes: int | None = None) -> None:
    """Raise ValidationError on ``field`` unless ``upload`` has an allowed extension, content
    matching that extension, and a size within ``max_bytes`` (default UPLOAD_MAX_BYTES)."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in extensions:
        raise ValidationError(
            {field: _("Jenis berkas tidak diizinkan; gunakan %(exts)s.") % {"exts": ", ".join(sorted(extensions))}}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if ext in OFFSET_SIGNATURES:
        offset, magic = OFFSET_SIGNATURES[ext]
        matches = head[offset : offset + len(magic)] == magic
    else:
        matches = head.startswith(SIGNATURES[ext])
    if not matches:
        raise ValidationError({field: _("Isi berkas tidak sesuai dengan jenisnya (%(ext)s).") % {"ext": ext}})
    if upload.size > max_bytes:
        raise ValidationError({field: _("Berkas melebihi %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}})
