from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from positions.models import Employee, Position, Rank
from semarang_asn.core.bulk import IdListField
from semarang_asn.core.concurrency import VersionedFormMixin
from semarang_asn.core.pickers import PickerWidget
from semarang_asn.core.services import setting_value

from . import rules, selectors
from .models import ApplicationDocument, Vacancy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Typical PermenPANRB 15/2019 weights; HR changes them before publication.
DEFAULT_WEIGHTS = {
    rules.ADMINISTRATION: Decimal("15"),
    rules.COMPETENCY: Decimal("25"),
    rules.PAPER: Decimal("15"),
    rules.PRESENTATION: Decimal("15"),
    rules.INTERVIEW: Decimal("30"),
}
DEFAULT_PASS_MARK = Decimal("60")


class VacancyForm(VersionedFormMixin, forms.ModelForm):
    version_related = "stages"  # weights, pass marks and dates are edited on the same form

    position = forms.ModelChoiceField(
        label=_("Kode jabatan (kursi kosong)"),
        queryset=Position.objects.none(),
        to_field_name="code",
        widget=PickerWidget(
            "assessments:seat_picker", search_label=_("Cari kursi kosong: nama jabatan, kode atau unit")
        ),
        help_text=_("Hanya kursi kosong yang belum sedang diseleksi."),
        error_messages={"invalid_choice": _("Kode ini bukan kursi kosong yang dapat diseleksi.")},
    )
    experience_levels = forms.MultipleChoiceField(
        label=_("Pengalaman pada jenjang jabatan"),
        choices=Position.Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_education = forms.ChoiceField(
        label=_("Pendidikan minimal"), choices=[("", "—"), *Employee.Education.choices], required=False
    )

    class Meta:
        model = Vacancy
        fields = [
            "position",
            "title",
            "description",
            "registration_opens",
            "registration_closes",
            "names_to_official",
            "min_rank",
            "min_education",
            "experience_levels",
            "experience_years",
            "max_age",
            "no_moderate_heavy_discipline",
            "predikat_baik_two_years",
            "leadership_training",
            "jpm_min",
            "lhkpn_required",
            "age_reference_date",
        ]
        widgets = {
            "registration_opens": DATE,
            "registration_closes": DATE,
            "age_reference_date": DATE,
            "description": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = selectors.seats_open_for_selection(keep=self.instance)
        self.fields["names_to_official"].required = False
        for kind in rules.STAGE_KINDS:
            label = rules.STAGE_LABELS[kind]
            small = {"class": "form-control form-control-sm"}
            self.fields[f"weight_{kind}"] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
                widget=forms.NumberInput({**small, "step": "0.01", "aria-label": _("Bobot %(s)s") % {"s": label}}),
            )
            self.fields[f"pass_{kind}"] = forms.DecimalField(
                label=_("Ambang %(s)s") % {"s": label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                required=False,
                widget=forms.NumberInput({**small, "step": "0.01", "aria-label": _("Ambang %(s)s") % {"s": label}}),
            )
            self.fields[f"date_{kind}"] = forms.DateField(
                label=_("Jadwal %(s)s") % {"s": label},
                required=False,
                widget=forms.DateInput(
                    {**small, "type": "date", "aria-label": _("Jadwal %(s)s") % {"s": label}}, format="%Y-%m-%d"
                ),
            )
        if not self.instance.pk:
            self.initial.setdefault("names_to_official", setting_value("assessments.names_to_official"))
            self.initial.setdefault("no_moderate_heavy_discipline", True)
            self.initial.setdefault("predikat_baik_two_years", True)
        existing = {s.kind: s for s in self.instance.stages.all()} if self.instance.pk else None
        for kind in rules.STAGE_KINDS:
            if existing is None:
                self.initial.setdefault(f"weight_{kind}", DEFAULT_WEIGHTS[kind])
                self.initial.setdefault(f"pass_{kind}", DEFAULT_PASS_MARK)
            elif kind in existing:
                self.initial[f"weight_{kind}"] = existing[kind].weight
                self.initial[f"pass_{kind}"] = existing[kind].pass_mark
                self.initial[f"date_{kind}"] = existing[kind].scheduled_on

    def stage_rows(self):
        return [(self[f"weight_{k}"], self[f"pass_{k}"], self[f"date_{k}"]) for k in rules.STAGE_KINDS]

    def requirement_fields(self):
        skip = {"position", "title", "description", "registration_opens", "registration_closes", "names_to_official"}
        return [self[name] for name in self.Meta.fields if name not in skip]

    def stages(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "kind": kind,
                "weight": data[f"weight_{kind}"],
                "pass_mark": data.get(f"pass_{kind}") or Decimal("0"),
                "scheduled_on": data.get(f"date_{kind}"),
            }
            for kind in rules.STAGE_KINDS
            if data.get(f"weight_{kind}")
        ]


class ApplyForm(forms.Form):
    training = forms.FileField(label=ApplicationDocument.Kind.TRAINING.label, required=False)
    lhkpn = forms.FileField(label=ApplicationDocument.Kind.LHKPN.label, required=False)
    paper = forms.FileField(label=ApplicationDocument.Kind.PAPER.label, required=False)
    confirm = forms.BooleanField(label=_("Saya menyatakan data dan dokumen yang saya sampaikan benar."))

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        if not vacancy.leadership_training:
            del self.fields["training"]
        if not vacancy.requirements()["lhkpn_required"]:
            del self.fields["lhkpn"]
        else:
            self.fields["lhkpn"].required = True

    def documents(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in ("training", "lhkpn", "paper") if self.cleaned_data.get(k)}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))


class ExternalCandidateForm(forms.Form):
    nip = forms.CharField(label=_("NIP"), max_length=18)
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    origin_agency = forms.CharField(label=_("Instansi asal"), max_length=150)
    education = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=Employee.Education.choices)
    rank = forms.ModelChoiceField(
        label=_("Pangkat/golongan di instansi asal"), queryset=Rank.objects.all(), required=False
    )
    lhkpn = forms.FileField(label=ApplicationDocument.Kind.LHKPN.label, required=False)

    def __init__(self, *args, vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        # The rank is asked when the vacancy has a minimum; the requirement check is the service's.
        self.fields["rank"].required = bool(vacancy.min_rank_id)
        if not vacancy.min_rank_id:
            self.fields["rank"].help_text = _("Diisi bila pelamar PNS; lowongan ini tidak mensyaratkan pangkat.")

    def documents(self) -> dict:
        return {"lhkpn": self.cleaned_data["lhkpn"]} if self.cleaned_data.get("lhkpn") else {}


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Hasil verifikasi"),
        choices=[("1", _("Memenuhi syarat")), ("0", _("Tidak memenuhi syarat"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    training_certificate_ok = forms.BooleanField(label=_("Sertifikat pelatihan kepemimpinan sah"), required=False)
    reason = forms.CharField(label=_("Alasan / catatan"), widget=forms.Textarea({"rows": 2}), required=False)


class CommitteeMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Nama pengguna asesor"),
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        widget=PickerWidget("assessments:assessor_picker", search_label=_("Cari asesor: nama atau nama pengguna")),
        error_messages={"invalid_choice": _("Tidak ada asesor aktif dengan nama pengguna ini.")},
    )
    affiliation = forms.CharField(label=_("Asal instansi"), max_length=150, required=False)
    is_internal = forms.BooleanField(label=_("Anggota internal Pemerintah Kota Semarang"), required=False)
    is_chair = forms.BooleanField(label=_("Ketua pansel"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.assessors()


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Apakah Anda memiliki konflik kepentingan dengan pelamar ini?"),
        choices=[("0", _("Tidak ada")), ("1", _("Ada — saya mengundurkan diri dari penilaian pelamar ini"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(label=_("Pernyataan / penjelasan"), widget=forms.Textarea({"rows": 2}), required=False)


class ScoreForm(forms.Form):
    value = forms.DecimalField(label=_("Nilai (0–100)"), min_value=0, max_value=100, decimal_places=2)
    comment = forms.CharField(label=_("Catatan penilaian"), widget=forms.Textarea({"rows": 3}))


class AdjustForm(forms.Form):
    value = forms.DecimalField(label=_("Nilai setelah kalibrasi"), min_value=0, max_value=100, decimal_places=2)
    reason = forms.CharField(label=_("Alasan kalibrasi"), widget=forms.Textarea({"rows": 2}))


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("Isi sanggahan"), widget=forms.Textarea({"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea({"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Jawaban tertulis"), widget=forms.Textarea({"rows": 3}))


class DecisionForm(forms.Form):
    application = forms.ChoiceField(label=_("Nama yang dipilih"), widget=forms.RadioSelect)
    start_date = forms.DateField(label=_("TMT pelantikan"), widget=DATE)
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    reason = forms.CharField(
        label=_("Alasan (wajib bila bukan peringkat pertama)"), widget=forms.Textarea({"rows": 2}), required=False
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = {str(a.pk): a for a in applications}
        self.fields["application"].choices = [
            (str(a.pk), f"{a.final_rank}. {a.name} ({a.registration_number}) — {a.final_score}") for a in applications
        ]

    def chosen(self):
        return self.applications[self.cleaned_data["application"]]


class BulkVerifyForm(forms.Form):
    """One administration result for every ticked applicant."""

    application = IdListField(label=_("Pelamar dicentang"))
    passed = forms.TypedChoiceField(
        label=_("Hasil verifikasi untuk yang dicentang"),
        choices=[("1", _("Memenuhi syarat")), ("0", _("Tidak memenuhi syarat"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    training_certificate_ok = forms.BooleanField(
        label=_("Sertifikat pelatihan kepemimpinan setiap pelamar yang dicentang sah"), required=False
    )
    reason = forms.CharField(label=_("Alasan / catatan"), widget=forms.Textarea({"rows": 2}), required=False)
