"""Persona fixtures shared by every test module.

A small org: Dinas Contoh with a Kepala (JPT Pratama) → Kabid (Administrator) →
Kasi (Pengawas) → two Pelaksana. ``supervisor`` is the Kasi; ``employee`` and
``other_employee`` are the Pelaksana under them.
"""

import datetime as dt
import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.test import Client

from positions import services as position_services
from positions.models import Position
from semarang_asn.celery import app as celery_app
from semarang_asn.core import roles
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, UserFactory, give_rank

START = dt.date(2020, 1, 2)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    """Long jobs run in the test's own process once its transaction commits; tests that want
    them run use ``django_capture_on_commit_callbacks(execute=True)``."""
    settings.JOBS_RUN_INLINE = True


@pytest.fixture
def org(db):
    opd = OrgUnitFactory(code="DIN01", name="Dinas Contoh")
    bidang = OrgUnitFactory(code="DIN01.1", name="Bidang Satu", kind="bidang", parent=opd)
    head = PositionFactory(
        code="P-KEP", title="Kepala Dinas Contoh", org_unit=opd, type="JPT", level="jpt_pratama", kelas_jabatan=14
    )
    kabid = PositionFactory(
        code="P-KABID",
        title="Kepala Bidang Satu",
        org_unit=bidang,
        type="JA",
        level="administrator",
        kelas_jabatan=12,
        reports_to=head,
    )
    kasi = PositionFactory(
        code="P-KASI",
        title="Kepala Seksi Satu",
        org_unit=bidang,
        type="JA",
        level="pengawas",
        kelas_jabatan=9,
        reports_to=kabid,
    )
    staff = PositionFactory(
        code="P-STAF",
        title="Pengolah Data",
        org_unit=bidang,
        type="JA",
        level="pelaksana",
        kelas_jabatan=7,
        formasi=3,
        reports_to=kasi,
    )
    return {"opd": opd, "bidang": bidang, "head": head, "kabid": kabid, "kasi": kasi, "staff": staff}


def _person(username: str, position: Position | None, *, groups=(), rank="III/a", **kwargs):
    user = UserFactory(username=username, groups=[roles.EMPLOYEE, *groups], first_name=username.title())
    employee = EmployeeFactory(user=user, **kwargs)
    give_rank(employee, rank, dt.date(2018, 4, 1))
    if position is not None:
        position_services.assignment_create(employee=employee, position=position, start_date=START)
    return employee


@pytest.fixture
def head(org):
    return _person("kepala", org["head"], rank="IV/b", birth=dt.date(1970, 5, 5), tmt=(1995, 3))


@pytest.fixture
def kabid(org, head):
    return _person("kabid", org["kabid"], rank="IV/a", birth=dt.date(1975, 6, 6), tmt=(2000, 3))


@pytest.fixture
def supervisor_employee(org, kabid):
    return _person("atasan", org["kasi"], rank="III/d", birth=dt.date(1980, 7, 7), tmt=(2005, 3))


@pytest.fixture
def supervisor(supervisor_employee):
    return supervisor_employee.user


@pytest.fixture
def employee_record(org, supervisor_employee):
    return _person("pegawai", org["staff"], birth=dt.date(1990, 1, 1), tmt=(2015, 2))


@pytest.fixture
def employee(employee_record):
    return employee_record.user


@pytest.fixture
def other_employee_record(org, supervisor_employee):
    return _person("pegawai2", org["staff"], birth=dt.date(1991, 2, 2), tmt=(2016, 3), sex="P")


@pytest.fixture
def other_employee(other_employee_record):
    return other_employee_record.user


@pytest.fixture
def hr_staff(db):
    return UserFactory(username="hr", groups=[roles.HR], first_name="Staf", last_name="BKPP")


@pytest.fixture
def assessor(db):
    return UserFactory(username="asesor", groups=[roles.ASSESSOR], first_name="Asesor")


@pytest.fixture
def official(db):
    return UserFactory(username="ppk", groups=[roles.APPOINTING_OFFICIAL], first_name="Wali Kota")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def client_for():
    """client_for(user) → a test client logged in as that user."""

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
WORKER_QUEUE = "tests"


def _reset_celery_connections() -> None:
    """Drop the app's cached broker pools and result backend so a changed conf takes effect."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_worker():
    """A real Celery worker (solo pool, in a thread) consuming from Redis.

    Yields the queue name: send with ``task.apply_async(args, queue=redis_worker)``.
    Use with ``@pytest.mark.django_db(transaction=True)`` so the worker sees committed rows.
    Skips when Redis is down, unless REQUIRE_SERVICES=1 (CI), where it fails.
    """
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis is required and not reachable at {REDIS_URL}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    keys = ("broker_url", "result_backend", "broker_transport_options")
    saved = {key: celery_app.conf.get(key) for key in keys}
    celery_app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, broker_transport_options={})
    _reset_celery_connections()
    try:
        with start_worker(
            celery_app, perform_ping_check=False, pool="solo", queues=[WORKER_QUEUE], shutdown_timeout=10
        ):
            yield WORKER_QUEUE
    finally:
        celery_app.conf.update(saved)
        _reset_celery_connections()
