"""Hole 11: gunicorn listens on loopback by default and the proxy header is trusted only then."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _web_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line
    raise AssertionError("Procfile has no web process")


def test_gunicorn_binds_to_loopback_unless_told_otherwise():
    bind = re.search(r"--bind (\S+)", _web_command()).group(1)
    assert bind.startswith("${BIND_HOST:-127.0.0.1}:"), bind


def test_gunicorn_accepts_forwarding_headers_only_from_the_local_proxy_by_default():
    assert "--forwarded-allow-ips ${FORWARDED_ALLOW_IPS:-127.0.0.1}" in _web_command()


def test_the_procfile_bind_expands_to_loopback_in_a_shell_with_no_settings():
    bind = re.search(r"--bind (\S+)", _web_command()).group(1)
    env = {k: v for k, v in os.environ.items() if k not in {"BIND_HOST", "PORT"}}
    out = subprocess.run(["/bin/sh", "-c", f"echo {bind}"], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "127.0.0.1:8000"


def _proxy_header(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "TRUST_X_FORWARDED_PROTO"}
    clean.update(env, DJANGO_SETTINGS_MODULE="semarang_asn.test_settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_https_proxy_header_can_be_switched_off_for_a_server_with_no_proxy():
    assert _proxy_header() == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert _proxy_header(TRUST_X_FORWARDED_PROTO="0") == "None"


def test_deploy_doc_says_what_the_proxy_must_overwrite():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    for needle in ("X-Forwarded-Proto", "X-Forwarded-For", "TRUST_X_FORWARDED_PROTO", "BIND_HOST", "overwrit"):
        assert needle in doc
