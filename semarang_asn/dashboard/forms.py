"""Forms of the dashboard: the merit self-assessment, and the filters of HR's pending-objection
list (which merges two apps' rows, so not a FilterSet)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .aspects import ASPECT_CHOICES, SCORE_CHOICES


class MeritScoreForm(forms.Form):
    aspect = forms.ChoiceField(choices=ASPECT_CHOICES, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(label=_("Nilai mandiri"), choices=SCORE_CHOICES, coerce=int)
    note = forms.CharField(
        label=_("Catatan bukti"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


KINDS = [("keberatan", _("Keberatan penilaian kinerja")), ("sanggahan", _("Sanggahan seleksi terbuka"))]
ORDERINGS = {
    "diajukan": lambda row: (row["filed_at"],),
    "jenis": lambda row: (row["kind_key"], row["filed_at"]),
    "pengaju": lambda row: (row["who"].lower(), row["filed_at"]),
}


class ObjectionListForm(forms.Form):
    q = forms.CharField(label=_("Cari pengaju atau perihal"), required=False)
    kind = forms.ChoiceField(label=_("Jenis"), choices=[("", _("Semua")), *KINDS], required=False)
    ordering = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(key, key) for name in ORDERINGS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"

    def apply(self, rows: list[dict]) -> list[dict]:
        """The rows matching the search and kind, sorted (oldest first by default)."""
        data = self.cleaned_data if self.is_valid() else {}
        text = (data.get("q") or "").strip().lower()
        if text:
            rows = [r for r in rows if text in r["who"].lower() or text in r["about"].lower()]
        if data.get("kind"):
            rows = [r for r in rows if r["kind_key"] == data["kind"]]
        ordering = data.get("ordering") or "diajukan"
        return sorted(rows, key=ORDERINGS[ordering.lstrip("-")], reverse=ordering.startswith("-"))
