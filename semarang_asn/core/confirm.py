"""A server-rendered confirmation step for irreversible actions (submit a score, a declaration,
a rating; publish, lock, appoint): the first POST, once its form is valid, answers with a page
that says what will be frozen and re-posts the same fields with ``confirmed=1``; only that
second POST reaches the service. Works without JavaScript; no ``confirm()`` dialog."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"
_SKIPPED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(
    request: HttpRequest, *, title: str, frozen: list[str], action_label: str, cancel_url: str, summary: list = ()
) -> HttpResponse:
    """The confirm page: ``summary`` rows (label, value) of what was entered, ``frozen`` the
    sentences saying what can no longer change afterwards."""
    fields = [(key, value) for key in request.POST for value in request.POST.getlist(key) if key not in _SKIPPED]
    context = {
        "title": title,
        "frozen": frozen,
        "summary": summary,
        "action_label": action_label,
        "cancel_url": cancel_url,
        "fields": fields,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "core/confirm.html", context)
