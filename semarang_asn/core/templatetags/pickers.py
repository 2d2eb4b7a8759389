"""``{% picker %}``: the searchable picker (core/pickers.py) where a page renders a form by hand,
e.g. one small form per row of a list."""

import threading

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..pickers import PickerWidget

register = template.Library()

# A row's picker differs from the others' only by its id: the widget is rendered once per
# (arguments, language, URL prefix) with this stand-in for the row, then the row's id is put in.
# A list of 20 rows with two pickers each rendered the widget template 40 times a page.
_ROW = "\ue000"  # a private-use character: in no label, id prefix or URL
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 256
_lock = threading.Lock()


def _forget(**kwargs) -> None:
    """A changed setting (tests' override_settings: URLs, languages) renders anew."""
    with _lock:
        _RENDERED.clear()


setting_changed.connect(_forget, dispatch_uid="core.pickers.rendered")


def _render(name: str, url_name: str, id_prefix: str, label: str, search_label: str, required: bool) -> str:
    attrs = {"class": "form-control form-control-sm", "aria-label": label, "placeholder": label}
    if required:
        attrs["required"] = True
    widget = PickerWidget(url_name, search_label=search_label or None, attrs=attrs)
    return widget.render(name, "", attrs={"id": f"{id_prefix}-{_ROW}"})


@register.simple_tag
def picker(name: str, url_name: str, id_prefix: str, row, label: str, search_label: str = "", required: bool = False):
    """The field ``name`` with id ``<id_prefix>-<row>`` (unique per row) searching ``url_name``."""
    args = (name, url_name, id_prefix, str(label), str(search_label), bool(required))
    key = (*args, translation.get_language(), get_script_prefix())
    html = _RENDERED.get(key)
    if html is None:
        html = _render(*args)
        with _lock:
            if len(_RENDERED) < _RENDERED_MAX:
                _RENDERED[key] = html
    # The widget's own escaped HTML, with the escaped id of the row put in.
    return mark_safe(html.replace(escape(f"{id_prefix}-{_ROW}"), escape(f"{id_prefix}-{row}")))  # noqa: S308
