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


def test_gunicorn_with_the_production_config_preloads_the_app_and_serves():
    """gunicorn.conf.py (Procfile, the bench): the app loads in the master, which forks workers
    holding no database connection, with what it loaded frozen out of the garbage collector."""
    import socket
    import time
    import urllib.request

    assert "--config gunicorn.conf.py" in _web_command()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "semarang_asn.test_settings"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "semarang_asn.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/bantuan/", timeout=10) as response:
                    assert response.status == 200
                    assert b"Sistem Merit ASN" in response.read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_gunicorn_config_freezes_before_forking_and_closes_connections(monkeypatch):
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    closed, frozen = [], []
    monkeypatch.setattr("django.db.connections.close_all", lambda: closed.append(True))
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    config["pre_fork"](None, None)
    assert closed == [True] and frozen == [True]
