"""Filters of core's own list pages (django-filter): notifications and HR's audit log."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


def _styled(form):
    for field in form.fields.values():
        css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
    return form


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari objek atau alasan"), method="filter_search")
    action = django_filters.CharFilter(label=_("Aksi (awalan)"), field_name="action", lookup_expr="startswith")
    actor = django_filters.CharFilter(label=_("Pelaku (nama pengguna)"), field_name="actor__username")
    since = django_filters.DateFilter(
        label=_("Sejak"), field_name="at", lookup_expr="date__gte", widget=forms.DateInput({"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("Sampai"), field_name="at", lookup_expr="date__lte", widget=forms.DateInput({"type": "date"})
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("at", "waktu"), ("action", "aksi"), ("actor__username", "pelaku")),
        field_labels={"at": _("Waktu"), "action": _("Aksi"), "actor__username": _("Pelaku")},
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "action", "actor", "since", "until"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(target_repr__icontains=value) | Q(reason__icontains=value))

    @property
    def form(self):
        return _styled(super().form)
