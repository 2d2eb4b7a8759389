"""The cross-cutting helpers in semarang_asn.core that the training app added or moved there."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from semarang_asn.core.exports import safe_cell, table_response
from semarang_asn.core.markup import render_markdown
from semarang_asn.core.models import Notification
from semarang_asn.core.services import notification_send_many
from semarang_asn.core.uploads import validate_upload
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+62", "'+62"), ("-1", "'-1"), ("@x", "'@x"), ("Budi", "Budi"), (5, 5)],
)
def test_a_cell_that_starts_like_a_formula_is_exported_as_text(value, expected):
    assert safe_cell(value) == expected


def test_a_csv_export_starts_with_a_byte_order_mark_and_keeps_numbers():
    response = table_response(filename="x", headers=["Nama", "JP"], rows=[["=cmd", 12]], fmt="csv")
    assert response.content.decode("utf-8") == "\ufeffNama,JP\r\n'=cmd,12\r\n"


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("v.mp4", b"\x00\x00\x00\x20ftypisom....", True),
        ("v.mp4", b"MZ\x90\x00not a video....", False),
        ("v.mov", b"\x00\x00\x00\x20ftypqt  ....", False),
        ("s.pdf", b"%PDF-1.7", True),
    ],
)
def test_uploads_are_checked_by_extension_and_content(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        validate_upload(upload, field="f", extensions={".mp4", ".pdf"})
    else:
        with pytest.raises(ValidationError):
            validate_upload(upload, field="f", extensions={".mp4", ".pdf"})


def test_markdown_keeps_formatting_and_drops_scripts_handlers_and_javascript_links():
    html = render_markdown(
        "**tebal** <b onclick=x>b</b>\n\n<script>x()</script>\n\n[a](javascript:x) [b](https://a.id)"
    )
    assert "<strong>tebal</strong>" in html
    assert "<script>" not in html and "onclick" not in html.replace("&lt;b onclick", "")
    assert 'href="javascript' not in html and 'href="https://a.id"' in html


@pytest.mark.django_db
def test_a_bulk_notification_is_sent_once_per_user_and_key():
    users = [UserFactory(username=f"u{i}") for i in range(3)]
    assert notification_send_many(recipients=users[:2], subject="S", dedup_key="k", email=False) == 2
    assert notification_send_many(recipients=users, subject="S", dedup_key="k", email=False) == 1
    assert notification_send_many(recipients=users, subject="S", dedup_key="k", email=False) == 0
    assert Notification.objects.filter(dedup_key="k").count() == 3
