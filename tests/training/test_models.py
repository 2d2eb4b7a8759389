"""One-row rules of the training models."""

import pytest
from django.utils import translation

from training.models import Course


@pytest.mark.parametrize(
    ("provider", "name", "indonesian", "english"),
    [
        ("bkpp", "", "BKPP Kota Semarang", "BKPP Kota Semarang"),
        ("bpsdm_jateng", "", "BPSDM Jawa Tengah", "BPSDM Central Java"),
        ("lan", "Pusat Pelatihan", "LAN RI", "LAN RI"),
        ("other", "Universitas Diponegoro", "Universitas Diponegoro", "Universitas Diponegoro"),
        ("other", "", "Lainnya", "Other"),
        ("retired", "", "retired", "retired"),
    ],
)
def test_a_courses_provider_label_is_the_other_providers_name_or_the_choice_in_the_active_language(
    provider, name, indonesian, english
):
    course = Course(provider=provider, provider_name=name)
    with translation.override("id"):
        assert course.provider_label == indonesian
    with translation.override("en"):
        assert course.provider_label == english
