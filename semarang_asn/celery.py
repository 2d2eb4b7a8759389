import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semarang_asn.settings")

app = Celery("semarang_asn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _require_secret_key(**kwargs) -> None:
    """The worker and beat refuse to start without a secret key (semarang_asn/core/startup.py).
    An exit, not the exception: Celery logs a receiver's exception and carries on starting."""
    from django.core.exceptions import ImproperlyConfigured

    from semarang_asn.core.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from None
