"""Build a realistic Semarang for demos: OPD, positions, employees, history and logins.

Set-based and idempotent: running it twice inserts nothing the second time.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments import demo as assessments_demo
from performance import demo as performance_demo
from positions import current
from positions import demo as positions_demo
from positions.models import Assignment, Employee, OrgUnit
from semarang_asn.core import roles
from training import demo as training_demo


class Command(BaseCommand):
    help = "Isi data demo Kota Semarang (OPD, jabatan, pegawai, riwayat) dan akun demo per peran."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1500, help="Jumlah pegawai (bawaan 1500).")
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
        positions_demo.seed(employees=options["employees"], stdout=self.stdout)
        # The positions demo writes ranks and assignments in bulk: store every employee's
        # current rank/position/OPD in one UPDATE (positions.current), as the importer does,
        # before the apps above read them. Later demos change them through the services.
        current.refresh()
        if make_logins:
            self._logins(options["password"])
        # Apps above positions add their history, in layer order.
        training_demo.seed(stdout=self.stdout)
        performance_demo.seed(stdout=self.stdout)
        assessments_demo.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {time.monotonic() - started:.1f} detik."))

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
