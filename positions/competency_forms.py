"""Forms for recording competency assessments (pemetaan kompetensi): one session by hand,
or the upload of a CSV/XLSX file that positions.importing.competencies checks and applies."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semarang_asn.core import uploads

from .models import CompetencyAssessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVEL_CHOICES = [("", "—"), *((str(i), str(i)) for i in range(1, 6))]


class CompetencyAssessmentForm(forms.Form):
    method = forms.ChoiceField(label=_("Metode"), choices=CompetencyAssessment.Method.choices)
    assessed_on = forms.DateField(label=_("Tanggal asesmen"), widget=DATE)
    potential = forms.ChoiceField(
        label=_("Kategori potensi"), choices=[("", "—"), *CompetencyAssessment.Potential.choices], required=False
    )
    institution = forms.CharField(label=_("Lembaga/asesor"), max_length=150, required=False)
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea({"rows": 2}), required=False)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        for comp in self.competencies:
            self.fields[f"level_{comp.code}"] = forms.TypedChoiceField(
                label=f"{comp.code} {comp.name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def level_fields(self):
        return [self[f"level_{c.code}"] for c in self.competencies]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Tanggal asesmen di masa depan."))
        return value

    def clean(self):
        data = super().clean()
        if not self.levels():
            raise forms.ValidationError(_("Isi setidaknya satu level kompetensi."))
        return data

    def levels(self) -> dict[str, int]:
        return {
            c.code: self.cleaned_data[f"level_{c.code}"]
            for c in self.competencies
            if self.cleaned_data.get(f"level_{c.code}")
        }


class CompetencyImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload, allowed=uploads.TABLES, max_bytes=settings.IMPORT_MAX_BYTES)
        return upload
