"""JP compliance export: the employees of a year (filtered as the page was), written by the
request when small and by a job (core.Job) when city-sized."""

from __future__ import annotations

from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from semarang_asn.core.jobs import ExportSpec

from . import forms, rules, selectors


def compliance_filters(data: QueryDict):
    """The page's filter form and (year, OPD id, only those under target)."""
    form = forms.ComplianceFilterForm(data or {"year": timezone.localdate().year}, opd_choices=selectors.opd_choices())
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["opd"], form.cleaned_data["under"]
    return form, timezone.localdate().year, None, False


def compliance_export_spec(query: str) -> ExportSpec:
    _form, year, opd_id, under = compliance_filters(QueryDict(query))
    names = dict(selectors.opd_choices())
    yes, no = _("Ya"), _("Tidak")
    queryset = selectors.compliance_employees(year=year, opd_id=opd_id, under_only=under)
    rows = (
        (
            e.nip,
            e.full_name,
            names.get(e.opd_id, ""),
            Decimal(e.jp_total).quantize(Decimal("0.1")),
            rules.YEARLY_JP_TARGET,
            yes if rules.on_target(e.jp_total) else no,
        )
        for e in queryset.iterator(chunk_size=2000)
    )
    headers = [_("NIP"), _("Nama"), _("OPD"), _("JP %(year)s") % {"year": year}, _("Target JP"), _("Memenuhi target")]
    return ExportSpec(
        filename=f"kepatuhan-jp-{year}", sheet=str(year), headers=headers, rows=rows, total=queryset.count()
    )
