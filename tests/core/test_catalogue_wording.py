"""One Indonesian word, several English meanings: each use carries its own context."""

from django.utils import translation

from semarang_asn.core.models import Setting


def test_a_setting_value_is_a_value_not_a_score():
    with translation.override("en"):
        assert str(Setting._meta.get_field("value").verbose_name) == "value"


def test_nilai_reads_as_rate_core_value_and_score_where_each_is_meant():
    with translation.override("en"):
        assert translation.pgettext("kata kerja: menilai pegawai", "Nilai") == "Rate"
        assert translation.pgettext("nilai dasar BerAKHLAK", "Nilai") == "Core value"
        assert translation.gettext("Nilai") == "Score"
