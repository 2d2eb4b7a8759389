from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from positions.models import Employee

from . import rules
from .models import CoachingAction, EvaluationCycle, HasilKerja, PerilakuKerja

DATE = forms.DateInput(attrs={"type": "date"})


class CycleForm(forms.ModelForm):
    class Meta:
        model = EvaluationCycle
        fields = [
            "name",
            "kind",
            "year",
            "period_start",
            "period_end",
            "open_date",
            "rating_deadline",
            "objection_deadline",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "open_date": DATE,
            "rating_deadline": DATE,
            "objection_deadline": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection_deadline"].required = False
        self.fields["objection_deadline"].help_text = _("Kosongkan untuk memakai masa keberatan bawaan.")


class HasilKerjaForm(forms.ModelForm):
    class Meta:
        model = HasilKerja
        fields = ["kind", "indicator", "target"]


class RealisationForm(forms.ModelForm):
    evidence_link = forms.URLField(label=_("Bukti dukung (tautan)"), required=False, assume_scheme="https")

    class Meta:
        model = HasilKerja
        fields = ["realisation", "evidence_file", "evidence_link"]
        widgets = {"realisation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["realisation"].required = True
        self.fields["evidence_file"].help_text = _("PDF, gambar, DOCX atau XLSX, paling besar %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        }

    def clean(self):
        data = super().clean()
        if not data.get("evidence_file") and not data.get("evidence_link") and not self.instance.has_evidence:
            raise forms.ValidationError(_("Lampirkan bukti dukung: unggah berkas atau isi tautan."))
        return data


class RowReviewForm(forms.ModelForm):
    class Meta:
        model = HasilKerja
        fields = ["rating", "feedback"]
        widgets = {"feedback": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].required = True


class PerilakuForm(forms.ModelForm):
    class Meta:
        model = PerilakuKerja
        fields = ["expectation", "feedback"]
        widgets = {"expectation": forms.Textarea(attrs={"rows": 2}), "feedback": forms.Textarea(attrs={"rows": 2})}


class RatingForm(forms.Form):
    # A blank first choice: a rater who submits without choosing gets an error, never a
    # silent "di bawah ekspektasi" (the first level) and a Sangat Kurang predikat.
    hasil = forms.ChoiceField(label=_("Rating hasil kerja"), choices=[("", "—"), *rules.RATING_CHOICES])
    perilaku = forms.ChoiceField(label=_("Rating perilaku kerja"), choices=[("", "—"), *rules.RATING_CHOICES])
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib diisi karena rating sudah pernah diberikan."),
    )

    def __init__(self, *args, rated: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not rated:
            # A first rating needs no reason; the field would only confuse.
            del self.fields["reason"]


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("Alasan keberatan"), widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("", "—"), ("accept", _("Terima keberatan")), ("reject", _("Tolak keberatan"))]
    )
    hasil = forms.ChoiceField(
        label=_("Rating hasil kerja baru"), choices=[("", "—"), *rules.RATING_CHOICES], required=False
    )
    perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja baru"), choices=[("", "—"), *rules.RATING_CHOICES], required=False
    )
    decision_reason = forms.CharField(label=_("Alasan keputusan"), widget=forms.Textarea(attrs={"rows": 3}))


class UnitPredikatForm(forms.Form):
    unit_predikat = forms.ChoiceField(label=_("Predikat unit"), choices=rules.UNIT_PREDIKAT_CHOICES)


class CalibrationCloseForm(forms.Form):
    justification = forms.CharField(
        label=_("Justifikasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila distribusi melanggar kurva."),
    )


class CoachingActionForm(forms.ModelForm):
    class Meta:
        model = CoachingAction
        fields = ["action", "owner", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [evaluation.employee_id, evaluation.rater_id] if evaluation else []
        self.fields["owner"].queryset = Employee.objects.filter(pk__in=[i for i in ids if i])


class CoachingStatusForm(forms.ModelForm):
    class Meta:
        model = CoachingAction
        fields = ["status"]


class SetRaterForm(forms.Form):
    rater_nip = forms.CharField(label=_("NIP pejabat penilai"), max_length=18, required=False)
    superior_nip = forms.CharField(label=_("NIP atasan pejabat penilai"), max_length=18, required=False)
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    below_level = forms.BooleanField(
        label=_("Pengecualian: penilai di bawah Pengawas (alasan tertulis dicatat)"), required=False
    )

    def _employee(self, field: str):
        nip = self.cleaned_data[field].strip()
        if not nip:
            return nip
        employee = Employee.objects.active().filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("Pegawai aktif dengan NIP ini tidak ditemukan."))
        self.cleaned_data[field.replace("_nip", "")] = employee
        return nip

    def clean_rater_nip(self):
        return self._employee("rater_nip")

    def clean_superior_nip(self):
        return self._employee("superior_nip")

    def clean(self):
        data = super().clean()
        if not data.get("rater_nip") and not data.get("superior_nip") and not self.errors:
            raise forms.ValidationError(_("Isi NIP pejabat penilai atau NIP atasannya."))
        return data
