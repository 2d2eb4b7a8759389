"""Fault drills: Redis down, the same task delivered twice, two HR users saving one record
at once, SQLite "database is locked". (A worker killed mid-task: test_worker_killed.py.)

A "down" Redis is a port where nothing listens; the shared Redis server is never stopped.
"""

import datetime as dt
import sqlite3
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection, connections
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse

from performance import rules
from performance.models import Evaluation
from semarang_asn.celery import app as celery_app
from semarang_asn.core import services
from semarang_asn.core.models import Notification
from semarang_asn.core.sqlite.base import DatabaseWrapper as RetryingSQLite
from semarang_asn.core.tasks import deliver_notification_email, deliver_owed_notification_emails
from tests.conftest import REDIS_URL, _reset_celery_connections
from tests.factories import PositionFactory, UserFactory
from tests.performance.conftest import cycle, evaluation, open_cycle, team  # noqa: F401  (fixtures)

DEAD_BROKER = "redis://127.0.0.1:1/5"


@pytest.fixture
def redis_down(monkeypatch, settings):
    """The broker and the cache are on a port where nothing listens; restored afterwards."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_BROKER}}
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_BROKER)
    _reset_celery_connections()
    yield
    monkeypatch.undo()
    _reset_celery_connections()


# --- Redis down -----------------------------------------------------------------------------


@pytest.fixture
def hr_down(db):
    from semarang_asn.core import roles

    return UserFactory(username="hr-down", groups=[roles.HR])


@pytest.mark.django_db
def test_with_redis_down_pages_work_and_the_rating_is_saved_with_its_email_owed(
    hr_down,
    redis_down,
    client_for,
    supervisor,
    employee,
    evaluation,  # noqa: F811  (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(supervisor).post(
            reverse("performance:rate", args=[evaluation.pk]),
            {"hasil": rules.ABOVE, "perilaku": rules.MEETS, "confirmed": "1"},
        )
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).predikat == rules.BAIK
    note = Notification.objects.get(recipient=employee)
    assert (note.email_requested, note.emailed_at) == (True, None)
    assert mail.outbox == []
    page = client_for(employee).get(reverse("core:notifications"))
    assert page.status_code == 200
    assert note.subject in page.content.decode()
    assert client_for(employee).get(reverse("dashboard:home")).status_code == 200
    login = Client().post(reverse("login"), {"username": "hr-down", "password": "sandi-rahasia-123"})
    assert login.status_code == 302


@pytest.mark.django_db
def test_with_redis_down_healthz_answers_503_for_the_broker(redis_down, anonymous):
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "error"}


@pytest.mark.django_db(transaction=True)
def test_emails_owed_while_redis_was_down_are_sent_once_it_is_back(redis_worker, monkeypatch):
    recipient = UserFactory(username="penerima")
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_BROKER)
    _reset_celery_connections()
    note = services.notification_send(recipient=recipient, subject="Penilaian tersedia", body="Lihat SKP.")
    assert Notification.objects.get(pk=note.pk).emailed_at is None
    assert mail.outbox == []

    monkeypatch.setattr(celery_app.conf, "broker_url", REDIS_URL)  # Redis is back
    _reset_celery_connections()
    sent = deliver_owed_notification_emails.apply_async(kwargs={"older_than_seconds": 0}, queue=redis_worker)
    assert sent.get(timeout=20) == 1
    assert [m.subject for m in mail.outbox] == ["Penilaian tersedia"]
    again = deliver_owed_notification_emails.apply_async(kwargs={"older_than_seconds": 0}, queue=redis_worker)
    assert again.get(timeout=20) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_notifications_to_their_own_task(employee):
    services.notification_send(recipient=employee, subject="Baru saja", body="")
    assert services.notification_emails_owed_deliver() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_sweep_is_registered_with_beat():
    from semarang_asn.core.tasks import PERIODIC_TASKS

    assert [t["task"] for t in PERIODIC_TASKS] == [deliver_owed_notification_emails.name]


# --- The same task delivered twice ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_email_task_delivered_twice_sends_one_email(redis_worker):
    recipient = UserFactory(username="penerima2")
    note = Notification.objects.create(recipient=recipient, subject="Sekali saja", email_requested=True)
    first = deliver_notification_email.apply_async(args=[note.pk], queue=redis_worker)
    second = deliver_notification_email.apply_async(args=[note.pk], queue=redis_worker)
    assert [first.get(timeout=20), second.get(timeout=20)] == [True, False]
    assert [m.subject for m in mail.outbox] == ["Sekali saja"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two deliveries at once need row locks")
def test_two_deliveries_of_one_email_at_the_same_moment_send_it_once():
    recipient = UserFactory(username="penerima3")
    note = Notification.objects.create(recipient=recipient, subject="Bersamaan", email_requested=True)
    barrier = threading.Barrier(2)
    results = []

    def deliver():
        barrier.wait()
        try:
            results.append(services.notification_deliver_email(notification_id=note.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_periodic_reminder_run_twice_notifies_once(employee):
    for _ in range(2):
        services.notification_send(recipient=employee, subject="Pengingat", dedup_key="reminder-1", email=False)
    assert Notification.objects.filter(recipient=employee, dedup_key="reminder-1").count() == 1


# --- Two HR users save the same record ------------------------------------------------------


def _opened_form(client, url) -> dict:
    """What the browser would post back unchanged: every field's current value."""
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="version"' in page.content.decode()
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        data[name] = "on" if value is True else value
    return data


@pytest.fixture
def two_hr(db):
    from semarang_asn.core import roles

    first = UserFactory(username="hr-satu", groups=[roles.HR])
    second = UserFactory(username="hr-dua", groups=[roles.HR])
    return Client(), Client(), first, second


@pytest.mark.django_db
def test_the_second_of_two_hr_users_editing_an_employee_is_told_and_overwrites_nothing(two_hr, employee_record):
    a, b, first, second = two_hr
    a.force_login(first)
    b.force_login(second)
    url = reverse("positions:employee_edit", args=[employee_record.pk])
    form_a, form_b = _opened_form(a, url), _opened_form(b, url)

    assert a.post(url, {**form_a, "name": "Nama Dari HR Satu"}).status_code == 302
    response = b.post(url, {**form_b, "education": "S2"})

    assert response.status_code == 400
    assert "sudah diubah oleh pengguna lain" in response.content.decode()
    employee_record.refresh_from_db()
    assert (employee_record.name, employee_record.education) == ("Nama Dari HR Satu", "S1")
    # After reloading, the second user's change goes through.
    assert b.post(url, {**_opened_form(b, url), "education": "S2"}).status_code == 302
    employee_record.refresh_from_db()
    assert (employee_record.name, employee_record.education) == ("Nama Dari HR Satu", "S2")


@pytest.mark.django_db
def test_a_rank_given_meanwhile_does_not_make_an_open_employee_form_stale(two_hr, employee_record):
    """The stored current rank is derived from the history: refreshing it is not an edit of the
    employee, so a form opened before the promotion still saves."""
    from positions import services
    from positions.models import Rank

    a, _, first, _ = two_hr
    a.force_login(first)
    url = reverse("positions:employee_edit", args=[employee_record.pk])
    opened = _opened_form(a, url)
    before = employee_record.current_rank_id
    services.rank_history_add(
        employee=employee_record, rank=Rank.objects.get(code="III/b"), tmt=dt.date(2022, 4, 1), actor=first
    )
    employee_record.refresh_from_db()
    assert employee_record.current_rank_id != before

    assert a.post(url, {**opened, "education": "S2"}).status_code == 302
    employee_record.refresh_from_db()
    assert employee_record.education == "S2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "obj", "field", "first_value", "second_value"),
    [
        ("positions:position_edit", "staff", "title", "Pengolah Data Kepegawaian", "Pengolah Data Keuangan"),
        ("positions:orgunit_edit", "bidang", "name", "Bidang Kesatu", "Bidang Pertama"),
        ("positions:discipline_edit", "discipline", "sanction", "Teguran tertulis", "Pernyataan tidak puas"),
        ("positions:assignment_edit", "assignment", "decree_number", "821/1/2020", "821/2/2020"),
        ("positions:rank_edit", "rank", "decree_number", "823/1/2018", "823/2/2018"),
    ],
)
def test_the_second_of_two_hr_users_editing_a_position_unit_sanction_assignment_or_rank_is_told(
    two_hr, org, employee_record, name, obj, field, first_value, second_value
):
    from positions.models import DisciplinaryRecord

    org = {
        **org,
        "discipline": DisciplinaryRecord.objects.create(
            employee=employee_record, level="ringan", sanction="Teguran lisan", decided_on=dt.date(2024, 1, 10),
            start_date=dt.date(2024, 1, 10),
        ),
        "assignment": employee_record.assignments.get(),
        "rank": employee_record.rank_history.get(),
    }  # fmt: skip
    a, b, first, second = two_hr
    a.force_login(first)
    b.force_login(second)
    url = reverse(name, args=[org[obj].pk])
    form_a, form_b = _opened_form(a, url), _opened_form(b, url)
    why = {"reason": "Perbaikan data"}  # the correction forms ask for a reason; others ignore it
    assert a.post(url, {**form_a, **why, field: first_value}).status_code == 302
    response = b.post(url, {**form_b, **why, field: second_value})
    assert response.status_code == 400
    assert "sudah diubah oleh pengguna lain" in response.content.decode()
    org[obj].refresh_from_db()
    assert getattr(org[obj], field) == first_value


@pytest.mark.django_db
def test_the_second_of_two_hr_users_editing_a_vacancy_draft_is_told_even_when_only_a_stage_changed(
    two_hr, org, hr_staff
):
    """The vacancy form edits the vacancy and its stages: a change to a stage's date alone
    (the vacancy row untouched) still makes the second save stale."""
    from django.utils import timezone

    from tests.assessments.conftest import make_vacancy

    today = timezone.localdate()
    draft = make_vacancy(
        PositionFactory(code="P-SEK", title="Analis Kebijakan Ahli Madya", org_unit=org["opd"], type="JF",
                        level="ahli_madya", kelas_jabatan=12, reports_to=org["head"]),
        hr_staff, opens=today + dt.timedelta(days=10), closes=today + dt.timedelta(days=30),
    )  # fmt: skip
    a, b, first, second = two_hr
    a.force_login(first)
    b.force_login(second)
    url = reverse("assessments:hr_edit", args=[draft.pk])
    form_a, form_b = _opened_form(a, url), _opened_form(b, url)
    for form in (form_a, form_b):
        form["position"] = draft.position.code  # the picker posts the seat's code
    interview_on = today + dt.timedelta(days=60)
    assert a.post(url, {**form_a, "date_interview": interview_on.isoformat()}).status_code == 302
    response = b.post(url, {**form_b, "title": "Judul Dari HR Dua"})

    assert response.status_code == 400
    assert "sudah diubah oleh pengguna lain" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Seleksi Terbuka Analis Kebijakan Ahli Madya"
    assert draft.stages.get(kind="interview").scheduled_on == interview_on
    # After reloading, the second user's change goes through and keeps the first one's.
    reloaded = {**_opened_form(b, url), "position": draft.position.code, "title": "Judul Dari HR Dua"}
    assert b.post(url, reloaded).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Judul Dari HR Dua"
    assert draft.stages.get(kind="interview").scheduled_on == interview_on


def _edit_target(name: str, employee_record):
    """The URL and the field two HR users change at once, per edit form."""
    if name == "positions:employee_edit":
        return reverse(name, args=[employee_record.pk]), "name"
    return reverse(name, args=[employee_record.assignments.get().pk]), "decree_number"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="true simultaneity needs row locks")
@pytest.mark.parametrize("name", ["positions:employee_edit", "positions:assignment_edit"])
def test_two_hr_users_saving_at_the_same_instant_one_wins_and_the_other_is_told(two_hr, employee_record, name):
    a, b, first, second = two_hr
    a.force_login(first)
    b.force_login(second)
    url, field = _edit_target(name, employee_record)
    why = {"reason": "Perbaikan data"}
    posts = [
        (a, {**_opened_form(a, url), **why, field: "Versi A"}),
        (b, {**_opened_form(b, url), **why, field: "Versi B"}),
    ]
    barrier = threading.Barrier(2)
    statuses = {}

    def save(client, data):
        barrier.wait()
        try:
            statuses[data[field]] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=post) for post in posts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses.values()) == [302, 400]
    winner = next(value for value, status in statuses.items() if status == 302)
    stored = employee_record if name == "positions:employee_edit" else employee_record.assignments.get()
    stored.refresh_from_db()
    assert getattr(stored, field) == winner


# --- SQLite "database is locked" ------------------------------------------------------------


def _sqlite(path, **options) -> RetryingSQLite:
    handler = ConnectionHandler(
        {"default": {"ENGINE": "semarang_asn.core.sqlite", "NAME": str(path), "OPTIONS": options}}
    )
    wrapper = RetryingSQLite(handler.settings["default"], alias="drill")
    wrapper.lock_backoff_seconds = 0.1
    return wrapper


def _write(wrapper, value: str) -> None:
    wrapper.ensure_connection()
    wrapper._start_transaction_under_autocommit()  # what transaction.atomic() does on SQLite
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO t (v) VALUES (%s)", [value])
    wrapper.commit()


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file database of its own (the embedded default is a file), outside the test DB."""
    path = tmp_path / "embedded.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (v TEXT)")
    with django_db_blocker.unblock():
        yield path


def _hold_write_lock(path, seconds: float) -> threading.Thread:
    """Another process writing: a write transaction open for ``seconds``."""
    locked = threading.Event()

    def hold():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (v) VALUES ('other')")
        locked.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait()
    return thread


def test_a_write_that_meets_database_is_locked_is_retried_and_succeeds(sqlite_file):
    wrapper = _sqlite(sqlite_file, timeout=0.05, transaction_mode="IMMEDIATE")
    holder = _hold_write_lock(sqlite_file, 0.4)
    _write(wrapper, "ours")
    holder.join()
    wrapper.close()
    with sqlite3.connect(sqlite_file) as db:
        assert sorted(v for (v,) in db.execute("SELECT v FROM t")) == ["other", "ours"]


def test_without_the_retry_the_same_write_fails_with_database_is_locked(sqlite_file):
    wrapper = _sqlite(sqlite_file, timeout=0.05, transaction_mode="IMMEDIATE")
    wrapper.lock_retries = 0
    holder = _hold_write_lock(sqlite_file, 0.4)
    with pytest.raises(OperationalError, match="locked"):
        _write(wrapper, "ours")
    holder.join()
    wrapper.close()


def test_two_writers_on_the_embedded_database_both_commit(sqlite_file):
    """BEGIN IMMEDIATE: the second writer queues for the lock instead of failing on the
    read-to-write upgrade, as DEFERRED transactions do."""
    errors = []

    def writer(value):
        wrapper = _sqlite(sqlite_file, timeout=5, transaction_mode="IMMEDIATE")
        try:
            wrapper.ensure_connection()
            wrapper._start_transaction_under_autocommit()
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t")
                time.sleep(0.2)
                cursor.execute("INSERT INTO t (v) VALUES (%s)", [value])
            wrapper.commit()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            wrapper.close()

    threads = [threading.Thread(target=writer, args=(v,)) for v in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sqlite3.connect(sqlite_file) as db:
        assert db.execute("SELECT count(*) FROM t").fetchone() == (2,)


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the embedded default only")
def test_the_embedded_default_queues_writers_and_retries():
    options = connection.settings_dict["OPTIONS"]
    assert connection.settings_dict["ENGINE"] == "semarang_asn.core.sqlite"
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
