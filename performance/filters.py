"""Filters of HR's evaluation list (django-filter): search, OPD, rater state and sortable columns."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from positions import selectors as position_selectors

from .models import Evaluation


class CycleEvaluationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("NIP atau nama pegawai"), method="filter_search")
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), queryset=position_selectors.opd_choices(), empty_label=_("Semua OPD")
    )
    rater_state = django_filters.ChoiceFilter(
        label=_("Penilai"),
        choices=[("none", _("Belum ada penilai")), ("no_superior", _("Belum ada atasan penilai"))],
        method="filter_rater_state",
        empty_label=_("Semua"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(("employee__name", "nama"), ("employee__nip", "nip"), ("opd__name", "opd"), ("rater__name", "penilai")),
        field_labels={
            "employee__name": _("Nama"),
            "employee__nip": _("NIP"),
            "opd__name": _("OPD"),
            "rater__name": _("Penilai"),
        },
    )

    class Meta:
        model = Evaluation
        fields = ["q", "opd", "rater_state"]

    def filter_search(self, queryset, name, value):
        value = " ".join(value.split())
        if value.isdigit():
            return queryset.filter(employee__nip__startswith=value)
        return queryset.filter(Q(employee__name__icontains=value) | Q(employee__nip__icontains=value))

    def filter_rater_state(self, queryset, name, value):
        return queryset.filter(rater__isnull=True) if value == "none" else queryset.filter(rater_superior__isnull=True)

    def filter_queryset(self, queryset):
        # Ties in a sorted column keep one order (the id last), so paging shows each row once.
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select form-select-sm" if hasattr(field, "choices") else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form
