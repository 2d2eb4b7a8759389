import datetime as dt

from django.core.management.base import BaseCommand

from training import services


class Command(BaseCommand):
    help = (
        "Ingatkan pegawai yang JP-nya tahun ini di bawah 20 JP (mulai Juli, sekali sebulan). Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD); bawaan hari ini.")

    def handle(self, *args, **options):
        sent = services.jp_reminders_send(today=options["date"])
        self.stdout.write(f"Pengingat 20 JP terkirim: {sent}")
