"""The performance exports that can be city-sized: a cycle's evaluations and the promotion
eligibility list. Each is an ``ExportSpec`` that a request writes when small and a job
(core.Job) rebuilds from the same parameters when large."""

from __future__ import annotations

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from semarang_asn.core.jobs import ExportSpec

from . import selectors

EVALUATION_HEADERS = [
    gettext_lazy("NIP"),
    gettext_lazy("Nama"),
    gettext_lazy("OPD"),
    gettext_lazy("Jabatan"),
    gettext_lazy("Pejabat Penilai"),
    gettext_lazy("Atasan Pejabat Penilai"),
    gettext_lazy("Rating Hasil Kerja"),
    gettext_lazy("Rating Perilaku Kerja"),
    gettext_lazy("Predikat"),
]


def _evaluation_values(queryset):
    for e in queryset.iterator(chunk_size=2000):
        yield [
            e.employee.nip,
            e.employee.full_name,
            e.opd.name if e.opd else "",
            e.position.title if e.position else "",
            e.rater.full_name if e.rater else "",
            e.rater_superior.full_name if e.rater_superior else "",
            e.get_hasil_rating_display(),
            e.get_perilaku_rating_display(),
            e.get_predikat_display(),
        ]


def evaluation_export_spec(cycle_id: int) -> ExportSpec:
    cycle = selectors.cycle_get(cycle_id)
    queryset = selectors.export_rows(cycle)
    return ExportSpec(
        filename=f"penilaian-{cycle.pk}-{cycle.year}",
        sheet=str(cycle.year),
        headers=EVALUATION_HEADERS,
        rows=_evaluation_values(queryset),
        total=queryset.count(),
    )


PROMOTION_HEADERS = [
    gettext_lazy("NIP"),
    gettext_lazy("Nama"),
    gettext_lazy("OPD"),
    gettext_lazy("Jenis"),
    gettext_lazy("Pangkat berikutnya"),
    gettext_lazy("Periode"),
    gettext_lazy("Status"),
    gettext_lazy("Versi aturan"),
    gettext_lazy("Tanggal acuan"),
]


def promotion_filters(data: QueryDict, *, windows: list | None = None):
    """The promotion list's filter form and its filters; None when they are invalid.
    ``windows``: the current snapshot's, when the caller has them already."""
    from .eligibility import forms
    from .eligibility import selectors as eligibility_selectors

    windows = eligibility_selectors.promotion_windows() if windows is None else windows
    form = forms.PromotionFilterForm(data or None, windows=windows)
    if form.is_bound and not form.is_valid():
        return form, None
    filters = {}
    if form.is_bound:
        cleaned = form.cleaned_data
        filters = {"window": cleaned["window"] or None, "opd_id": cleaned["opd"].pk if cleaned["opd"] else None}
        filters["rule"] = cleaned["rule"] or None
    return form, filters


def promotion_export_spec(query: str) -> ExportSpec:
    from .eligibility import rules
    from .eligibility import selectors as eligibility_selectors

    _form, filters = promotion_filters(QueryDict(query))
    if filters is None:
        raise Http404
    labels = dict(rules.RULE_CHOICES)
    met, projected = _("Memenuhi"), _("Proyeksi")
    queryset = eligibility_selectors.promotion_list(**filters)
    rows = (
        [
            r.employee.nip,
            r.employee.full_name,
            r.opd.name if r.opd else "",
            str(labels[r.rule]),
            r.target,
            r.window_date,
            met if r.status == rules.MET else projected,
            r.rule_set_version,
            r.reference_date,
        ]
        for r in queryset.iterator(chunk_size=2000)
    )
    return ExportSpec(
        filename="kelayakan-kenaikan-pangkat",
        sheet=_("Kelayakan"),
        headers=PROMOTION_HEADERS,
        rows=rows,
        total=queryset.count(),
    )
