"""Filters of HR's selection lists (django-filter): search, status and sortable columns."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Application, Vacancy


def _styled(form):
    for field in form.fields.values():
        css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
    return form


class ApplicantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Nama, NIP atau nomor"), method="filter_search")
    admin_status = django_filters.ChoiceFilter(
        label=_("Administrasi"), choices=Application.Admin.choices, empty_label=_("Semua")
    )
    is_external = django_filters.ChoiceFilter(
        label=_("Asal"),
        choices=[("0", _("Pegawai Kota Semarang")), ("1", _("Instansi lain"))],
        method="filter_external",
        empty_label=_("Semua"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("seq", "nomor"), ("name", "nama"), ("admin_status", "status")),
        field_labels={"seq": _("Nomor"), "name": _("Nama"), "admin_status": _("Administrasi")},
    )

    class Meta:
        model = Application
        fields = ["q", "admin_status", "is_external"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(nip__startswith=value) | Q(registration_number__icontains=value)
        )

    def filter_external(self, queryset, name, value):
        return queryset.filter(is_external=value == "1")

    @property
    def form(self):
        return _styled(super().form)


class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Judul, nomor atau jabatan"), method="filter_search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Vacancy.Status.choices, empty_label=_("Semua"))
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("code", "nomor"), ("title", "judul"), ("registration_closes", "tutup"), ("status", "status")),
        field_labels={
            "code": _("Nomor"),
            "title": _("Judul"),
            "registration_closes": _("Pendaftaran ditutup"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Vacancy
        fields = ["q", "status"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(code__icontains=value)
            | Q(position__title__icontains=value)
            | Q(position__code__icontains=value)
        )

    @property
    def form(self):
        return _styled(super().form)
