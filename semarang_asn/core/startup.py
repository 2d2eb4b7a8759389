"""The secret key, required where something is signed or served.

The settings import without a ``SECRET_KEY`` when ``DEBUG`` is off, so the commands that only
read the models and migrations (``makemigrations --check``, ``showmigrations``, a schema check
in CI) run on a bare checkout. What signs sessions, tokens and certificate links refuses to
start without one, before its first request or task, not on it: the web process
(semarang_asn/wsgi.py), Celery's worker and beat (semarang_asn/celery.py), and
``manage.py check --deploy`` reports it as an error.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "SECRET_KEY must be set when DEBUG is off."


def has_secret_key() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to read an empty key
        return False


def require_secret_key() -> None:
    """Refuse to start a process that signs or serves without a secret key."""
    if not has_secret_key():
        raise ImproperlyConfigured(MESSAGE)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if has_secret_key():
        return []
    return [checks.Error(MESSAGE, hint="Set SECRET_KEY in the environment (docs/deploy.md).", id="core.E001")]
