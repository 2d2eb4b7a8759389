"""``{% picker %}`` renders the widget once per arguments and language, then puts each row's id
in: the same markup as rendering the widget for every row."""

from django.template import Context, Template
from django.utils import translation

from semarang_asn.core.pickers import PickerWidget

ROWS = Template(
    "{% load pickers %}{% for row in rows %}"
    '{% picker "rater_nip" "positions:employee_picker" "rater" row label search required %}'
    "{% endfor %}"
)


def widget_for(row, label, search, required) -> str:
    attrs = {"class": "form-control form-control-sm", "aria-label": label, "placeholder": label}
    if required:
        attrs["required"] = True
    widget = PickerWidget("positions:employee_picker", search_label=search or None, attrs=attrs)
    return widget.render("rater_nip", "", attrs={"id": f"rater-{row}"})


def test_each_row_gets_the_widget_with_its_own_id():
    rows = [7, 12, 7000, "x&y"]
    for label, search, required in (("NIP penilai", "Cari penilai", False), ('NIP "atasan" <b>', "", True)):
        html = ROWS.render(Context({"rows": rows, "label": label, "search": search, "required": required}))
        assert html == "".join(widget_for(row, label, search, required) for row in rows)
        assert 'id="rater-12"' in html and 'hx-target="#rater-7000_results"' in html and "rater-x&amp;y" in html


def test_the_widget_follows_the_language():
    context = {"rows": [1], "label": "NIP", "search": "", "required": False}
    with translation.override("en"):
        english = ROWS.render(Context(context))
        assert english == widget_for(1, "NIP", "", False)
    with translation.override("id"):
        assert ROWS.render(Context(context)) == widget_for(1, "NIP", "", False) != english
