"""Build a realistic Semarang for demos: OPD, positions, employees, history and logins.

Set-based and idempotent: running it twice inserts nothing the second time.
"""

import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from assessments import demo as assessments_demo
from performance import demo as performance_demo
from positions import current
from positions import demo as positions_demo
from positions.models import Assignment, Employee, OrgUnit
from semarang_asn.core import roles
from semarang_asn.core.rows import gc_paused
from training import demo as training_demo

DEFAULT_EMPLOYEES = 1500


def _analyze(app_label: str) -> None:
    """ANALYZE the tables of one app just filled in bulk (PostgreSQL). Without statistics the
    planner takes a freshly filled table for a handful of rows and nests loops over it: at
    150,000 employees one query of the training demo (definitive holders by level) scanned
    the assignments once per position, 25 s of the seed, where it takes 0.1 s at 15,000."""
    if connection.vendor != "postgresql":
        return
    q = connection.ops.quote_name
    tables = [q(m._meta.db_table) for m in apps.get_app_config(app_label).get_models() if m._meta.managed]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


class Command(BaseCommand):
    help = "Isi data demo Kota Semarang (OPD, jabatan, pegawai, riwayat) dan akun demo per peran."

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            default=None,
            help=f"Jumlah pegawai kota demo baru (bawaan {DEFAULT_EMPLOYEES}). Kota demo yang sudah ada tidak diubah "
            "ukurannya: dengan jumlah lain perintah menolak.",
        )
        parser.add_argument(
            "--once", action="store_true", help="Lewati bila data demo sudah ada (dipakai oleh `make run`)."
        )
        parser.add_argument(
            "--allow-demo-logins",
            action="store_true",
            help="Buat akun demo walau DEBUG mati (jangan di produksi).",
        )
        parser.add_argument("--no-logins", action="store_true", help="Jangan buat akun demo.")
        parser.add_argument("--password", default=positions_demo.DEMO_PASSWORD, help="Kata sandi akun demo.")

    def handle(self, *args, **options):
        make_logins = not options["no_logins"]
        if make_logins and not (settings.DEBUG or settings.DEMO_LOGINS_ALLOWED or options["allow_demo_logins"]):
            raise CommandError(
                "DEBUG mati: akun demo tidak dibuat. Tambahkan --allow-demo-logins bila memang diinginkan, "
                "atau --no-logins untuk data saja."
            )
        if options["once"] and OrgUnit.objects.filter(code="SETDA").exists():
            self.stdout.write("Data demo sudah ada; dilewati.")
            return
        started = time.monotonic()
        # The layers build hundreds of thousands of small rows in Python and keep them until
        # written: the cyclic collector, walking every live container again and again, would
        # cost more than building them (semarang_asn.core.rows.gc_paused; layer by layer, so
        # it runs in between).
        with gc_paused():
            self._positions(options["employees"])
            # The positions demo writes ranks and assignments in bulk: store every employee's
            # current rank/position/OPD in one UPDATE (positions.current), as the importer does,
            # before the apps above read them. Later demos change them through the services.
            current.refresh()
        _analyze("positions")
        if make_logins:
            self._logins(options["password"])
        # Apps above positions add their history, in layer order; each layer's tables get
        # statistics before the next layer reads them.
        with gc_paused():
            training_demo.seed(stdout=self.stdout)
        _analyze("training")
        with gc_paused():
            performance_demo.seed(stdout=self.stdout)
        _analyze("performance")
        assessments_demo.seed(stdout=self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner sees the demo's real size from the first request,
            # and (outside a transaction) VACUUM's visibility map, which autovacuum would write
            # on a live server: without it every index-only count reads the table too.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        active = Employee.objects.active().count()
        self.stdout.write(
            self.style.SUCCESS(f"Selesai dalam {time.monotonic() - started:.1f} detik: {active} pegawai aktif.")
        )

    def _positions(self, employees: int | None) -> None:
        """Build the city, or say plainly that the existing one stays as it is: its formasi was
        sized for its own headcount, so adding people to reach another size would only crowd
        the seats (and a bench would measure a city of a size nobody asked for)."""
        if not OrgUnit.objects.filter(code="SETDA").exists():
            positions_demo.seed(employees=DEFAULT_EMPLOYEES if employees is None else employees, stdout=self.stdout)
            return
        active = Employee.objects.active().count()
        if employees is not None and employees != active:
            raise CommandError(
                f"Data demo sudah ada dengan {active} pegawai aktif; seed_demo tidak menambah atau mengurangi "
                f"pegawai untuk mencapai {employees}. Untuk ukuran lain pakai basis data kosong (dropdb, createdb, "
                "migrate), atau jalankan tanpa --employees untuk melengkapi data demo yang ada."
            )
        self.stdout.write(f"Data demo sudah ada dengan {active} pegawai aktif; tidak ada pegawai yang ditambah.")

    @transaction.atomic
    def _logins(self, password: str) -> None:
        """admin, hr, atasan (a supervisor with staff), kabid (atasan's superior), pegawai (one of
        atasan's staff), asesor, ppk."""
        User = get_user_model()
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_GROUPS}
        supervisor_assignment = (
            Assignment.objects.active_on()
            .filter(kind="definitive", position__code=positions_demo.DEMO_SUPERVISOR_POSITION)
            .select_related("employee", "position")
            .first()
        )
        staff = (
            Assignment.objects.active_on()
            .filter(kind="definitive", position__reports_to=supervisor_assignment.position)
            .select_related("employee")
            .order_by("employee__nip")
        )
        # atasan's own superior (the Atasan Pejabat Penilai who decides objections).
        superior = (
            Assignment.objects.active_on()
            .filter(kind="definitive", position=supervisor_assignment.position.reports_to)
            .select_related("employee")
            .first()
        )
        hr_employee = (
            Assignment.objects.active_on()
            .filter(kind="definitive", position__org_unit__code="BKPP.B2", position__level="pelaksana")
            .exclude(employee__in=[a.employee for a in staff])
            .select_related("employee")
            .order_by("employee__nip")
            .first()
        )
        specs = [
            ("admin", "Administrator", "Sistem", [], None, True),
            ("hr", "Staf", "BKPP", [roles.HR, roles.EMPLOYEE], hr_employee.employee if hr_employee else None, False),
            ("atasan", "", "", [roles.EMPLOYEE], supervisor_assignment.employee, False),
            ("pegawai", "", "", [roles.EMPLOYEE], staff[0].employee, False),
            ("kabid", "", "", [roles.EMPLOYEE], superior.employee if superior else None, False),
            ("asesor", "Asesor", "Pansel", [roles.ASSESSOR], None, False),
            ("ppk", "Pejabat Pembina", "Kepegawaian", [roles.APPOINTING_OFFICIAL], None, False),
        ]
        for username, first, last, group_names, employee, superuser in specs:
            user, _ = User.objects.get_or_create(username=username)
            if employee is not None:
                Employee.objects.filter(user=user).exclude(pk=employee.pk).update(user=None)
                employee.user = user
                employee.save(update_fields=["user"])
                first, last = employee.name.split(" ", 1)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.semarangkota.go.id"
            user.is_staff = user.is_superuser = superuser
            user.set_password(password)
            user.save()
            user.groups.set([groups[g] for g in group_names])
        self.stdout.write(f"Akun demo (kata sandi: {password}): admin, hr, atasan, kabid, pegawai, asesor, ppk")
