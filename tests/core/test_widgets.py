"""The widgets rendered in Python (semarang_asn.core.widgets) give, byte for byte, the markup of
Django's own widgets for the same arguments; a model select reads its choices once."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from positions.models import Rank
from semarang_asn.core import widgets

CHOICES = [
    ("", gettext_lazy("Semua status")),
    ("active", gettext_lazy("Aktif")),
    (7, "Badan <Kepegawaian> & \"Diklat\" 'BKPP'"),
    ("safe", mark_safe("<b>tebal</b>")),
    (None, "tanpa nilai"),
    (1234567, 1234567),
]
GROUPED = [("", "Semua"), ("Grup <A>", [(1, "satu"), (2, "dua")]), (3, "tiga"), ("Grup B", [(4, "empat")])]
ATTRS = [
    None,
    {"class": "form-select form-select-sm", "id": "id_opd"},
    {"id": "id_x", "required": True, "disabled": False, "data-note": '"kutip" & <tag>', "aria-invalid": "true"},
    {"title": mark_safe("<i>aman</i>"), "tabindex": 0},
]
VALUES = [None, "", "active", "7", 7, "nope", ["7"], ("7", "safe"), "safe", "1234567", mark_safe("<x>")]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize("language", ["id", "en"])
def test_select_renders_what_django_renders(choices, value, attrs, language):
    with override(language):
        ours = widgets.Select(attrs={"class": "c"}, choices=choices).render("opd", value, attrs=attrs)
        django = forms.Select(attrs={"class": "c"}, choices=choices).render("opd", value, attrs=attrs)
    assert ours == django


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize(
    "value", [None, "", "Santoso", 'a "b" <c> & d', 0, 1234567, 1.5, ["-nip"], ("a", "b"), mark_safe("<b>")]
)
@pytest.mark.parametrize(
    "ours, django", [(widgets.TextInput, forms.TextInput), (widgets.HiddenInput, forms.HiddenInput)]
)
def test_inputs_render_what_django_renders(ours, django, value, attrs):
    assert ours().render("q", value, attrs=attrs) == django().render("q", value, attrs=attrs)


def test_the_widgets_render_in_a_bound_form_as_djangos_do():
    def form(widget_classes):
        select, text = widget_classes

        class Form(forms.Form):
            q = forms.CharField(label="Cari", required=False, max_length=3, widget=text)
            status = forms.ChoiceField(choices=CHOICES[:3], widget=select)

        return Form({"q": "terlalu panjang", "status": "tidak ada"})

    ours, django = form((widgets.Select, widgets.TextInput)), form((forms.Select, forms.TextInput))
    assert not ours.is_valid() and not django.is_valid()  # with aria-invalid on both fields
    assert [str(field) for field in ours] == [str(field) for field in django]


@pytest.mark.django_db
def test_a_model_select_reads_its_choices_with_one_query(django_assert_num_queries):
    class Listed(forms.ModelChoiceField):
        iterator = widgets.ListedChoices

    queryset = Rank.objects.order_by("order")
    ours = Listed(queryset=queryset, empty_label="Semua golongan", widget=widgets.Select)
    django = forms.ModelChoiceField(queryset=queryset, empty_label="Semua golongan")
    expected = django.widget.render("rank", "3"), [label for _value, label in django.choices]
    with django_assert_num_queries(1):
        assert ours.widget.render("rank", "3") == expected[0]
        assert [label for _value, label in ours.choices] == expected[1]


@pytest.mark.parametrize(
    "value, shown",
    [(None, None), ([], None), (["-nip"], "-nip"), (["nama", "-nip"], "nama,-nip"), ("-nip", "-nip")],
)
def test_a_comma_separated_value_is_kept_as_the_filter_reads_it(value, shown):
    html = widgets.CSVHiddenInput().render("ordering", value)
    assert html == forms.HiddenInput().render("ordering", shown)
