"""Page furniture shared by every template: the form error summary, fragments rendered once."""

import threading

from django import forms, template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils import translation

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


# {% memo %}: the HTML of a fragment per (name, language, URL prefix, flags), for the life of the
# process. Flags are booleans, so a fragment has at most 2**len(flags) versions per language;
# the bound below only guards against a template that would pass something else.
_MEMO: dict[tuple, str] = {}
_MEMO_MAX = 512
_memo_lock = threading.Lock()


class MemoNode(template.Node):
    def __init__(self, name: str, flags: list, nodelist: template.NodeList):
        self.name, self.flags, self.nodelist = name, flags, nodelist

    def render(self, context) -> str:
        key = (
            self.name,
            translation.get_language(),
            get_script_prefix(),
            *(bool(flag.resolve(context)) for flag in self.flags),
        )
        html = _MEMO.get(key)
        if html is None:
            html = self.nodelist.render(context)
            with _memo_lock:
                if len(_MEMO) < _MEMO_MAX:
                    _MEMO[key] = html
        return html


def _forget_fragments(**kwargs) -> None:
    """A changed setting (tests' override_settings: URLs, static files, languages) renders anew."""
    with _memo_lock:
        _MEMO.clear()


setting_changed.connect(_forget_fragments, dispatch_uid="core.ui.memo")


@register.tag
def memo(parser, token):
    """``{% memo "name" flag … %}…{% endmemo %}``: renders its body once per process for each
    combination of the flags' truth values (and the active language and URL prefix), then
    repeats that HTML. For page furniture that every request renders the same way for the same
    roles, such as the navigation menus: the body must depend on nothing but the flags, the
    language, translations, ``{% url %}`` and ``{% static %}`` (no CSRF token, no user's name, no
    count). tests/core/test_navigation.py holds the navigation to that."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% memo %} takes a quoted name, then flags")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
