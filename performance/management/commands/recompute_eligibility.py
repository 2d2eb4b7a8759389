"""python manage.py recompute_eligibility [--nip NIP]: the same recompute the Celery task runs."""

from django.core.management.base import BaseCommand, CommandError

from performance.eligibility import services
from positions.models import Employee


class Command(BaseCommand):
    help = "Hitung ulang kelayakan kenaikan pangkat, kesiapan jabatan, JP dan nine-box."

    def add_arguments(self, parser):
        parser.add_argument("--nip", help="Hanya pegawai dengan NIP ini.")

    def handle(self, *args, nip=None, **options):
        if nip:
            employee = Employee.objects.filter(nip=nip).first()
            if employee is None:
                raise CommandError(f"NIP {nip} tidak ditemukan.")
            services.eligibility_recompute_employees(employee_ids=[employee.pk])
            self.stdout.write(f"Kelayakan {employee.nip} {employee.name} dihitung ulang.")
            return
        snapshot = services.eligibility_recompute_all(progress=self.stdout.write)
        self.stdout.write(f"Selesai: {snapshot.employees} pegawai, {snapshot.results} hasil.")
