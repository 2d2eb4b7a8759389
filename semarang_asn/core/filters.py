"""Filters of core's own list pages (django-filter): notifications and HR's audit log."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Notification


def _styled(form):
    for field in form.fields.values():
        css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)
    return form


class NotificationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari judul"), field_name="subject", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("unread", _("Belum dibaca")), ("read", _("Sudah dibaca"))],
        method="filter_status",
        empty_label=_("Semua"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("created_at", "tanggal"), ("subject", "judul")),
        field_labels={"created_at": _("Tanggal"), "subject": _("Judul")},
    )

    class Meta:
        model = Notification
        fields = ["q", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")

    @property
    def form(self):
        return _styled(super().form)


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
