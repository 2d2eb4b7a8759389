import datetime as dt

from django.core.management.base import BaseCommand

from performance import services


class Command(BaseCommand):
    help = (
        "Alihkan penilaian yang kursi pejabat penilainya kosong ke pemegang jabatan berikutnya ke atas. "
        "Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="Tanggal acuan (YYYY-MM-DD); bawaan hari ini.")

    def handle(self, *args, **options):
        moved = services.raters_follow_vacated_seats(today=options["date"])
        self.stdout.write(f"Penilaian yang dialihkan: {moved}")
