from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from positions.models import Competency, OrgUnit, Position
from semarang_asn.core import widgets

from .models import Course, ExternalTraining, Leadership, Lesson, SocialisationMaterial

DATE = forms.DateInput(attrs={"type": "date"})


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters; rendered on every catalogue request, so with the widgets drawn in
    Python (semarang_asn.core.widgets) and ``|plain_form`` (crispy's markup, built in Python)."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100, widget=widgets.TextInput)
    competency = forms.ChoiceField(label=_("Kompetensi"), required=False, widget=widgets.Select)
    modality = forms.ChoiceField(
        label=_("Moda"),
        required=False,
        choices=[("", _("Semua moda")), *Course.Modality.choices],
        widget=widgets.Select,
    )
    provider = forms.ChoiceField(
        label=_("Penyelenggara"),
        required=False,
        choices=[("", _("Semua penyelenggara")), *Course.Provider.choices],
        widget=widgets.Select,
    )
    jp_max = forms.DecimalField(
        label=_("JP paling banyak"), required=False, min_value=0, max_digits=5, widget=widgets.NumberInput
    )
    mandatory = forms.BooleanField(label=_("Wajib untuk jenjang saya"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competencies = Competency.objects.order_by("code").values_list("code", "name")
        self.fields["competency"].choices = [
            ("", _("Semua kompetensi")),
            *((code, f"{code} {name}") for code, name in competencies),
        ]


class CourseForm(forms.ModelForm):
    mandatory_levels = forms.MultipleChoiceField(
        label=_("Wajib untuk jenjang jabatan"),
        required=False,
        choices=Position.Level.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = forms.CharField(
        label=_("Kompetensi yang dikembangkan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: kode kompetensi dan level sasaran, misalnya “M.01 3”."),
    )

    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "summary",
            "jp",
            "modality",
            "provider",
            "provider_name",
            "leadership",
            "enrol_opens",
            "enrol_closes",
            "capacity",
            "pass_mark",
            "max_attempts",
            "attempt_wait_minutes",
        ]
        widgets = {"enrol_opens": DATE, "enrol_closes": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["mandatory_levels"] = list(self.instance.mandatory_levels.values_list("level", flat=True))
            self.initial["competencies"] = "\n".join(
                f"{row.competency.code} {row.level}" for row in self.instance.competencies.select_related("competency")
            )

    def clean_competencies(self):
        pairs = []
        known = {c.code.upper(): c for c in Competency.objects.all()}
        for number, line in enumerate(self.cleaned_data["competencies"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(_("Baris %(n)s: tulis kode dan level, misalnya “M.01 3”.") % {"n": number})
            competency = known.get(parts[0].upper())
            if competency is None:
                raise forms.ValidationError(
                    _("Baris %(n)s: kode kompetensi %(code)s tidak dikenal.") % {"n": number, "code": parts[0]}
                )
            pairs.append((competency, int(parts[1])))
        return pairs


class LessonForm(forms.ModelForm):
    video_url = forms.URLField(label=_("Tautan video"), required=False, assume_scheme="https")

    class Meta:
        model = Lesson
        fields = ["title", "kind", "body", "video_file", "video_url", "pdf_file"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Markdown: # judul, **tebal**, *miring*, - daftar, [tautan](https://...). HTML tidak dijalankan."
        )
        self.fields["video_file"].help_text = _("MP4, paling besar 200 MB.")
        self.fields["video_file"].widget.attrs["accept"] = "video/mp4"
        self.fields["pdf_file"].widget.attrs["accept"] = "application/pdf"


class QuestionForm(forms.Form):
    OPTIONS = 4
    text = forms.CharField(label=_("Pertanyaan"), widget=forms.Textarea(attrs={"rows": 2}))
    correct = forms.TypedChoiceField(
        label=_("Jawaban benar"),
        coerce=int,
        choices=[(i, _("Pilihan %(n)s") % {"n": i + 1}) for i in range(OPTIONS)],
    )

    def __init__(self, *args, question=None, **kwargs):
        if question is not None and "initial" not in kwargs:
            options = list(question.options.all())
            initial = {"text": question.text}
            for i, option in enumerate(options[: self.OPTIONS]):
                initial[f"option_{i}"] = option.text
                if option.is_correct:
                    initial["correct"] = i
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for i in range(self.OPTIONS):
            self.fields[f"option_{i}"] = forms.CharField(
                label=_("Pilihan %(n)s") % {"n": i + 1}, required=i < 2, max_length=300
            )
        self.order_fields(["text", *[f"option_{i}" for i in range(self.OPTIONS)], "correct"])

    def options(self) -> list[tuple[str, bool]]:
        d = self.cleaned_data
        return [(d.get(f"option_{i}") or "", i == d["correct"]) for i in range(self.OPTIONS)]

    def clean(self):
        data = super().clean()
        correct = data.get("correct")
        if correct is not None and not (data.get(f"option_{correct}") or "").strip():
            self.add_error("correct", _("Jawaban benar harus pilihan yang diisi."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Catatan (opsional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ExternalTrainingForm(forms.ModelForm):
    class Meta:
        model = ExternalTraining
        fields = ["title", "organiser", "start_date", "end_date", "jp", "leadership", "certificate_file"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leadership"].help_text = _("Isi hanya bila pelatihan ini PKP, PKA atau PKN Tingkat II.")
        self.fields["leadership"].choices = [("", _("Bukan pelatihan kepemimpinan")), *Leadership.choices]
        self.fields["certificate_file"].help_text = _("PDF atau gambar, paling besar %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        }
        self.fields["certificate_file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"


class SocialisationForm(forms.ModelForm):
    opds = forms.ModelMultipleChoiceField(
        label=_("OPD sasaran"),
        required=False,
        queryset=OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Dipakai bila tidak untuk semua pegawai."),
    )
    publish = forms.BooleanField(label=_("Terbitkan sekarang"), required=False)

    class Meta:
        model = SocialisationMaterial
        fields = ["title", "body", "jp", "for_all"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["opds"] = list(self.instance.opds.values_list("pk", flat=True))
        if self.instance.published_at:
            del self.fields["publish"]


class ComplianceFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    opd = forms.TypedChoiceField(label=_("OPD"), required=False, coerce=int, empty_value=None)
    under = forms.BooleanField(label=_("Hanya yang di bawah 20 JP"), required=False)

    def __init__(self, *args, opd_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("Semua OPD")), *opd_choices]
