"""Form fields as crispy-forms' bootstrap5 pack renders them, without its templates.

``{{ form.field|plain_field }}`` writes what ``{{ form.field|as_crispy_field }}`` writes, and
``{{ form|plain_form }}`` what ``{{ form|crispy }}`` writes (the label with its required mark,
the widget with the pack's classes, each error, the help text, with the same ids and ARIA
references), but builds it in Python around Django's own widget rendering instead of through a
dozen nested template includes per field: about a third of the time. Only the whitespace
between tags differs. Widgets the pack lays out differently (check boxes, radio and
check-box lists, files, multi-widgets) are left to crispy itself.
tests/core/test_formfields.py compares both, field by field, bound and unbound.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_LEFT_TO_CRISPY = (
    forms.CheckboxInput,
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.FileInput,
    forms.MultiWidget,
)


def _widget_class(widget: forms.Widget, extra: str) -> str:
    """The widget's class attribute as crispy's ``{% crispy_field %}`` sets it: the widget's
    own classes, its lower-cased class name (through CRISPY_CLASS_CONVERTERS), then ``extra``."""
    name = widget.__class__.__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif css.find(name) == -1:
        css += f" {name}"
    tokens = css.split()
    for token in extra.split():
        if token not in tokens:
            css += f" {token}"
            tokens.append(token)
    return css


@register.filter
def plain_field(field: forms.BoundField) -> SafeString:
    """One field as crispy's bootstrap5 ``field.html`` (labels and errors shown, no layout
    classes)."""
    widget = field.field.widget
    if field.is_hidden:
        return format_html("{}", field)
    if isinstance(widget, _LEFT_TO_CRISPY) or field.use_fieldset or field.field.show_hidden_initial:
        return as_crispy_field(field)
    errors = field.errors
    required = field.field.required
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    html = field.as_widget(attrs={"class": _widget_class(widget, f"{base} is-invalid" if errors else base)})
    label = ""
    if field.label:
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            format_html('<span class="asteriskField">{}</span>', "*") if required else "",
        )
    feedback = ""
    if errors:
        feedback = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            getattr(errors, "field_id", ""),
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(errors, start=1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_id = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
        # Not escaped, as crispy's {{ field.help_text|safe }}: help texts are the forms' own.
        help_text = format_html('<div {}class="form-text">{}</div>', help_id, mark_safe(field.help_text))  # noqa: S308
    css_classes = field.css_classes()
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {css_classes}" if css_classes else "",
        label,
        html,
        feedback,
        help_text,
    )


@register.filter
def plain_form(form: forms.BaseForm) -> SafeString:
    """A whole form as crispy's ``|crispy`` filter: the alert of its non-field errors, then
    every field."""
    parts = []
    if form.non_field_errors():
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("", "<li>{}</li>", ((error,) for error in form.non_field_errors())),
            )
        )
    parts.extend(plain_field(field) for field in form)
    return format_html_join("", "{}", ((part,) for part in parts))
