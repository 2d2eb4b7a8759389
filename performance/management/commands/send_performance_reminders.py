import datetime as dt

from django.core.management.base import BaseCommand

from performance import services


class Command(BaseCommand):
    help = "Kirim pengingat kepada pejabat penilai (H-n sebelum batas penilaian). Aman dijalankan berulang."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD); bawaan hari ini.")

    def handle(self, *args, **options):
        result = services.reminders_send(today=options["date"])
        self.stdout.write(f"{self.help.split('.')[0]}: {result}")
