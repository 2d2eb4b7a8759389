"""The cross-cutting helpers in semarang_asn.core that the training app added: MP4 uploads,
Markdown, bulk notifications."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from semarang_asn.core.markup import render_markdown
from semarang_asn.core.models import Notification
from semarang_asn.core.services import notification_send_many
from semarang_asn.core.uploads import validate_upload
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("v.mp4", b"\x00\x00\x00\x20ftypisom" + bytes(64), True),
        ("v.mp4", b"MZ\x90\x00not a video....", False),
        ("v.mov", b"\x00\x00\x00\x20ftypqt  ....", False),
        ("s.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n", True),
    ],
)
def test_an_mp4_is_checked_by_extension_and_content(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        validate_upload(upload, allowed=("mp4", "pdf"))
    else:
        with pytest.raises(ValidationError):
            validate_upload(upload, allowed=("mp4", "pdf"))


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


def test_an_authors_headings_sit_below_the_pages_h1():
    html = render_markdown("# Pengantar\n\n## Tujuan\n\n###### Catatan kecil\n\nIsi")
    assert "<h1>" not in html
    assert "<h2>Pengantar</h2>" in html and "<h3>Tujuan</h3>" in html and "<h6>Catatan kecil</h6>" in html
