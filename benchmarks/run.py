"""Benchmarks for the targets that tests do not time (`make bench`).

Builds Semarang at its real size (15,000 employees) in a dedicated database, then measures:
- seed_demo wall time (target: under 120 s on PostgreSQL);
- each main page and picker endpoint as the role that uses it: queries, median and p95 wall
  time over 20 requests
  (target: the same query count as at 1,500 employees, i.e. constant in the data size);
- set-based jobs (``JOBS``): opening an evaluation cycle for every employee, run twice.

Uses $BENCH_DATABASE_URL, else PostgreSQL at 127.0.0.1 (databases semarang_bench_<size>, or
$BENCH_DB_PREFIX_<size> so parallel runs do not share them), else SQLite.
Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


USE_POSTGRES = not os.environ.get("BENCH_DATABASE_URL") and (
    subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0
)


def _fresh_database(n: int) -> str:
    """A new, empty database for one data size. With $BENCH_DATABASE_URL (PostgreSQL) that one
    database is dropped and created again for each size, so a shared server keeps to one name."""
    if os.environ.get("BENCH_DATABASE_URL"):
        url = os.environ["BENCH_DATABASE_URL"]
        if url.startswith("postgres"):
            name = url.rsplit("/", 1)[1]
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        return url
    if USE_POSTGRES:
        name = f"{os.environ.get('BENCH_DB_PREFIX', 'semarang_bench')}_{n}"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    path = ROOT / "var" / f"bench_{n}.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


os.environ["DATABASE_URL"] = _fresh_database(1500)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semarang_asn.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.eligibility import recompute_eligibility  # noqa: E402

settings.DEMO_LOGINS_ALLOWED = True
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1500,15000").split(","))


def pages() -> list[tuple[str, str]]:
    """(login, path) for each page measured; ids are looked up in the seeded data."""
    from positions.models import Employee, OrgUnit, Position

    pegawai = Employee.objects.get(user__username="pegawai")
    opd = OrgUnit.objects.get(code="DISDIK")
    position = Position.objects.get(code="BKPP.B2.S1")
    rows = [
        ("hr", "/"),
        ("hr", "/opd/"),
        ("hr", f"/opd/{opd.pk}/"),
        ("hr", f"/jabatan/{position.pk}/"),
        ("hr", "/pegawai/"),
        ("hr", "/pegawai/?q=Santoso"),
        ("hr", f"/pegawai/{pegawai.pk}/"),
        ("pegawai", "/"),
        ("pegawai", f"/pegawai/{pegawai.pk}/"),
        ("atasan", "/"),
    ]
    from assessments.models import Vacancy
    from performance.models import EvaluationCycle

    cycle = EvaluationCycle.objects.filter(status=EvaluationCycle.Status.OPEN).order_by("-period_end").first()
    evaluation = cycle.evaluations.get(employee=pegawai)
    vacancy = Vacancy.objects.order_by("pk").first()
    rows += [
        ("pegawai", "/kinerja/saya/"),
        ("pegawai", f"/kinerja/penilaian/{evaluation.pk}/"),
        ("atasan", "/kinerja/tim/"),
        ("hr", "/kinerja/siklus/"),
        ("hr", f"/kinerja/siklus/{cycle.pk}/"),
        ("hr", f"/kinerja/siklus/{cycle.pk}/monitoring-pengisian/"),
        ("hr", f"/kinerja/siklus/{cycle.pk}/monitoring-kurva/"),
        ("anon", "/seleksi/"),
        ("anon", f"/seleksi/{vacancy.pk}/"),
        ("hr", "/seleksi/kelola/"),
        ("hr", f"/seleksi/kelola/{vacancy.pk}/"),
        ("asesor", "/seleksi/pansel/"),
        ("ppk", "/seleksi/ppk/"),
        ("pegawai", "/kinerja/kelayakan/saya/"),
        ("hr", "/kinerja/kelayakan/"),
        ("hr", "/kinerja/talenta/"),
        ("hr", "/kinerja/talenta/kotak/9/"),
        ("hr", "/kinerja/suksesi/"),
        ("hr", "/dasbor-merit/"),
    ]
    # Searchable pickers (semarang_asn/core/pickers.py): one bounded request per keystroke pause.
    rows += [
        ("hr", "/pegawai/cari/?q=Santoso"),
        ("hr", "/pegawai/cari/?q=1985"),
        ("hr", "/jabatan/cari/?q=kepala+bidang"),
        ("hr", "/seleksi/kelola/cari-kursi/?q=kepala"),
        ("hr", "/seleksi/kelola/cari-asesor/?q=asesor"),
    ]
    # List pages with search, filters, sortable columns and pages.
    rows += [
        ("hr", "/jabatan/?ordering=-kosong"),
        ("hr", "/pegawai/?ordering=-nip"),
        ("hr", f"/kinerja/siklus/{cycle.pk}/penilai/?rater_state=none&ordering=opd"),
        ("hr", f"/seleksi/kelola/{vacancy.pk}/pelamar/"),
        ("hr", "/audit/?ordering=-waktu"),
        ("pegawai", "/notifikasi/"),
    ]
    from training.models import Certificate, Course

    course = Course.objects.get(code="MERIT-01")
    code = Certificate.objects.order_by("pk").values_list("code", flat=True).first()
    rows += [
        ("pegawai", "/pelatihan/"),
        ("pegawai", "/pelatihan/?q=kepemimpinan"),
        ("pegawai", f"/pelatihan/kursus/{course.pk}/"),
        ("pegawai", "/pelatihan/saya/"),
        ("pegawai", "/pelatihan/rekomendasi/"),
        ("hr", "/pelatihan/kelola/kepatuhan/"),
        ("hr", "/pelatihan/kelola/kepatuhan/?year=2026&under=on"),
        ("hr", "/pelatihan/kelola/eksternal/"),
        ("anon", f"/pelatihan/verifikasi/{code}/"),
    ]
    return rows


def jp_reminders_for_everyone() -> str:
    """The monthly JP reminder to every employee under target, run twice (idempotent)."""
    import datetime as dt

    from training import services

    day = dt.date(dt.date.today().year, 12, 1)
    first = services.jp_reminders_send(today=day)
    again = services.jp_reminders_send(today=day)
    return f"{first} reminders sent; a second run sent {again}"


def open_cycle_for_everyone() -> str:
    """Open a new annual cycle: one evaluation and seven perilaku rows per active employee."""
    import datetime as dt

    from performance import services

    cycle = services.cycle_create(
        actor=None,
        name="Benchmark 2027",
        kind="annual",
        year=2027,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        open_date=dt.date(2027, 1, 2),
        rating_deadline=dt.date(2028, 1, 31),
        objection_deadline=dt.date(2028, 2, 14),
    )
    created = services.cycle_open(cycle=cycle, actor=None, on=dt.date.today())
    again = services.cycle_open(cycle=cycle, actor=None, on=dt.date.today())
    return f"{created} evaluations opened; a second run created {again}"


JOBS = {
    "performance.cycle_open": open_cycle_for_everyone,
    "training.jp_reminders": jp_reminders_for_everyone,
    "performance.eligibility_recompute": recompute_eligibility,
}


RUNS = 20


def measure_page(client: Client, path: str) -> tuple[int, int, float, float]:
    client.get(path)  # warm caches
    times = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    return response.status_code, len(ctx.captured_queries), statistics.median(times), p95


def run_size(n: int) -> dict:
    out = {"employees": n}
    started = time.perf_counter()
    log = io.StringIO()
    call_command("seed_demo", "--employees", str(n), stdout=log)
    out["seed_log"] = log.getvalue()
    print(out["seed_log"])
    out["seed_seconds"] = round(time.perf_counter() - started, 1)
    clients: dict[str, Client] = {}
    results = []
    for login, path in pages():
        if login not in clients:
            clients[login] = Client()
            if login != "anon":
                clients[login].force_login(get_user_model().objects.get(username=login))
        status, queries, ms, p95 = measure_page(clients[login], path)
        results.append(
            {
                "login": login,
                "path": path,
                "status": status,
                "queries": queries,
                "median_ms": round(ms, 1),
                "p95_ms": round(p95, 1),
            }
        )
    out["pages"] = results
    jobs = {}
    for name, job in JOBS.items():
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            detail = job()
            jobs[name] = {
                "seconds": round(time.perf_counter() - started, 2),
                "queries": len(ctx.captured_queries),
                "detail": detail["detail"] if isinstance(detail, dict) else detail,
            }
            if isinstance(detail, dict):
                jobs[name]["figures"] = detail
    out["jobs"] = jobs
    return out


def _switch_database(url: str) -> None:
    import environ

    connection.close()
    connection.settings_dict.update(
        {k: v for k, v in environ.Env.db_url_config(url).items() if k in ("NAME", "ENGINE")}
    )


def main() -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    report = []
    for n in SIZES:
        if n != SIZES[0]:
            connection.close()  # so the one $BENCH_DATABASE_URL database can be dropped and created again
            _switch_database(_fresh_database(n))
            call_command("migrate", verbosity=0)
        report.append(run_size(n))
    small, large = report
    print(
        f"\nseed_demo: {small['seed_seconds']} s at {SIZES[0]:,}, {large['seed_seconds']} s at {SIZES[1]:,}"
        f" (target < 120 s)"
    )
    small_label, large_label = (f"{n / 1000:g}k" for n in SIZES)
    print(
        f"\n{'login':8} {'page':44} {'status':>6} {'q@' + small_label:>7} {'q@' + large_label:>7} "
        f"{'ms@' + large_label:>8} {'p95':>8}  constant?"
    )
    ok = True
    for a, b in zip(small["pages"], large["pages"], strict=True):
        same = a["queries"] == b["queries"]
        ok &= same and b["status"] == 200
        print(
            f"{b['login']:8} {b['path'][:44]:44} {b['status']:>6} {a['queries']:>7} {b['queries']:>7} "
            f"{b['median_ms']:>8} {b['p95_ms']:>8}  {'yes' if same else 'NO'}"
        )
    for name in large["jobs"]:
        a, b = small["jobs"][name], large["jobs"][name]
        print(
            f"job {name}: {a['seconds']} s / {a['queries']} q at {SIZES[0]:,}; "
            f"{b['seconds']} s / {b['queries']} q at {SIZES[1]:,}; {b['detail']}"
        )
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(report, indent=2, default=str))
    print("\nAll page query counts constant:", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
