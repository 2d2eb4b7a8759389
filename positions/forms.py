"""Forms validate and normalise input; the services decide."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semarang_asn.core import uploads
from semarang_asn.core.concurrency import VersionedFormMixin
from semarang_asn.core.pickers import PickerWidget

from . import rules
from .models import Assignment, Competency, DisciplinaryRecord, Employee, OrgUnit, Position, Rank, RankHistory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    """Unit names repeat across OPD ("Sekretariat", "Subbagian Umum"): show the code first."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.code} · {obj.name}"


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.code} · {obj.title}"


class OrgUnitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "is_active"]
        field_classes = {"parent": UnitChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = OrgUnit.objects.order_by("code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("Kosongkan untuk OPD (unit teratas).")


class PositionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["code", "title", "org_unit", "type", "level", "kelas_jabatan", "formasi", "reports_to", "is_active"]
        field_classes = {"org_unit": UnitChoiceField, "reports_to": PositionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].widget.attrs["data-levels-by-type"] = json.dumps(rules.LEVELS_BY_TYPE)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")
        # The superior sits in the same OPD, or heads another OPD (a JPT): keeps the list short.
        unit = self._unit()
        superiors = Q(type=Position.Type.JPT)
        if unit is not None:
            opd_id = unit.opd_id or unit.pk
            superiors |= Q(org_unit_id=opd_id) | Q(org_unit__opd_id=opd_id)
        choices = Position.objects.filter(superiors, is_active=True)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["reports_to"].queryset = choices.order_by("org_unit__code", "-kelas_jabatan", "title")

    def _unit(self) -> OrgUnit | None:
        raw = self.data.get(self.add_prefix("org_unit")) if self.is_bound else self.initial.get("org_unit")
        if isinstance(raw, OrgUnit):
            return raw
        if raw:
            return OrgUnit.objects.filter(pk=raw).first() if str(raw).isdigit() else None
        return self.instance.org_unit if self.instance.org_unit_id else None


class StandardForm(forms.Form):
    """One level field per competency; an empty field drops it from the standard."""

    def __init__(self, *args, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(Competency.objects.order_by("kind", "code"))
        for comp in self.competencies:
            self.fields[f"c{comp.pk}"] = forms.TypedChoiceField(
                label=f"{comp.code} {comp.name}",
                choices=[("", "—"), *[(i, str(i)) for i in range(1, 6)]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(comp.pk),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def levels(self) -> dict[int, int | None]:
        return {comp.pk: self.cleaned_data.get(f"c{comp.pk}") for comp in self.competencies}


class NipField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return "".join(value.split()) if value else value


class EmployeeForm(VersionedFormMixin, forms.ModelForm):
    nip = NipField(label=_("NIP"), max_length=30, help_text=_("18 digit; spasi diabaikan."))

    class Meta:
        model = Employee
        fields = [
            "nip",
            "front_title",
            "name",
            "back_title",
            "birth_place",
            "birth_date",
            "sex",
            "employment_type",
            "education",
            "status",
            "email",
            "phone",
        ]
        widgets = {"birth_date": DATE}


class AssignmentForm(VersionedFormMixin, forms.ModelForm):
    position = forms.ModelChoiceField(
        label=_("Kode jabatan"),
        queryset=Position.objects.filter(is_active=True),
        to_field_name="code",
        widget=PickerWidget("positions:position_picker"),
        help_text=_("Kode jabatan; cari dengan nama jabatan, kode atau unit lalu pilih dari hasilnya."),
        error_messages={"invalid_choice": _("Kode jabatan tidak dikenal.")},
    )
    end_previous = forms.BooleanField(
        label=_("Akhiri jabatan definitif sebelumnya (mutasi/promosi)"),
        required=False,
        help_text=_("Jabatan definitif yang masih berjalan berakhir sehari sebelum TMT ini."),
    )

    class Meta:
        model = Assignment
        fields = ["position", "kind", "start_date", "end_date", "decree_number", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["end_previous"]
            self.fields["reason"] = forms.CharField(label=_("Alasan perbaikan"), max_length=255)

    def clean(self):
        cleaned = super().clean()
        _end_not_before_start(self, _("Tanggal selesai sebelum TMT mulai."))
        return cleaned


def _end_not_before_start(form: forms.ModelForm, message) -> None:
    start, end = form.cleaned_data.get("start_date"), form.cleaned_data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", message)


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    reason = forms.CharField(label=_("Alasan / nomor SK"), max_length=255, required=False)


class RankHistoryForm(VersionedFormMixin, forms.ModelForm):
    rank = forms.ModelChoiceField(label=_("Pangkat/golongan"), queryset=Rank.objects.order_by("order"))

    class Meta:
        model = RankHistory
        fields = ["rank", "tmt", "kind", "decree_number"]
        widgets = {"tmt": DATE}

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["reason"] = forms.CharField(label=_("Alasan perbaikan"), max_length=255)


class DisciplineForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = DisciplinaryRecord
        fields = ["level", "sanction", "decree_number", "decided_on", "start_date", "end_date", "description"]
        widgets = {
            "decided_on": DATE,
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["reason"] = forms.CharField(label=_("Alasan perbaikan"), max_length=255)

    def clean(self):
        cleaned = super().clean()
        _end_not_before_start(self, _("Tanggal berakhir sebelum tanggal mulai berlaku."))
        return cleaned


class ImportForm(forms.Form):
    KINDS = [("employees", _("Pegawai")), ("positions", _("Jabatan"))]

    kind = forms.ChoiceField(label=_("Jenis data"), choices=KINDS)
    file = forms.FileField(label=_("Berkas CSV atau XLSX"))
    update_existing = forms.BooleanField(
        label=_("Perbarui data yang sudah terdaftar"),
        required=False,
        help_text=_("Tanpa centang, NIP atau kode jabatan yang sudah ada dilaporkan sebagai galat."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload, allowed=uploads.TABLES, max_bytes=settings.IMPORT_MAX_BYTES)
        return upload
