import pytest

pytestmark = pytest.mark.django_db


def test_pages_speak_indonesian_by_default(anonymous):
    page = anonymous.get("/masuk/").content.decode()
    assert 'lang="id"' in page
    assert "Masuk" in page


def test_english_is_served_after_switching_language(anonymous):
    anonymous.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = anonymous.get("/masuk/").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "Kata sandi" not in page


def test_every_message_has_a_compiled_english_translation():
    """Every msgid of the English catalogue is translated, and the committed .mo is up to date."""
    import gettext
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    msgids = len(re.findall(r"^msgid ", po, flags=re.MULTILINE)) - 1  # minus the header
    with open(folder / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    translated = {key[0] if isinstance(key, tuple) else key for key, value in catalog.items() if value} - {""}
    assert msgids > 500
    assert len(translated) == msgids
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(anonymous):
    page = anonymous.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page
