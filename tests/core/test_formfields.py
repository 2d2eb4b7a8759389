"""``|plain_field`` and ``|plain_form`` write what crispy's ``|as_crispy_field`` and ``|crispy``
write (bootstrap5 pack): the same elements, attributes, ids, ARIA references and text, only
without crispy's whitespace between tags. Compared element by element, unbound and bound with
errors, for a form of every widget the pages use and for the forms of the SKP page."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.template import Context, Template

from performance import forms as performance_forms
from performance.models import Evaluation
from semarang_asn.core.templatetags.formfields import plain_field, plain_form


class _Tree(HTMLParser):
    """Start tags with their attributes in order, end tags, and text with its whitespace
    collapsed (whitespace-only text between tags dropped): what a browser builds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.events.append(("text", text))


def tree(html: str) -> list:
    parser = _Tree()
    parser.feed(str(html))
    parser.close()
    return parser.events


class EveryWidget(forms.Form):
    name = forms.CharField(label="Nama", max_length=30, help_text="Nama <b>lengkap</b>.")
    kind = forms.ChoiceField(label="Jenis", choices=[("", "—"), ("a", "A & B"), ("b", "B")])
    note = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(label="Tenggat", widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(label="Surel", required=False)
    count = forms.IntegerField(label="Jumlah", min_value=1)
    link = forms.URLField(
        label="Tautan", required=False, assume_scheme="https", widget=forms.URLInput(attrs={"class": "mono"})
    )
    code = forms.CharField(label="Kode", widget=forms.TextInput(attrs={"class": "textinput-x form-control"}))
    no_label = forms.CharField(label="", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(label="Setuju", required=False)  # left to crispy
    choices = forms.MultipleChoiceField(
        label="Pilihan", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )  # left to crispy

    def clean(self):
        raise forms.ValidationError("Seluruh isian ditolak <sekali>.")


BAD_DATA = {"name": "x" * 40, "kind": "zzz", "due": "kemarin", "email": "bukan", "count": "0", "code": ""}


def _fresh(form_class, *args, **kwargs):
    # crispy writes its classes into the widget's attrs: each renderer gets its own instance.
    return form_class(*args, **kwargs), form_class(*args, **kwargs)


@pytest.mark.parametrize("data", [None, BAD_DATA], ids=["unbound", "bound with errors"])
def test_each_field_is_written_as_crispy_writes_it(data):
    ours, theirs = _fresh(EveryWidget, data)
    for name in ours.fields:
        assert tree(plain_field(ours[name])) == tree(as_crispy_field(theirs[name])), name


@pytest.mark.parametrize("data", [None, BAD_DATA], ids=["unbound", "bound with errors"])
def test_a_whole_form_is_written_as_crispy_writes_it(data):
    ours, theirs = _fresh(EveryWidget, data)
    assert tree(plain_form(ours)) == tree(as_crispy_form(theirs))


def test_errors_are_tied_to_their_field_for_screen_readers():
    form = EveryWidget(BAD_DATA)
    html = str(plain_field(form["name"]))
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<div id="id_name_error" class="invalid-feedback">' in html
    assert 'class="textinput form-control is-invalid"' in html
    assert "Nama <b>lengkap</b>." in html  # help text as given (crispy marks it safe)
    assert "A &amp; B" in str(plain_field(form["kind"]))


def test_the_filters_are_available_to_templates():
    form = EveryWidget()
    html = Template("{% load formfields %}{{ form.name|plain_field }}{{ form|plain_form }}").render(
        Context({"form": form})
    )
    assert html.count('id="div_id_name"') == 2


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "bound with errors"])
def test_the_skp_page_forms_are_written_as_crispy_writes_them(bound, employee_record):
    def make(form_class, **kwargs):
        data = {"due_date": "x", "decision": "maybe", "hasil": "zzz"} if bound else None
        return _fresh(form_class, data, **kwargs)

    for ours, theirs in (
        make(performance_forms.HasilKerjaForm),
        make(performance_forms.RatingForm, rated=True),
        make(performance_forms.RatingForm, rated=False),
        make(performance_forms.ObjectionForm),
        make(performance_forms.ObjectionDecisionForm),
        make(performance_forms.CoachingActionForm, evaluation=Evaluation(employee=employee_record)),
    ):
        assert tree(plain_form(ours)) == tree(as_crispy_form(theirs)), type(ours).__name__
        for name in ours.fields:
            assert tree(plain_field(ours[name])) == tree(as_crispy_field(theirs[name])), name


def test_a_date_keeps_its_initial_value():
    class Due(forms.Form):
        due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=dt.date(2026, 3, 1))

    ours, theirs = _fresh(Due)
    assert tree(plain_field(ours["due"])) == tree(as_crispy_field(theirs["due"]))
    assert 'value="2026-03-01"' in str(plain_field(Due()["due"]))
