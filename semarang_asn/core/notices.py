"""Notifications stored as a message key and parameters, rendered in the reader's language.

A service sends ``subject`` and ``body`` as untranslated templates (marked for translation
with ``gettext_noop``) and their ``params``; the key is the template itself, so the message
catalogue translates it when the notification is shown. A parameter that is itself a
translatable label (a predikat, a stage) is passed lazily (``gettext_lazy`` or a choice's
``.label``) and is stored as its key too. Notifications sent as plain text (before keys, or
typed by a person) are shown as they were stored.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

LABEL = "__label__"
DATE = "__date__"


def _msgid(value) -> str | None:
    """The untranslated text of a lazy translation, if ``value`` is one."""
    if isinstance(value, Promise):
        args = getattr(value, "_args", ())
        if args and isinstance(args[0], str):
            return args[0]
    return None


def encode_params(params: dict) -> dict:
    """JSON-safe parameters: lazy labels become {"__label__": msgid}, other values text."""
    encoded = {}
    for name, value in params.items():
        msgid = _msgid(value)
        if msgid is not None:
            encoded[name] = {LABEL: msgid}
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            encoded[name] = {DATE: value.isoformat()}
        elif isinstance(value, int | float) and not isinstance(value, bool):
            encoded[name] = value
        else:
            encoded[name] = "" if value is None else str(value)
    return encoded


def _decode(value):
    if isinstance(value, dict) and LABEL in value:
        return gettext(value[LABEL])
    if isinstance(value, dict) and DATE in value:
        return date_format(dt.date.fromisoformat(value[DATE]), "SHORT_DATE_FORMAT")
    return value


def _decoded(params: dict) -> dict:
    """Labels translated and dates formatted in the active language."""
    return {name: _decode(value) for name, value in params.items()}


def render(key: str, params: dict) -> str:
    """``key`` translated into the active language, filled with ``params``."""
    if not key:
        return ""
    text = gettext(key)
    try:
        return text % _decoded(params) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def render_in(language: str, key: str, params: dict) -> str:
    with translation.override(language):
        return render(key, params)
