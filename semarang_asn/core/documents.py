"""PDF documents that anyone can verify: a verification code and a QR code linking to a
public verification URL, printed on the page. Written once for every app (training
certificates now; SKP documents and selection announcements later). fpdf2 and segno are
pure pip installs: nothing beyond Python is needed to run it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import segno
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
