"""Widgets of the filter forms list pages render on every request, with the markup built in
Python: byte for byte what Django's templates (django/forms/widgets/*.html) give for the same
context, at a fraction of the cost. A filter form's selects (the OPD list, the ranks, the
statuses: some 70 options) cost about 5 ms a request through the template engine, one
``{% include %}`` per option. tests/core/test_widgets.py compares each widget's output with
Django's own for the same arguments.

Also the choices of a model select read with one plain query: Django's iterator opens a
server-side cursor (three round trips on PostgreSQL) for a list of a few dozen rows.
"""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime


def _out(value) -> str:
    """``{{ value }}`` in a template: localised, then escaped unless marked safe."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: a safe value stays safe (so is not escaped again)."""
    try:
        text = str(value)  # "%s" % value, a tuple formatted whole
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """``forms.Select`` (select.html and select_option.html)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_out(group_name)}">')
            parts.extend(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


class _Input:
    """input.html, for the input widgets below."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
        html = f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
        return mark_safe(html)  # noqa: S308 (every value escaped above)


class TextInput(_Input, forms.TextInput):
    pass


class NumberInput(_Input, forms.NumberInput):
    pass


class HiddenInput(_Input, forms.HiddenInput):
    pass


class CSVHiddenInput(HiddenInput):
    """A comma-separated filter's value (django-filter's ordering) kept in a hidden input, joined
    as the filter reads it back: Django's hidden input wrote the list's repr (``['-nip']``),
    which the next search rejected, so applying a list's filters lost its sort."""

    def format_value(self, value):
        if isinstance(value, list | tuple):
            value = ",".join(str(v) for v in value)
        return super().format_value(value)


class ListedChoices(ModelChoiceIterator):
    """A model select's choices from one plain query, cached on the field's queryset (which the
    form's copy of the field owns), instead of a server-side cursor per iteration."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)
