"""Printable selection documents: the announcement of each announced stage (administration
included), the final ranking, and the applicant's registration card. Only what is published
goes into an announcement; the verifiable PDF and its code are core's."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from semarang_asn.core.documents import ReportDocument, Section, Signature, Table, render_report_pdf
from semarang_asn.core.models import IssuedDocument

from .models import Application, Vacancy

ADMINISTRATION = "administrasi"
RANKING = "peringkat"
STAGE_PREFIX = "tahap-"


def _date(day) -> str:
    if day is None:
        return "-"
    if hasattr(day, "tzinfo"):
        day = timezone.localdate(day)
    return formats.date_format(day, "DATE_FORMAT")


def _number(value) -> str:
    return "-" if value is None else formats.number_format(value, decimal_pos=2)


def announcement_parts(vacancy: Vacancy, results: dict) -> list[tuple[str, str]]:
    """(part, label) of every announcement published so far, for the public page's links."""
    parts = []
    if results["administration"]:
        parts.append((ADMINISTRATION, _("Pengumuman hasil seleksi administrasi")))
    for stage, _rows in results["announcements"]:
        parts.append(
            (f"{STAGE_PREFIX}{stage.order}", _("Pengumuman hasil tahap %(s)s") % {"s": stage.get_kind_display()})
        )
    if results["final_announced"]:
        parts.append((RANKING, _("Pengumuman peringkat akhir")))
    return parts


def _vacancy_facts(vacancy: Vacancy) -> list[tuple[str, str]]:
    position = vacancy.position
    opd = position.org_unit.opd or position.org_unit
    return [
        (_("Seleksi"), f"{vacancy.title} ({vacancy.code})" if vacancy.code else vacancy.title),
        (pgettext("document", "Jabatan"), position.title),
        (_("Perangkat daerah"), opd.name),
    ]


def announcement(vacancy: Vacancy, results: dict, part: str) -> dict:
    """What one published announcement says: title, dates, columns and rows; 404 for a part
    that is not (yet) announced."""
    if part == ADMINISTRATION and results["administration"]:
        rows = [
            [
                a.registration_number,
                a.name,
                _("Memenuhi syarat") if a.admin_status == "passed" else _("Tidak memenuhi syarat"),
            ]
            for a in results["administration"]
        ]
        return {
            "kind": IssuedDocument.Kind.ANNOUNCEMENT,
            "stage": _("Seleksi administrasi"),
            "announced": vacancy.admin_announced_at,
            "objection_until": vacancy.admin_objection_until,
            "columns": [_("No. pendaftaran"), _("Nama"), _("Hasil")],
            "widths": [30, 80, 40],
            "rows": rows,
            "passed": sum(1 for a in results["administration"] if a.admin_status == "passed"),
        }
    if part.startswith(STAGE_PREFIX):
        for stage, stage_rows in results["announcements"]:
            if part == f"{STAGE_PREFIX}{stage.order}":
                rows = [
                    [
                        r.application.registration_number,
                        r.application.name,
                        _number(r.value),
                        _("Lulus") if r.passed else _("Tidak lulus"),
                    ]
                    for r in stage_rows
                ]
                return {
                    "kind": IssuedDocument.Kind.ANNOUNCEMENT,
                    "stage": stage.get_kind_display(),
                    "announced": stage.announced_at,
                    "objection_until": stage.objection_until,
                    "columns": [_("No. pendaftaran"), _("Nama"), _("Nilai tahap"), _("Hasil")],
                    "widths": [30, 70, 25, 25],
                    "rows": rows,
                    "passed": sum(1 for r in stage_rows if r.passed),
                }
    if part == RANKING and results["final_announced"]:
        stages = results["stages"]
        rows = [
            [
                str(app.final_rank),
                app.registration_number,
                app.name,
                *[_number(r.value if r else None) for r in app.stage_values],
                _number(app.final_score),
                _("diusulkan ke PPK") if app.proposed else "",
            ]
            for app in results["ranking"]
        ]
        return {
            "kind": IssuedDocument.Kind.RANKING,
            "stage": _("Peringkat akhir"),
            "announced": stages[-1].announced_at,
            "objection_until": None,
            "columns": [
                "#",
                _("No. pendaftaran"),
                _("Nama"),
                *[f"{s.short_label} ({formats.number_format(s.weight, decimal_pos=0)}%)" for s in stages],
                _("Nilai akhir"),
                _("Usulan"),
            ],
            "widths": [8, 36, 50, *[22] * len(stages), 20, 26],
            "rows": rows,
            "passed": len(rows),
        }
    raise Http404


def announcement_issue(vacancy: Vacancy, part: str, content: dict) -> dict:
    return {
        "kind": content["kind"],
        "key": f"vacancy:{vacancy.pk}:{part}",
        "subject": f"{vacancy.title} - {content['stage']}",
        "content": content["rows"],
        "facts": [
            (gettext_noop("Seleksi"), vacancy.code or vacancy.title),
            (gettext_noop("Tahap"), content["stage"]),
            (gettext_noop("Diumumkan"), _date(content["announced"])),
            (gettext_noop("Jumlah nama dalam pengumuman"), len(content["rows"])),
        ],
        "public_url": reverse("assessments:public_detail", args=[vacancy.pk]),
    }


def announcement_pdf(vacancy: Vacancy, content: dict, tie_break: str, *, code: str, verify_url: str) -> bytes:
    dates = [(_("Tanggal pengumuman"), _date(content["announced"]))]
    if content["objection_until"]:
        dates.append((_("Masa sanggah sampai"), _date(content["objection_until"])))
    sections = [
        Section(_("Seleksi"), facts=[*_vacancy_facts(vacancy), (_("Tahap"), content["stage"]), *dates]),
        Section(
            _("Hasil"),
            table=Table(content["columns"], content["widths"], content["rows"], empty=_("Tidak ada nama.")),
        ),
    ]
    if content["kind"] == IssuedDocument.Kind.RANKING:
        sections.append(Section(_("Ketentuan peringkat"), text=tie_break))
    doc = ReportDocument(
        title=_("Pengumuman hasil seleksi terbuka")
        if content["kind"] == IssuedDocument.Kind.ANNOUNCEMENT
        else _("Pengumuman peringkat akhir seleksi terbuka"),
        subtitle=content["stage"],
        sections=sections,
        signatures=[Signature(_("Panitia Seleksi"), vacancy.code or vacancy.title)],
        signature_place_date=_("Semarang, %(date)s") % {"date": _date(content["announced"])},
        code=code,
        verify_url=verify_url,
        verify_label=_("Periksa keaslian pengumuman ini di"),
        code_label=_("Kode verifikasi"),
        page_label=pgettext("page number", "Halaman"),
        landscape=content["kind"] == IssuedDocument.Kind.RANKING,
    )
    return render_report_pdf(doc)


def registration_card_issue(application: Application) -> dict:
    vacancy = application.vacancy
    return {
        "kind": IssuedDocument.Kind.REGISTRATION_CARD,
        "key": f"application:{application.pk}",
        "subject": application.name,
        "content": [application.registration_number, application.name, application.nip, vacancy.pk],
        "facts": [
            (gettext_noop("Seleksi"), vacancy.code or vacancy.title),
            (gettext_noop("Nomor pendaftaran"), application.registration_number),
            (gettext_noop("Tanggal pendaftaran"), _date(application.submitted_at)),
        ],
    }


def registration_card_pdf(application: Application, *, code: str, verify_url: str) -> bytes:
    vacancy = application.vacancy
    applicant = [
        (_("Nomor pendaftaran"), application.registration_number),
        (_("Nama"), application.name),
        (_("NIP"), application.nip),
    ]
    if application.is_external:
        applicant.append((_("Instansi asal"), application.origin_agency))
    applicant.append((_("Tanggal pendaftaran"), _date(application.submitted_at)))
    schedule = [
        [str(s.order), s.get_kind_display(), _date(s.scheduled_on) if s.scheduled_on else _("diumumkan kemudian")]
        for s in vacancy.stages.all()
    ]
    documents = [[d.get_kind_display(), d.original_name or "-"] for d in application.documents.all()]
    doc = ReportDocument(
        title=_("Kartu pendaftaran seleksi terbuka"),
        subtitle=vacancy.title,
        sections=[
            Section(_("Pelamar"), facts=applicant),
            Section(_("Seleksi"), facts=_vacancy_facts(vacancy)),
            Section(
                _("Jadwal tahapan"),
                table=Table([pgettext("nomor urut", "No"), _("Tahap"), _("Jadwal")], [8, 60, 40], schedule),
            ),
            Section(
                _("Dokumen yang diunggah"),
                table=Table([_("Jenis"), _("Berkas")], [40, 60], documents, empty=_("Belum ada dokumen.")),
            ),
            Section(
                _("Catatan"),
                text=_(
                    "Bawa kartu ini pada setiap tahapan seleksi. Hasil setiap tahap diumumkan di halaman "
                    "seleksi terbuka menurut nomor pendaftaran."
                ),
            ),
        ],
        signatures=[Signature(_("Pelamar"), application.name, f"NIP {application.nip}")],
        signature_place_date=_("Semarang, %(date)s") % {"date": _date(application.submitted_at)},
        code=code,
        verify_url=verify_url,
        verify_label=_("Periksa keaslian kartu ini di"),
        code_label=_("Kode verifikasi"),
        page_label=pgettext("page number", "Halaman"),
    )
    return render_report_pdf(doc)
