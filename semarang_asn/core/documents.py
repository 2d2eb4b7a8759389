"""PDF documents that anyone can verify: a verification code and a QR code linking to a
public verification URL, printed on the page. Written once for every app: a one-page
certificate (``VerifiableDocument``, training) and a flowing report with sections, tables and
a signatures block (``ReportDocument``: SKP evaluation, selection announcements, registration
card). fpdf2 and segno are pure pip installs: nothing beyond Python is needed to run it.

Codes of report documents live in ``core.IssuedDocument`` (see ``services.document_issue``);
``issued_pdf_response`` is the one call a view makes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import segno
from django.http import HttpResponse
from django.urls import reverse
from fpdf import FPDF

ISSUER = "Pemerintah Kota Semarang"
AGENCY = "Badan Kepegawaian, Pendidikan dan Pelatihan (BKPP)"


def _latin1(text: str) -> str:
    """The PDF core fonts speak Latin-1; anything else prints as '?' rather than failing."""
    return str(text).encode("latin-1", "replace").decode("latin-1")


@dataclass
class VerifiableDocument:
    title: str
    subtitle: str = ""
    intro: str = ""
    headline: str = ""
    body: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    code: str = ""
    verify_url: str = ""
    verify_label: str = "Verifikasi keaslian dokumen ini di"
    code_label: str = "Kode verifikasi"
    signature_place_date: str = ""
    signatory: str = ""
    landscape: bool = False


def qr_png(url: str, *, scale: int = 6) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def render_pdf(doc: VerifiableDocument) -> bytes:
    pdf = FPDF(orientation="L" if doc.landscape else "P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(_latin1(doc.title))
    pdf.set_author(_latin1(f"{AGENCY}, {ISSUER}"))
    pdf.add_page()
    width = pdf.w - 2 * pdf.l_margin

    pdf.set_draw_color(11, 79, 138)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)

    pdf.set_y(18)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(width, 6, _latin1(ISSUER.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(width, 6, _latin1(AGENCY), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_text_color(11, 79, 138)
    pdf.cell(width, 12, _latin1(doc.title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if doc.subtitle:
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(width, 6, _latin1(doc.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if doc.intro:
        pdf.set_font("Helvetica", "", 12)
        pdf.cell(width, 7, _latin1(doc.intro), align="C", new_x="LMARGIN", new_y="NEXT")
    if doc.headline:
        pdf.set_font("Helvetica", "B", 20)
        pdf.multi_cell(width, 10, _latin1(doc.headline), align="C", new_x="LMARGIN", new_y="NEXT")
    if doc.body:
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(width, 7, _latin1(doc.body), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if doc.facts:
        label_w = 50
        left = pdf.l_margin + (width - 150) / 2
        for label, value in doc.facts:
            pdf.set_x(left)
            pdf.set_font("Helvetica", "", 11)
            pdf.cell(label_w, 7, _latin1(label))
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(150 - label_w, 7, _latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")

    # Verification block at the foot: QR on the left, the code and URL beside it.
    qr_size = 32
    foot_y = pdf.h - 18 - qr_size
    if doc.verify_url:
        pdf.image(io.BytesIO(qr_png(doc.verify_url)), x=pdf.l_margin + 4, y=foot_y, w=qr_size, h=qr_size)
        text_x = pdf.l_margin + qr_size + 10
        pdf.set_xy(text_x, foot_y + 2)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(90, 5, _latin1(doc.code_label), new_x="LEFT", new_y="NEXT")
        pdf.set_font("Courier", "B", 14)
        pdf.cell(90, 7, _latin1(doc.code), new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(90, 5, _latin1(doc.verify_label), new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(11, 79, 138)
        pdf.multi_cell(110, 5, _latin1(doc.verify_url), link=doc.verify_url, new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    if doc.signatory:
        sign_x = pdf.w - pdf.r_margin - 85
        pdf.set_xy(sign_x, foot_y)
        pdf.set_font("Helvetica", "", 10)
        if doc.signature_place_date:
            pdf.cell(80, 5, _latin1(doc.signature_place_date), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_xy(sign_x, foot_y + 24)
        pdf.multi_cell(80, 5, _latin1(doc.signatory), align="C")
    return bytes(pdf.output())


# --- reports: sections, tables, signatures --------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    widths: list[float]  # relative: scaled to the page width
    rows: list[list[str]]
    empty: str = "-"


@dataclass
class Section:
    heading: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    text: str = ""


@dataclass
class Signature:
    role: str
    name: str
    detail: str = ""  # e.g. "NIP 1985…"


@dataclass
class ReportDocument:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    signature_place_date: str = ""
    code: str = ""
    verify_url: str = ""
    verify_label: str = "Verifikasi keaslian dokumen ini di"
    code_label: str = "Kode verifikasi"
    page_label: str = "Halaman"
    landscape: bool = False  # for wide tables (a ranking with a column per stage)


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, _latin1(f"{self.footer_text} {self.page_no()}/{{nb}}"), align="C")
        self.set_text_color(0, 0, 0)


def render_report_pdf(doc: ReportDocument) -> bytes:
    """An A4 report that flows over as many pages as it needs; every page's foot
    carries the verification code, the last block the QR code and the verification URL."""
    pdf = _ReportPDF(orientation="L" if doc.landscape else "P", unit="mm", format="A4")
    pdf.footer_text = f"{doc.code_label} {doc.code} - {doc.page_label}"
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(_latin1(doc.title))
    pdf.set_author(_latin1(f"{AGENCY}, {ISSUER}"))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(width, 5, _latin1(ISSUER.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(width, 5, _latin1(AGENCY), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(11, 79, 138)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_text_color(11, 79, 138)
    pdf.multi_cell(width, 7, _latin1(doc.title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if doc.subtitle:
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(width, 5, _latin1(doc.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    for section in doc.sections:
        _report_section(pdf, section, width)
    if doc.signatures:
        _report_signatures(pdf, doc, width)
    if doc.verify_url:
        _report_verification(pdf, doc)
    return bytes(pdf.output())


def _report_section(pdf: FPDF, section: Section, width: float) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_fill_color(230, 238, 246)
    pdf.cell(width, 7, _latin1(section.heading), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    for label, value in section.facts:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(55, 6, _latin1(label))
        pdf.multi_cell(width - 55, 6, _latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    if section.text:
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(width, 5, _latin1(section.text), new_x="LMARGIN", new_y="NEXT")
    if section.table is not None:
        table = section.table
        pdf.set_font("Helvetica", "", 9)
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        total = sum(table.widths)
        widths = tuple(width * w / total for w in table.widths)
        with pdf.table(col_widths=widths, line_height=5, text_align="LEFT", width=width) as grid:
            heading = grid.row()
            for column in table.columns:
                heading.cell(_latin1(column))
            for values in table.rows or [[table.empty] + [""] * (len(table.columns) - 1)]:
                row = grid.row()
                for value in values:
                    row.cell(_latin1(value))
    pdf.ln(4)


def _report_signatures(pdf: FPDF, doc: ReportDocument, width: float) -> None:
    if pdf.get_y() > pdf.h - 65:
        pdf.add_page()
    pdf.ln(2)
    if doc.signature_place_date:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(width, 5, _latin1(doc.signature_place_date), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    column = width / len(doc.signatures)
    top = pdf.get_y()
    for i, signature in enumerate(doc.signatures):
        x = pdf.l_margin + i * column
        pdf.set_xy(x, top)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(column - 4, 5, _latin1(signature.role), align="C")
        pdf.set_xy(x, top + 28)
        pdf.set_font("Helvetica", "BU", 10)
        pdf.multi_cell(column - 4, 5, _latin1(signature.name), align="C")
        if signature.detail:
            pdf.set_x(x)
            pdf.set_font("Helvetica", "", 9)
            pdf.multi_cell(column - 4, 5, _latin1(signature.detail), align="C")
    pdf.set_xy(pdf.l_margin, top + 45)


def _report_verification(pdf: FPDF, doc: ReportDocument) -> None:
    qr_size = 28
    if pdf.get_y() > pdf.h - 18 - qr_size - 4:
        pdf.add_page()
    top = pdf.get_y() + 2
    pdf.image(io.BytesIO(qr_png(doc.verify_url)), x=pdf.l_margin, y=top, w=qr_size, h=qr_size)
    pdf.set_xy(pdf.l_margin + qr_size + 6, top + 2)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(120, 5, _latin1(doc.code_label), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Courier", "B", 13)
    pdf.cell(120, 7, _latin1(doc.code), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(120, 5, _latin1(doc.verify_label), new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(11, 79, 138)
    pdf.multi_cell(130, 5, _latin1(doc.verify_url), link=doc.verify_url, new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def verification_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("core:document_verify_code", args=[code]))


def issued_pdf_response(request, *, issue: dict, build, filename: str) -> HttpResponse:
    """Issue (or reuse) the document's code, render it with its verification URL and send it.
    ``issue`` holds ``services.document_issue``'s keywords; ``build(code, url)`` returns the PDF."""
    from .services import document_issue  # services import models; keep this module light

    document = document_issue(**issue)
    pdf = build(document.code, verification_url(request, document.code))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{document.code}.pdf"'
    return response
