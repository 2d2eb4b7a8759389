"""Filters of the HR employee directory (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semarang_asn.core.widgets import CSVHiddenInput, ListedChoices, Select, TextInput

from .models import Employee, OrgUnit, Position, Rank


class _ModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model select whose choices are read with one plain query (semarang_asn.core.widgets)."""

    field_class = _ModelChoiceField


def _styled(form):
    """Bootstrap's small controls; widgets rendered in Python (semarang_asn.core.widgets); the
    sort kept in a hidden input the next search reads back."""
    for field in form.fields.values():
        css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
    form.fields["ordering"].hidden_widget = CSVHiddenInput
    return form


class EmployeeDirectoryFilter(django_filters.FilterSet):
    """Filters the ``employee_directory`` queryset on the stored current rank, position and OPD
    (positions.current), each served by an index."""

    q = django_filters.CharFilter(label=_("NIP atau nama"), method="filter_search", widget=TextInput)
    opd = ModelChoiceFilter(
        label=_("OPD"),
        queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("name"),
        method="filter_opd",
        empty_label=_("Semua OPD"),
        widget=Select,
    )
    rank = ModelChoiceFilter(
        label=_("Golongan"),
        queryset=Rank.objects.order_by("order"),
        method="filter_rank",
        empty_label=_("Semua golongan"),
        widget=Select,
    )
    position_type = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        choices=Position.Type.choices,
        method="filter_position_type",
        empty_label=_("Semua jenis"),
        widget=Select,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Employee.Status.choices, empty_label=_("Semua status"), widget=Select
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("name", "nama"), ("nip", "nip"), ("birth_date", "lahir"), ("status", "status")),
        field_labels={"name": _("Nama"), "nip": _("NIP"), "birth_date": _("Tanggal lahir"), "status": _("Status")},
    )

    class Meta:
        model = Employee
        fields = ["q", "opd", "rank", "position_type", "status"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        digits = "".join(value.split())
        if digits.isdigit():
            return queryset.filter(nip__startswith=digits)
        return queryset.filter(Q(name__icontains=value) | Q(nip__icontains=value))

    def name_search(self) -> str | None:
        """The text the name or NIP search looks for (``filter_search``) when it is the only
        filter the list applies, else None: the directory counts it from the kept name words."""
        if not self.is_bound:
            return None
        self.is_valid()  # validates the form (once): cleaned_data holds the fields the list applied
        data = self.form.cleaned_data
        value = (data.get("q") or "").strip()
        if not value or "".join(value.split()).isdigit():
            return None
        if any(data.get(other) for other in ("opd", "rank", "position_type", "status")):
            return None
        return value

    def filter_opd(self, queryset, name, value):
        return queryset.filter(current_opd=value)

    def filter_rank(self, queryset, name, value):
        return queryset.filter(current_rank=value)

    def filter_position_type(self, queryset, name, value):
        return queryset.filter(current_position_type=value)

    def filter_queryset(self, queryset):
        # Ties in a sorted column keep one order (the id last), so paging shows each row once.
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    @property
    def form(self):
        form = super().form
        # The golongan code first: it stays readable when the narrow select cuts the pangkat name.
        form.fields["rank"].label_from_instance = lambda rank: f"{rank.code} {rank.name}"
        return _styled(form)


class PositionListFilter(django_filters.FilterSet):
    """Filters HR's position list: search, OPD, type, level, seats; sortable columns."""

    q = django_filters.CharFilter(label=_("Kode, nama jabatan atau unit"), method="filter_search", widget=TextInput)
    opd = ModelChoiceFilter(
        label=_("OPD"),
        queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("name"),
        method="filter_opd",
        empty_label=_("Semua OPD"),
        widget=Select,
    )
    type = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=Position.Type.choices, empty_label=_("Semua jenis"), widget=Select
    )
    level = django_filters.ChoiceFilter(
        label=_("Jenjang"), choices=Position.Level.choices, empty_label=_("Semua jenjang"), widget=Select
    )
    seats = django_filters.ChoiceFilter(
        label=_("Kursi"),
        choices=[("vacant", _("Ada kursi kosong")), ("full", _("Terisi penuh"))],
        method="filter_seats",
        empty_label=_("Semua"),
        widget=Select,
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(
            ("code", "kode"),
            ("title", "nama"),
            ("opd_name", "opd"),
            ("kelas_jabatan", "kelas"),
            ("formasi", "formasi"),
            ("vacant", "kosong"),
        ),
        field_labels={
            "code": _("Kode"),
            "title": _("Nama jabatan"),
            "opd_name": _("OPD"),
            "kelas_jabatan": _("Kelas"),
            "formasi": _("Formasi"),
            "vacant": _("Kosong"),
        },
    )

    class Meta:
        model = Position
        fields = ["q", "opd", "type", "level", "seats"]

    def filter_search(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(code__icontains=word) | Q(title__icontains=word) | Q(org_unit__name__icontains=word)
        return queryset.filter(condition)

    def filter_opd(self, queryset, name, value):
        return queryset.filter(Q(org_unit=value) | Q(org_unit__opd=value))

    def filter_seats(self, queryset, name, value):
        return queryset.filter(vacant__gt=0) if value == "vacant" else queryset.filter(vacant__lte=0)

    def filter_queryset(self, queryset):
        # Ties in a sorted column keep one order (the id last), so paging shows each row once.
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    @property
    def form(self):
        return _styled(super().form)
