"""List pages: sortable column headers (django-filter's OrderingFilter) and the pager."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("core/_sort_th.html", takes_context=True)
def sort_th(context, key: str, label, param: str = "ordering"):
    """A column header linking to the list sorted by ``key``; a second click reverses it."""
    request = context["request"]
    current = request.GET.get(param, "")
    query = request.GET.copy()
    query.pop("page", None)
    query[param] = f"-{key}" if current == key else key
    direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
    return {"url": f"?{query.urlencode()}", "label": label, "direction": direction}


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(context, page):
    """Previous / next links that keep the list's filters and sort."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}


@register.filter
def choice_label(labels: dict, value):
    """``labels[value]`` or "": a choice's label from a dict the view built once for the list,
    instead of ``get_FOO_display`` rebuilding the choices and translating on every row."""
    return labels.get(value, "")


@register.simple_tag
def url_prefix(name: str) -> str:
    """The path of ``name`` without its trailing ``<int:pk>/`` ("/pegawai/" for
    positions:employee_detail): taken once before a long list, whose rows append ``{{ pk }}/``
    instead of resolving a {% url %} each."""
    path = reverse(name, args=[0])
    if not path.endswith("/0/"):
        raise ValueError(f"{name} does not end with its id")
    return path.removesuffix("0/")
