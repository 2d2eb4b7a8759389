"""The one upload validator: every file a user sends is checked here before it is kept.

Three checks, in order, each with an Indonesian message:

1. the **extension** is one the caller allows;
2. the **size** is at most ``max_bytes`` (default ``settings.UPLOAD_MAX_BYTES``);
3. the **content** really is that type. The signature is read by the maintained ``filetype``
   detector, then each type's structure is checked, because a signature alone is easy to fake:

   - PDF: a ``%PDF-1.x``/``%PDF-2.0`` header line and an ``%%EOF`` marker near the end
     (``%PDF-<html>…`` is an HTML page, not a PDF);
   - JPEG, PNG, MP4: the image or video signature (an MP4's ``ftyp`` box and brand);
   - DOCX, XLSX: a ZIP that is an Office Open XML package (``[Content_Types].xml`` naming the
     document's main part, which exists) and not a Java archive (no ``META-INF/MANIFEST.MF``);
   - CSV: UTF-8 text (a byte-order mark is allowed) with no NUL bytes and no binary signature.

Usage, in a form's ``clean_<field>`` or a service::

    from semarang_asn.core.uploads import DOCUMENTS, validate_upload

    ext = validate_upload(upload, allowed=DOCUMENTS, label=_("Bukti dukung"))

``allowed`` is any iterable of extensions from ``KNOWN_TYPES`` (without dots). The function
returns the normalised extension and leaves the file positioned at its start; it raises
``django.core.exceptions.ValidationError`` and reads nothing into the database.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# The sets callers use most.
DOCUMENTS = ("pdf", "jpg", "jpeg", "png")
EVIDENCE = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
TABLES = ("csv", "xlsx")

_PDF_HEADER = re.compile(rb"^%PDF-(1\.[0-7]|2\.0)[\r\n ]")
_PDF_TAIL_BYTES = 2048
_HEAD_BYTES = 8192
# A package far larger unpacked than any real document is a ZIP bomb.
_MAX_UNPACKED_RATIO = 100
_OOXML_MAIN_PART = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_SIGNATURE_MIME = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "mp4": "video/mp4",
}

KNOWN_TYPES = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx", "csv", "mp4")


def extension_of(upload) -> str:
    return PurePath(upload.name or "").suffix.lower().lstrip(".")


def validate_upload(upload, *, allowed: Iterable[str], label: str = "", max_bytes: int | None = None) -> str:
    """Refuse ``upload`` unless its extension is allowed, its size within limit and its content
    that type; return the extension. Messages start with ``label`` when one is given."""
    allowed = tuple(allowed)
    unknown = set(allowed) - set(KNOWN_TYPES)
    if unknown:
        raise ValueError(f"no content check for {sorted(unknown)}")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    ext = extension_of(upload)

    def fail(message: str):
        raise ValidationError(f"{label}: {message}" if label else capfirst(message))

    if ext not in allowed:
        fail(
            _("jenis berkas harus %(types)s.")
            % {"types": ", ".join(dict.fromkeys(a.upper() for a in allowed if a != "jpeg"))}
        )
    if upload.size > limit:
        fail(_("ukuran berkas paling besar %(mb)s MB.") % {"mb": _megabytes(limit)})
    try:
        genuine = _CHECKS[ext](upload)
    finally:
        upload.seek(0)
    if not genuine:
        fail(_("isi berkas bukan %(type)s yang sah.") % {"type": ext.upper()})
    return ext


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return str(int(mb)) if mb.is_integer() else f"{mb:.1f}".replace(".", ",")


def _head(upload) -> bytes:
    upload.seek(0)
    return upload.read(_HEAD_BYTES)


def _by_signature(ext: str):
    def check(upload) -> bool:
        kind = filetype.guess(_head(upload))
        return kind is not None and kind.mime == _SIGNATURE_MIME[ext]

    return check


def _is_pdf(upload) -> bool:
    head = _head(upload)
    if not _by_signature("pdf")(upload) or not _PDF_HEADER.match(head):
        return False
    upload.seek(max(0, upload.size - _PDF_TAIL_BYTES))
    return b"%%EOF" in upload.read(_PDF_TAIL_BYTES)


def _ooxml(ext: str):
    main_part, content_type = _OOXML_MAIN_PART[ext]

    def check(upload) -> bool:
        kind = filetype.guess(_head(upload))
        if kind is None or kind.extension not in ("zip", "docx", "xlsx", "pptx", "jar"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
                if "META-INF/MANIFEST.MF" in names or "[Content_Types].xml" not in names or main_part not in names:
                    return False
                if sum(info.file_size for info in package.infolist()) > _MAX_UNPACKED_RATIO * max(upload.size, 1):
                    return False
                return content_type in package.read("[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
            return False

    return check


def _is_csv(upload) -> bool:
    upload.seek(0)
    content = upload.read()
    if b"\x00" in content or filetype.guess(content[:_HEAD_BYTES]) is not None:
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


_CHECKS = {
    "pdf": _is_pdf,
    "jpg": _by_signature("jpg"),
    "jpeg": _by_signature("jpeg"),
    "png": _by_signature("png"),
    "docx": _ooxml("docx"),
    "xlsx": _ooxml("xlsx"),
    "csv": _is_csv,
    "mp4": _by_signature("mp4"),
}
