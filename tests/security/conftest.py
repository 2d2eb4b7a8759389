import pytest
from django.test import override_settings

from tests.security.world import module_world


@pytest.fixture(scope="session")
def security_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(autouse=True)
def _media_root(settings, security_media):
    """The module-scoped world's files stay readable by every test of the module."""
    settings.MEDIA_ROOT = security_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, security_media):
    with override_settings(MEDIA_ROOT=security_media), module_world(django_db_blocker) as w:
        yield w
