"""Dates, times and numbers come out one way per language, from semarang_asn/formats."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format

BASE = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2026, 10, 28, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("id", "DATE_FORMAT", "28 Oktober 2026"),
        ("id", "SHORT_DATE_FORMAT", "28 Okt 2026"),
        ("id", "TIME_FORMAT", "14.30 WIB"),
        ("id", "SHORT_DATETIME_FORMAT", "28 Okt 2026, 14.30 WIB"),
        ("en", "DATE_FORMAT", "28 October 2026"),
        ("en", "SHORT_DATE_FORMAT", "28 Oct 2026"),
        ("en", "TIME_FORMAT", "14:30 WIB"),
        ("en", "SHORT_DATETIME_FORMAT", "28 Oct 2026, 14:30 WIB"),
    ],
)
def test_dates_and_times_follow_the_named_format_of_the_language(language, fmt, expected):
    with translation.override(language):
        assert date_format(WHEN, fmt) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("id", 1234567, "1.234.567"),
        ("id", Decimal("85.50"), "85,50"),
        ("en", 1234567, "1,234,567"),
        ("en", Decimal("85.50"), "85.50"),
    ],
)
def test_numbers_carry_the_language_separators(language, value, expected):
    with translation.override(language):
        assert number_format(value, use_l10n=True, force_grouping=True) == expected
        if isinstance(value, int):
            assert intcomma(value) == expected


def test_integers_in_templates_stay_plain_so_ids_and_years_survive_in_urls_and_values():
    template = Template('<a href="?year={{ year }}&amp;page={{ pk }}"><input value="{{ pk }}">')
    with translation.override("id"):
        rendered = template.render(Context({"year": 2026, "pk": 12345}))
    assert rendered == '<a href="?year=2026&amp;page=12345"><input value="12345">'


def test_templates_format_dates_by_name_and_keep_identifiers_plain():
    template = Template(
        '{% load l10n %}{{ d|date:"DATE_FORMAT" }} · {{ d|date:"SHORT_DATE_FORMAT" }} · {{ pk|unlocalize }}'
    )
    with translation.override("id"):
        assert (
            template.render(Context({"d": dt.date(2026, 11, 28), "pk": 12345}))
            == "28 November 2026 · 28 Nov 2026 · 12345"
        )
    with translation.override("en"):
        assert (
            template.render(Context({"d": dt.date(2026, 11, 28), "pk": 12345}))
            == "28 November 2026 · 28 Nov 2026 · 12345"
        )


def test_no_template_or_module_spells_out_a_date_pattern():
    # ISO dates in data files (CSV exports) are an interchange format, not a display one.
    literal = re.compile(
        r'(date|time):"(?![A-Z_]+_FORMAT")|strftime\((?!"%Y-%m-%d)|date_format\([^)"]*"(?![A-Z_]+_FORMAT")'
    )
    offenders = [
        f"{path.relative_to(BASE)}:{n}"
        for pattern in ("templates/**/*.html", "templates/**/*.txt", "*/**/*.py")
        for path in BASE.glob(pattern)
        if ".venv" not in path.parts and "tests" not in path.parts and "formats" not in path.parts
        for n, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []
