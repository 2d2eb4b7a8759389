"""Optimistic concurrency for HR edit forms: two HR users open the same record, both save;
the second is told, and nothing they did not see is overwritten.

The form carries the record's *version*, a fingerprint of its stored values when the form
was opened (no schema change: any field changed by anyone counts). The service locks the
row and compares before it writes. Use ``VersionedFormMixin`` on the ModelForm, pass
``version=form.cleaned_data["version"]`` to the service, and call ``version_check`` in it.

A form that edits a record without being bound to it (a correction form filled from
``initial``) names it with ``record=``. A record whose child rows are edited on the same
form (a vacancy and its stages) names the reverse relation in ``version_related`` on the
form and ``related=`` in ``version_check``: the fingerprint then covers those rows too.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CONFLICT_MESSAGE = _(
    "Data ini sudah diubah oleh pengguna lain sejak Anda membukanya, jadi perubahan Anda belum disimpan. "
    "Muat ulang halaman untuk melihat data terbaru, lalu ulangi perubahan Anda."
)


def _values(instance: models.Model) -> dict:
    """The stored values a user could have seen change; a model lists in ``version_ignore`` the
    fields derived from other records (e.g. an employee's stored current rank), whose refresh is
    not an edit of this record."""
    ignored = set(getattr(instance, "version_ignore", ()))
    return {
        f.attname: f.value_to_string(instance)
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.name not in ignored
    }


def record_version(instance: models.Model, related: str | None = None) -> str:
    """The record's fingerprint; with ``related`` (a reverse relation's name) its child rows
    count too, in primary-key order."""
    payload: object = _values(instance)
    if related:
        payload = [payload, *(_values(row) for row in getattr(instance, related).order_by("pk"))]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


def version_check(instance: models.Model, version: str | None, *, related: str | None = None) -> None:
    """Inside the service's transaction: lock the stored row and refuse the write when it
    changed since ``version`` was taken. ``None`` (a caller with no form: imports, admin,
    scripts) skips the check."""
    if version is None or instance.pk is None:
        return
    stored = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if stored is None or record_version(stored, related) != version:
        raise ValidationError(CONFLICT_MESSAGE, code="stale")


class VersionedFormMixin(forms.Form):
    """A hidden ``version`` field holding the record's fingerprint when the form was opened."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    version_related: str | None = None  # child rows edited on the same form (``related``)

    def __init__(self, *args, record: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versioned = record if record is not None else getattr(self, "instance", None)
        if self.versioned is not None and self.versioned.pk:
            self.fields["version"].initial = record_version(self.versioned, self.version_related)

    def clean_version(self) -> str | None:
        # A new record has no version. Every rendered edit form posts one; a client that
        # posts no field at all (a script, an old test) edits without the check.
        if self.versioned is None or not self.versioned.pk or self.add_prefix("version") not in self.data:
            return None
        return self.cleaned_data.get("version") or ""
