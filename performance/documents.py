"""The SKP evaluation document (Dokumen Evaluasi Kinerja Pegawai) of a finished evaluation:
what it says. The verifiable PDF and its code are core's."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from semarang_asn.core.documents import ReportDocument, Section, Signature, Table, render_report_pdf
from semarang_asn.core.models import IssuedDocument

from .models import Evaluation


def _date(day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _period(cycle) -> str:
    return f"{cycle.name} ({_date(cycle.period_start)} - {_date(cycle.period_end)})"


def _person(employee, position=None) -> list[tuple[str, str]]:
    if employee is None:
        return [(_("Nama"), "-")]
    facts = [(_("Nama"), employee.full_name), (_("NIP"), employee.nip)]
    if position is not None:
        facts.append((pgettext("document", "Jabatan"), position.title))
    return facts


def skp_issue(evaluation: Evaluation) -> dict:
    """``document_issue``'s keywords: what the document certifies and the public facts the
    verification page may show (name, period; never the ratings or the predikat)."""
    cycle = evaluation.cycle
    content = {
        "ratings": [evaluation.hasil_rating, evaluation.perilaku_rating, evaluation.predikat],
        "people": [evaluation.employee_id, evaluation.rater_id, evaluation.rater_superior_id],
        "hasil": [(r.kind, r.indicator, r.target, r.realisation, r.rating) for r in evaluation.hasil_kerja.all()],
        "perilaku": [(r.value, r.expectation, r.feedback) for r in evaluation.perilaku_rows],
    }
    return {
        "kind": IssuedDocument.Kind.SKP,
        "key": f"evaluation:{evaluation.pk}",
        "subject": evaluation.employee.full_name,
        "content": content,
        "facts": [
            (
                gettext_noop("Periode penilaian"),
                f"{cycle.name} ({_date(cycle.period_start)} - {_date(cycle.period_end)})",
            ),
            (gettext_noop("Unit kerja"), evaluation.opd.name if evaluation.opd else "-"),
        ],
    }


def skp_pdf(evaluation: Evaluation, *, code: str, verify_url: str) -> bytes:
    cycle = evaluation.cycle
    hasil = [
        [str(i), r.get_kind_display(), r.indicator, r.target, r.realisation or "-", r.get_rating_display() or "-"]
        for i, r in enumerate(evaluation.hasil_kerja.all(), start=1)
    ]
    perilaku = [
        [str(i), r.get_value_display(), r.expectation or "-", r.feedback or "-"]
        for i, r in enumerate(evaluation.perilaku_rows, start=1)
    ]
    closed = cycle.closed_at.date() if cycle.closed_at else cycle.period_end
    doc = ReportDocument(
        title=_("Dokumen Evaluasi Kinerja Pegawai"),
        subtitle=_("Periode %(name)s: %(start)s s.d. %(end)s")
        % {"name": cycle.name, "start": _date(cycle.period_start), "end": _date(cycle.period_end)},
        sections=[
            Section(
                _("Pegawai yang dinilai"),
                facts=[
                    *_person(evaluation.employee, evaluation.position),
                    (_("Unit kerja"), evaluation.opd.name if evaluation.opd else "-"),
                ],
            ),
            Section(_("Pejabat penilai kinerja"), facts=_person(evaluation.rater, evaluation.rater_position)),
            Section(_("Atasan pejabat penilai kinerja"), facts=_person(evaluation.rater_superior)),
            Section(
                _("Hasil kerja"),
                table=Table(
                    [
                        pgettext("nomor urut", "No"),
                        _("Jenis"),
                        _("Indikator kinerja"),
                        _("Target"),
                        _("Realisasi"),
                        _("Penilaian"),
                    ],
                    [6, 14, 40, 20, 40, 22],
                    hasil,
                ),
            ),
            Section(
                _("Perilaku kerja (BerAKHLAK)"),
                table=Table(
                    [pgettext("nomor urut", "No"), _("Perilaku"), _("Ekspektasi khusus pimpinan"), _("Umpan balik")],
                    [6, 30, 50, 50],
                    perilaku,
                ),
            ),
            Section(
                _("Hasil evaluasi"),
                facts=[
                    (_("Rating hasil kerja"), evaluation.get_hasil_rating_display() or "-"),
                    (_("Rating perilaku kerja"), evaluation.get_perilaku_rating_display() or "-"),
                    (_("Predikat kinerja pegawai"), evaluation.get_predikat_display() or "-"),
                ],
            ),
        ],
        signatures=[
            Signature(_("Pegawai yang dinilai"), evaluation.employee.full_name, f"NIP {evaluation.employee.nip}"),
            Signature(
                _("Pejabat penilai kinerja"),
                evaluation.rater.full_name if evaluation.rater else "-",
                f"NIP {evaluation.rater.nip}" if evaluation.rater else "",
            ),
        ],
        signature_place_date=_("Semarang, %(date)s") % {"date": _date(closed)},
        code=code,
        verify_url=verify_url,
        verify_label=_("Periksa keaslian dokumen ini di"),
        code_label=_("Kode verifikasi"),
        page_label=pgettext("page number", "Halaman"),
    )
    return render_report_pdf(doc)
