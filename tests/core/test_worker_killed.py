"""Fault drill: a Celery worker process is killed (SIGKILL, as the OOM killer does) in the
middle of sending a notification e-mail. With acks_late and reject_on_worker_lost the task
goes back on the queue, runs again in a fresh process and sends the e-mail exactly once.

A real prefork worker runs in a subprocess against Redis and the test database, so this
needs PostgreSQL (an in-memory SQLite test database cannot be shared with another
process) and Redis; CI has both. The mail server is a local fake that leaves the first
connection hanging (the task is then mid-way, inside its transaction) and serves later ones.
"""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from semarang_asn.celery import app as celery_app
from semarang_asn.core.models import Notification
from semarang_asn.core.tasks import deliver_notification_email
from tests.conftest import _reset_celery_connections
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the worker subprocess needs PostgreSQL"),
]

REDIS_URL = os.environ.get("REDIS_URL", "")


class FakeSMTP(socketserver.ThreadingTCPServer):
    """Hangs on the first connection; speaks enough SMTP on the later ones."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.connections = 0
        self.messages: list[str] = []
        self.first_connected = threading.Event()
        self.release = threading.Event()


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        server.connections += 1
        if server.connections == 1:
            server.first_connected.set()
            server.release.wait(60)  # the client waits for a greeting that never comes
            return
        self.wfile.write(b"220 fake ESMTP\r\n")
        data: list[str] = []
        in_data = False
        for raw in self.rfile:
            line = raw.decode(errors="replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    server.messages.append("\n".join(data))
                    self.wfile.write(b"250 queued\r\n")
                else:
                    data.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _database_url() -> str:
    """The test database, as the worker subprocess must see it."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def smtp():
    server = FakeSMTP()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def broker():
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis is required and not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    saved = {k: celery_app.conf.get(k) for k in ("broker_url", "result_backend")}
    celery_app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL)
    _reset_celery_connections()
    yield
    celery_app.conf.update(saved)
    _reset_celery_connections()


@pytest.fixture
def worker(smtp, broker, tmp_path):
    """A prefork worker (one child process) in its own process group; stopped by its id."""
    queue = f"drill-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "semarang_asn.test_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.server_address[1]}",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "semarang_asn", "worker", "-P", "prefork", "-c", "1",
             "-Q", queue, "-n", f"{queue}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-l", "INFO"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        yield proc, queue, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def test_a_worker_killed_mid_task_runs_it_again_and_the_email_goes_out_once(worker, smtp):
    proc, queue, log = worker
    recipient = UserFactory(username="penerima-drill")
    note = Notification.objects.create(
        recipient=recipient, subject="Penilaian tersedia", body="Lihat SKP.", email_requested=True
    )

    deliver_notification_email.apply_async(args=[note.pk], queue=queue)
    assert smtp.first_connected.wait(90), log.read_text()[-3000:]
    children = _children(proc.pid)
    assert len(children) == 1, (children, log.read_text()[-3000:])
    os.kill(children[0], signal.SIGKILL)  # mid-task: connected to the mail server, row locked

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        note.refresh_from_db()
        if note.emailed_at is not None:
            break
        time.sleep(0.2)
    output = log.read_text()
    assert note.emailed_at is not None, output[-3000:]
    assert smtp.connections == 2, output[-3000:]
    assert len(smtp.messages) == 1
    assert "Subject: Penilaian tersedia" in smtp.messages[0]
    assert Notification.objects.filter(recipient=recipient).count() == 1
    assert "SIGKILL" in output or "WorkerLostError" in output, output[-3000:]
