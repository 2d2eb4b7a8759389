"""One Indonesian word, several English meanings: each use carries its own context."""

from django.utils import translation

from semarang_asn.core.models import Setting


def test_a_setting_value_is_a_value_not_a_score():
    with translation.override("en"):
        assert str(Setting._meta.get_field("value").verbose_name) == "value"


def test_nilai_reads_as_rate_core_value_and_score_where_each_is_meant():
    word = "Nilai"  # a variable, so that makemessages does not collect this test's strings
    pgettext, gettext = translation.pgettext, translation.gettext
    with translation.override("en"):
        assert pgettext("kata kerja: menilai pegawai", word) == "Rate"
        assert pgettext("nilai dasar BerAKHLAK", word) == "Core value"
        assert gettext(word) == "Score"
