import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Set by semarang_asn.test_settings in this process; a production start has none of them.
TEST_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "ALLOWED_HOSTS",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser journeys
}


# A production environment that forgot its key.
BARE = {"DEBUG": "0", "SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "semarang_asn.settings"}


def _python(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_deploy_check_reports_no_issues_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-production-grade-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="merit.semarangkota.go.id",
        DJANGO_SETTINGS_MODULE="semarang_asn.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_the_web_process_refuses_to_start_and_the_deploy_check_says_why():
    web = _python("import semarang_asn.wsgi", **BARE)
    assert web.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in web.stderr
    deploy = _manage("check", "--deploy", **BARE)
    assert deploy.returncode != 0
    assert "core.E001" in deploy.stderr and "SECRET_KEY must be set" in deploy.stderr


def test_the_schema_commands_run_on_a_bare_checkout_without_a_secret_key():
    result = _manage(
        "makemigrations",
        "--check",
        "--dry-run",
        DEBUG="0",
        SECRET_KEY="",
        DJANGO_SETTINGS_MODULE="semarang_asn.settings",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("signal", ["worker_init", "beat_init"])
def test_celery_worker_and_beat_refuse_to_start_without_a_secret_key(signal, settings):
    from celery import signals

    settings.SECRET_KEY = ""
    with pytest.raises(SystemExit, match="SECRET_KEY must be set"):
        getattr(signals, signal).send(sender=None)
