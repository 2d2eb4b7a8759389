"""Page furniture shared by every template: the form error summary."""

from django import forms, template

register = template.Library()


def bound_forms_with_errors(context) -> list[forms.BaseForm]:
    """Every bound form in the page's context that has errors, in context order."""
    found, seen = [], set()
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors and id(value) not in seen:
            seen.add(id(value))
            found.append(value)
    return found


@register.simple_tag(takes_context=True)
def form_errors_on_page(context) -> list[dict]:
    """The errors of the page's forms as [{"field_id", "label", "message"}], for the summary at
    the top of the page and the title. Marks the request, so that FormErrorStatusMiddleware
    answers 400: the one place that sees every re-rendered form."""
    errors = []
    for form in bound_forms_with_errors(context):
        for name, messages in form.errors.items():
            field = form.fields.get(name)
            bound = form[name] if field is not None else None
            field_id = bound.id_for_label if bound is not None else ""
            label = bound.label if bound is not None else ""
            errors.extend({"field_id": field_id, "label": label, "message": m} for m in messages)
    request = context.get("request")
    if errors and request is not None:
        request.form_errors_shown = True
    return errors


@register.inclusion_tag("core/_glossary_link.html")
def glossary_link(anchor: str, term: str):
    """A small link to the glossary entry of a term, placed where the term appears."""
    return {"anchor": anchor, "term": term}
