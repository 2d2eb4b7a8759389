"""Searchable pickers: one widget and one endpoint pattern for choosing a person, a position
or a unit among thousands.

The form field stays a plain text input holding the chosen value (a code, a NIP, a user
name), validated by the form: without JavaScript a person types the value and gets a clear
error when it is unknown. With JavaScript (static/js/app.js) a search box appears under it;
htmx asks the field's endpoint for at most ``PICKER_LIMIT`` results, shown as a list of
buttons (keyboard usable) that show the OPD and unit; picking one fills the field.

Endpoints live in the domain app that owns the rows (core imports no domain app): they
scope by permission, filter with ``picker_query`` and answer through ``picker_response``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PICKER_LIMIT = 20
PICKER_MIN_CHARS = 2
PICKER_MAX_CHARS = 100


@dataclass(frozen=True)
class PickerOption:
    value: str  # what the field receives: a code, a NIP, a user name
    label: str  # a name or title
    detail: str = ""  # where it sits: "OPD · unit", or a rank, or an agency


class PickerWidget(forms.TextInput):
    """A text input with a search box and a results list wired to ``url_name``."""

    template_name = "core/widgets/picker.html"

    def __init__(self, url_name: str, *, search_label=None, params: dict | None = None, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.url_name = url_name
        self.search_label = search_label or _("Cari: ketik sebagian nama, NIP atau kode")
        self.params = params or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse(self.url_name)
        if self.params:
            from urllib.parse import urlencode

            url = f"{url}?{urlencode(self.params)}"
        context["widget"]["search_url"] = url
        context["widget"]["search_label"] = self.search_label
        return context


def picker_query(request: HttpRequest) -> str:
    """The search text, trimmed and bounded; empty when too short to search."""
    text = " ".join(request.GET.get("q", "").split())[:PICKER_MAX_CHARS]
    return text if len(text) >= PICKER_MIN_CHARS else ""


def picker_response(request: HttpRequest, options: Iterable[PickerOption]) -> HttpResponse:
    """The results partial: at most ``PICKER_LIMIT`` options, or why there are none."""
    options = list(options)[:PICKER_LIMIT]
    context = {
        "options": options,
        "query": picker_query(request),
        "min_chars": PICKER_MIN_CHARS,
        "limit": PICKER_LIMIT,
        "full": len(options) == PICKER_LIMIT,
    }
    return render(request, "core/_picker_results.html", context)
