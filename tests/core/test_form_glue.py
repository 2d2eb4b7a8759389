"""The one form-to-service glue every view uses (semarang_asn/core/forms.py)."""

import re
from pathlib import Path

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from semarang_asn.core.forms import add_service_errors, flash_service_errors

ROOT = Path(__file__).resolve().parents[2]


class _Form(forms.Form):
    name = forms.CharField()


def test_a_field_error_lands_on_its_field_and_an_unknown_field_on_the_form():
    form = _Form({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"name": "Nama sudah dipakai.", "nip": "NIP salah."}))
    assert form.errors["name"] == ["Nama sudah dipakai."]
    assert form.non_field_errors() == ["NIP salah."]


def test_a_plain_message_lands_on_the_form():
    form = _Form({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError(["Satu.", "Dua."]))
    assert form.non_field_errors() == ["Satu.", "Dua."]


def test_without_a_form_each_message_becomes_an_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_service_errors(request, ValidationError({"name": "Nama salah.", "__all__": ["Ditolak."]}))
    assert sorted(m.message for m in get_messages(request)) == ["Ditolak.", "Nama salah."]


def test_no_app_keeps_its_own_copy_of_the_glue():
    copies = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"def _(add|service|flash|form)_errors\(", text):
            copies.append(str(path.relative_to(ROOT)))
    assert copies == []
