"""The course certificate: what it says. The verifiable PDF itself is core's."""

from django.utils import formats
from django.utils.translation import gettext as _

from semarang_asn.core.documents import VerifiableDocument, render_pdf

from .models import Certificate


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    enrollment = certificate.enrollment
    employee, course = enrollment.employee, enrollment.course
    issued = formats.date_format(certificate.issued_on, "j F Y")
    doc = VerifiableDocument(
        title=_("Sertifikat"),
        subtitle=_("Pengembangan Kompetensi Aparatur Sipil Negara"),
        intro=_("diberikan kepada"),
        headline=employee.full_name,
        body=_("NIP %(nip)s, yang telah menyelesaikan") % {"nip": employee.nip},
        facts=[
            (_("Pelatihan"), course.title),
            (_("Penyelenggara"), course.provider_label),
            (_("Jumlah JP"), formats.number_format(course.jp, decimal_pos=1 if course.jp % 1 else 0)),
            (_("Tanggal selesai"), issued),
        ],
        code=certificate.code,
        verify_url=verify_url,
        verify_label=_("Periksa keaslian sertifikat ini di"),
        code_label=_("Kode verifikasi"),
        signature_place_date=_("Semarang, %(date)s") % {"date": issued},
        signatory=_("Kepala BKPP Kota Semarang"),
        landscape=True,
    )
    return render_pdf(doc)
