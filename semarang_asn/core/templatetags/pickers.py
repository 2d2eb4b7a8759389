"""``{% picker %}``: the searchable picker (core/pickers.py) where a page renders a form by hand,
e.g. one small form per row of a list."""

from django import template

from ..pickers import PickerWidget

register = template.Library()


@register.simple_tag
def picker(name: str, url_name: str, id_prefix: str, row, label: str, search_label: str = "", required: bool = False):
    """The field ``name`` with id ``<id_prefix>-<row>`` (unique per row) searching ``url_name``."""
    attrs = {"class": "form-control form-control-sm", "aria-label": label, "placeholder": label}
    if required:
        attrs["required"] = True
    widget = PickerWidget(url_name, search_label=search_label or None, attrs=attrs)
    return widget.render(name, "", attrs={"id": f"{id_prefix}-{row}"})
