"""Demo catalogue and a year of learning for the training app: about 30 courses
(leadership, technical, socio-cultural, the merit system itself) with lessons and quizzes,
completions spread over the last twelve months so that some OPD are under the 20 JP target,
a socialisation material and a few external submissions. Idempotent and set-based: courses
are found by code, and the history is written once, in bulk. Demo completions are written as
migrated data (like performance's history), without per-row audit records."""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from positions.models import Assignment, Competency, Employee
from semarang_asn.core.documents import VerifiableDocument, render_pdf
from semarang_asn.core.rows import copy_rows

from . import ledger
from .models import (
    Certificate,
    Course,
    CourseCompetency,
    CourseMandatoryLevel,
    Enrollment,
    ExternalTraining,
    JpCredit,
    Lesson,
    LessonProgress,
    Option,
    Question,
    QuizAttempt,
    SocialisationAck,
    SocialisationMaterial,
)

# code, title, JP, modality, provider, leadership, mandatory levels, competencies (code, level), summary,
# three lesson titles, one course-specific question (text, right, wrong, wrong).
COURSES = [
    ("PKP-2026-1", "Pelatihan Kepemimpinan Pengawas (PKP) Angkatan I", 60, "classical", "bpsdm_jateng", "PKP",
     ["pengawas"], [("M.04", 2), ("M.06", 2), ("M.08", 2)],
     "Pelatihan kepemimpinan bagi pejabat pengawas: mengelola pelaksanaan kegiatan dan memimpin tim kerja.",
     ["Kepemimpinan pelayanan", "Manajemen kinerja tim", "Aksi perubahan kinerja"],
     ("Untuk jenjang apa PKP dipersyaratkan?", "Pengawas", "Administrator", "JPT Pratama")),
    ("PKA-2026-1", "Pelatihan Kepemimpinan Administrator (PKA) Angkatan I", 70, "classical", "bpsdm_jateng", "PKA",
     ["administrator"], [("M.04", 3), ("M.07", 3), ("M.08", 3)],
     "Pelatihan kepemimpinan bagi pejabat administrator: memimpin perubahan dan mengelola program.",
     ["Kepemimpinan kinerja", "Inovasi dan manajemen perubahan", "Proyek perubahan"],
     ("Untuk jenjang apa PKA dipersyaratkan?", "Administrator", "Pengawas", "Pelaksana")),
    ("PKN2-2026-1", "Pelatihan Kepemimpinan Nasional Tingkat II", 80, "classical", "lan", "PKN_II",
     ["jpt_pratama"], [("M.07", 4), ("M.08", 4), ("SK.01", 4)],
     "Pelatihan kepemimpinan strategis bagi pejabat pimpinan tinggi pratama, diselenggarakan LAN RI.",
     ["Kepemimpinan strategis", "Tata kelola kolaboratif", "Proyek perubahan strategis"],
     ("PKN Tingkat II dipersyaratkan untuk jabatan…", "JPT Pratama", "Pengawas", "Administrator")),
    ("MERIT-01", "Sistem Merit: Apa Artinya bagi ASN Kota Semarang", 2, "elearning", "bkpp", "", [],
     [("M.01", 2), ("M.07", 2)],
     "Delapan aspek sistem merit dan bagaimana keputusan kepegawaian kini didasarkan pada kompetensi dan kinerja.",
     ["Mengapa sistem merit", "Delapan aspek penilaian sistem merit", "Peran Anda dalam sistem merit"],
     ("Dasar keputusan karier dalam sistem merit adalah…", "Kualifikasi, kompetensi dan kinerja",
      "Masa kerja saja", "Kedekatan dengan pimpinan")),
    ("MERIT-02", "Manajemen Talenta dan Kotak Sembilan", 4, "elearning", "bkpp", "", [],
     [("M.06", 3), ("M.08", 2)],
     "Pemetaan talenta berdasarkan kinerja dan potensi, kelompok rencana suksesi, dan tindak lanjutnya.",
     ["Kinerja dan potensi", "Membaca kotak sembilan", "Rencana suksesi"],
     ("Kotak berapa yang termasuk kelompok rencana suksesi?", "7, 8 dan 9", "1, 2 dan 3", "4, 5 dan 6")),
    ("MERIT-03", "Seleksi Terbuka JPT yang Objektif", 6, "virtual", "bkpp", "", [],
     [("M.01", 3), ("M.08", 3)],
     "Tahapan seleksi terbuka, panitia seleksi, penilaian yang bebas benturan kepentingan, dan pengumuman hasil.",
     ["Panitia seleksi dan kode etik", "Tahapan dan bobot penilaian", "Mengumumkan hasil secara terbuka"],
     ("Berapa nama terbaik yang diusulkan kepada PPK per jabatan?", "Tiga", "Satu", "Lima")),
    ("SKP-01", "Menyusun SKP dan Dialog Kinerja", 4, "elearning", "bkpp", "", [],
     [("M.04", 2), ("M.03", 2)],
     "Menyusun hasil kerja dan perilaku kerja BerAKHLAK, serta dialog kinerja dengan atasan.",
     ["Hasil kerja utama dan tambahan", "Perilaku kerja BerAKHLAK", "Dialog kinerja dan umpan balik"],
     ("Predikat bila hasil kerja dan perilaku kerja sama-sama di atas ekspektasi?", "Sangat Baik", "Baik",
      "Butuh Perbaikan")),
    ("ETIKA-01", "Integritas dan Pencegahan Korupsi bagi ASN", 6, "elearning", "bkpp", "", [],
     [("M.01", 3)],
     "Nilai integritas, gratifikasi, benturan kepentingan dan pelaporan harta kekayaan.",
     ["Memahami gratifikasi", "Benturan kepentingan", "LHKPN dan LHKASN"],
     ("Apa yang dilakukan ASN saat menerima gratifikasi?", "Melaporkannya sesuai ketentuan",
      "Menyimpannya bila nilainya kecil", "Membaginya dengan rekan kerja")),
    ("BERAKHLAK-01", "Core Values ASN BerAKHLAK", 3, "elearning", "bkpp", "", [],
     [("M.02", 2), ("M.05", 2), ("SK.01", 2)],
     "Tujuh nilai dasar ASN: Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.",
     ["Berorientasi pelayanan dan akuntabel", "Kompeten, harmonis dan loyal", "Adaptif dan kolaboratif"],
     ("Huruf “A” pertama dalam BerAKHLAK berarti…", "Akuntabel", "Aktif", "Amanah")),
    ("LAYANAN-01", "Standar Pelayanan Publik dan Survei Kepuasan Masyarakat", 8, "virtual", "bkpp", "", [],
     [("M.05", 3)],
     "Menyusun standar pelayanan, maklumat pelayanan dan mengolah survei kepuasan masyarakat.",
     ["Komponen standar pelayanan", "Maklumat pelayanan", "Mengolah survei kepuasan"],
     ("Survei kepuasan masyarakat bertujuan…", "Mengukur kualitas layanan untuk perbaikan",
      "Menilai kinerja individu", "Menentukan tunjangan")),
    ("LAYANAN-02", "Pelayanan Prima di Mal Pelayanan Publik", 6, "classical", "bkpp", "", [],
     [("M.05", 2), ("M.03", 2)],
     "Sikap, komunikasi dan penanganan pengaduan di loket pelayanan terpadu.",
     ["Sikap melayani", "Komunikasi di loket", "Menangani pengaduan"],
     ("Langkah pertama menangani pengaduan adalah…", "Mendengarkan dan mencatat keluhan", "Menyalahkan sistem",
      "Meminta warga datang lagi")),
    ("KOM-01", "Komunikasi Efektif dan Penulisan Naskah Dinas", 8, "elearning", "bkpp", "", [],
     [("M.03", 3)],
     "Menulis surat, nota dinas dan laporan sesuai tata naskah dinas, serta komunikasi lisan yang efektif.",
     ["Jenis naskah dinas", "Menulis ringkas dan jelas", "Presentasi yang meyakinkan"],
     ("Naskah dinas untuk komunikasi internal antarpejabat adalah…", "Nota dinas", "Surat kuasa", "Pengumuman")),
    ("KOLAB-01", "Kerja Sama Tim Lintas OPD", 4, "virtual", "bkpp", "", [],
     [("M.02", 3)],
     "Membangun kolaborasi antar-OPD untuk program prioritas kota.",
     ["Peran dalam tim", "Koordinasi lintas OPD", "Menyelesaikan konflik"],
     ("Kolaborasi lintas OPD paling efektif bila…", "Tujuan dan peran disepakati bersama",
      "Satu OPD bekerja sendiri", "Rapat tanpa notulen")),
    ("COACH-01", "Coaching dan Mentoring bagi Atasan", 8, "virtual", "bkpp", "", [],
     [("M.06", 3)],
     "Teknik coaching GROW dan mentoring untuk mengembangkan bawahan.",
     ["Model GROW", "Bertanya yang memberdayakan", "Rencana pengembangan individu"],
     ("Huruf G dalam model GROW berarti…", "Goal", "Guide", "Grade")),
    ("UBAH-01", "Mengelola Perubahan dan Inovasi Pelayanan", 6, "elearning", "bkpp", "", [],
     [("M.07", 3)],
     "Mengatasi penolakan terhadap perubahan dan merancang inovasi pelayanan publik.",
     ["Mengapa orang menolak perubahan", "Merancang inovasi", "Mengukur hasil inovasi"],
     ("Cara terbaik mengurangi penolakan terhadap perubahan adalah…", "Melibatkan dan menjelaskan manfaatnya",
      "Memaksakan tanpa penjelasan", "Menunda selamanya")),
    ("KEP-01", "Pengambilan Keputusan Berbasis Data", 6, "elearning", "bkpp", "", [],
     [("M.08", 3), ("M.04", 2)],
     "Memakai data dan analisis sederhana untuk keputusan yang dapat dipertanggungjawabkan.",
     ["Merumuskan masalah", "Membaca data", "Memilih dan mempertanggungjawabkan keputusan"],
     ("Keputusan yang baik didasarkan pada…", "Data dan analisis alternatif", "Kebiasaan lama",
      "Suara terbanyak saja")),
    ("SK-01", "Perekat Bangsa: Moderasi dan Keberagaman", 4, "elearning", "bkpp", "", [],
     [("SK.01", 3)],
     "Menghargai keberagaman dan menjaga persatuan dalam pelayanan kepada masyarakat Semarang yang majemuk.",
     ["Keberagaman Kota Semarang", "Moderasi dalam pelayanan", "Mencegah diskriminasi"],
     ("Sikap ASN terhadap warga yang berbeda latar belakang…", "Melayani setara tanpa diskriminasi",
      "Mendahulukan yang dikenal", "Menolak melayani")),
    ("SK-02", "Wawasan Kebangsaan dan Bela Negara", 4, "virtual", "bpsdm_jateng", "", [],
     [("SK.01", 2)],
     "Empat konsensus dasar bangsa dan nilai bela negara dalam tugas ASN.",
     ["Empat konsensus dasar", "Nilai bela negara", "Aktualisasi dalam tugas"],
     ("Empat konsensus dasar bangsa meliputi Pancasila, UUD 1945, NKRI dan…", "Bhinneka Tunggal Ika",
      "Sumpah Pemuda", "Trisakti")),
    ("TEK-PBJ-01", "Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", 24, "classical", "other", "", [],
     [("M.01", 2)],
     "Persiapan ujian sertifikasi pengadaan: perencanaan, pemilihan penyedia dan kontrak.",
     ["Perencanaan pengadaan", "Pemilihan penyedia", "Pengelolaan kontrak"],
     ("Sistem elektronik untuk pengadaan pemerintah adalah…", "SPSE", "SIPD", "SIMPEG")),
    ("TEK-KEU-01", "Penatausahaan Keuangan Daerah dengan SIPD", 12, "virtual", "bkpp", "", [],
     [("M.04", 2)],
     "Alur anggaran, penatausahaan dan pertanggungjawaban keuangan daerah di SIPD.",
     ["Siklus anggaran daerah", "Penatausahaan di SIPD", "Laporan pertanggungjawaban"],
     ("SIPD dipakai untuk…", "Perencanaan dan penatausahaan keuangan daerah", "Absensi pegawai",
      "Penilaian kinerja")),
    ("TEK-ASET-01", "Pengelolaan Barang Milik Daerah", 8, "elearning", "other", "", [],
     [("M.04", 2)],
     "Inventarisasi, penilaian dan pemindahtanganan barang milik daerah.",
     ["Siklus barang milik daerah", "Inventarisasi", "Pemanfaatan dan penghapusan"],
     ("Kegiatan mendata barang milik daerah disebut…", "Inventarisasi", "Penganggaran", "Pengadaan")),
    ("TEK-ANJAB-01", "Analisis Jabatan dan Analisis Beban Kerja", 16, "virtual", "bkpp", "", [],
     [("M.04", 3), ("M.08", 2)],
     "Menyusun Anjab dan ABK untuk menghitung kebutuhan pegawai dan kelas jabatan.",
     ["Uraian tugas dan syarat jabatan", "Menghitung beban kerja", "Formasi dan bezetting"],
     ("Kebutuhan pegawai dihitung dari…", "Beban kerja dibagi waktu kerja efektif", "Jumlah meja",
      "Jumlah pegawai tahun lalu")),
    ("TEK-DATA-01", "Satu Data Semarang dan Statistik Sektoral", 8, "elearning", "bkpp", "", [],
     [("M.08", 2)],
     "Prinsip Satu Data Indonesia, metadata, dan publikasi data sektoral OPD.",
     ["Prinsip Satu Data", "Metadata dan kualitas data", "Publikasi data sektoral"],
     ("Salah satu prinsip Satu Data adalah…", "Data memiliki metadata", "Data disimpan di komputer pribadi",
      "Setiap OPD memakai kode sendiri")),
    ("TEK-SIBER-01", "Keamanan Informasi bagi ASN", 4, "elearning", "other", "", [],
     [("M.01", 2)],
     "Mengenali phishing, menjaga kata sandi dan melindungi data pribadi warga.",
     ["Mengenali phishing", "Kata sandi dan autentikasi", "Perlindungan data pribadi"],
     ("Tanda umum e-mail phishing adalah…", "Meminta kata sandi lewat tautan mendesak", "Berasal dari rekan satu meja",
      "Berisi undangan rapat resmi")),
    ("TEK-SPBE-01", "Transformasi Digital dan SPBE", 8, "virtual", "lan", "", [],
     [("M.07", 2)],
     "Arsitektur SPBE, layanan digital terpadu dan peran OPD.",
     ["Arsitektur SPBE", "Layanan digital terpadu", "Indeks SPBE"],
     ("SPBE adalah singkatan dari…", "Sistem Pemerintahan Berbasis Elektronik", "Sistem Pelayanan Bersama Elektronik",
      "Standar Pengadaan Barang Elektronik")),
    ("TEK-PERENC-01", "Perencanaan Pembangunan Daerah dan Penyusunan Renja", 12, "classical", "bkpp", "", [],
     [("M.04", 3)],
     "RPJMD, Renstra dan Renja OPD, serta keterkaitannya dengan anggaran.",
     ["RPJMD dan Renstra", "Menyusun Renja", "Indikator kinerja"],
     ("Dokumen perencanaan tahunan OPD adalah…", "Renja", "RPJPD", "RPJMN")),
    ("TEK-KES-01", "Manajemen Puskesmas dan Mutu Layanan Kesehatan", 16, "virtual", "other", "", [],
     [("M.05", 3)],
     "Lokakarya mini, akreditasi dan mutu layanan puskesmas.",
     ["Lokakarya mini puskesmas", "Standar akreditasi", "Keselamatan pasien"],
     ("Lokakarya mini puskesmas diadakan untuk…", "Merencanakan dan memantau kegiatan", "Memilih kepala puskesmas",
      "Menentukan tarif")),
    ("TEK-DIK-01", "Kepemimpinan Kepala Sekolah dan Pengawas Sekolah", 16, "virtual", "bpsdm_jateng", "", [],
     [("M.06", 3)],
     "Supervisi akademik, perencanaan berbasis data rapor pendidikan dan budaya sekolah.",
     ["Supervisi akademik", "Rapor pendidikan", "Budaya sekolah"],
     ("Supervisi akademik berfokus pada…", "Peningkatan mutu pembelajaran", "Pengadaan bangunan", "Keuangan sekolah")),
    ("TEK-LINDUNG-01", "Penegakan Perda dan Ketertiban Umum yang Humanis", 8, "classical", "bkpp", "", [],
     [("M.05", 2), ("SK.01", 2)],
     "Penegakan peraturan daerah oleh Satpol PP dengan pendekatan persuasif.",
     ["Dasar hukum penegakan perda", "Pendekatan persuasif", "Dokumentasi dan pelaporan"],
     ("Penegakan perda yang humanis mendahulukan…", "Pendekatan persuasif", "Penyitaan", "Kekerasan")),
    ("TEK-KELURAHAN-01", "Tata Kelola Pemerintahan Kecamatan dan Kelurahan", 12, "virtual", "bkpp", "", [],
     [("M.05", 2), ("M.02", 2)],
     "Pelayanan administrasi, pemberdayaan masyarakat dan musrenbang di kecamatan dan kelurahan.",
     ["Pelayanan administrasi kependudukan", "Pemberdayaan masyarakat", "Musrenbang kelurahan"],
     ("Musrenbang kelurahan menghasilkan…", "Usulan prioritas pembangunan", "Daftar pegawai", "Nilai SKP")),
    ("TEK-EXCEL-01", "Mengolah Data Kepegawaian dengan Spreadsheet", 4, "elearning", "bkpp", "", [],
     [("M.04", 1)],
     "Rumus, tabel pivot dan validasi data untuk laporan kepegawaian.",
     ["Rumus dasar", "Tabel pivot", "Validasi data"],
     ("Fitur untuk meringkas data per kelompok adalah…", "Tabel pivot", "Ganti nama berkas", "Cetak layar")),
]  # fmt: skip

SHARED_QUESTION = (
    "Berapa JP pengembangan kompetensi minimal bagi setiap PNS dalam setahun?",
    "20 JP",
    "10 JP",
    "40 JP",
)

LESSON_BODY = """{summary}

### Tujuan pembelajaran
Setelah materi ini Anda dapat:
- menjelaskan pokok bahasan **{title_lower}**;
- menerapkannya dalam tugas sehari-hari di OPD Anda;
- mengenali contoh praktik baik di lingkungan Pemerintah Kota Semarang.

### Rangkuman
Materi ini bagian dari kursus *{course}*. Catat pertanyaan Anda dan diskusikan dengan atasan
dalam dialog kinerja berikutnya.
"""

SOCIALISATION_TITLE = "Sistem merit: apa artinya bagi Anda"
SOCIALISATION_BODY = """Pemerintah Kota Semarang menerapkan **sistem merit**: setiap keputusan kepegawaian
(pengisian jabatan, promosi, mutasi, pengembangan) didasarkan pada kualifikasi, kompetensi dan kinerja,
secara adil dan wajar, tanpa membedakan latar belakang.

### Apa yang berubah bagi Anda
- Jabatan lowong diisi melalui **seleksi terbuka** yang diumumkan di aplikasi ini.
- Kinerja Anda dinilai dari **SKP** yang disepakati bersama atasan.
- Anda berhak dan wajib mengikuti **paling sedikit 20 JP** pengembangan kompetensi setiap tahun.
- Rekomendasi pelatihan disusun dari selisih kompetensi Anda terhadap standar jabatan.

Tanyakan kepada BKPP bila ada yang belum jelas.
"""

# Share of an OPD's employees who take part, by a stable hash of the OPD code: some OPD
# stay well under target.
PARTICIPATION = [95, 85, 70, 45, 20]
# Course bundles a participant completes, by employee id: JP totals 22, 26, 20, 12 and 6.
BUNDLES = [
    ["MERIT-01", "ETIKA-01", "KOM-01", "SKP-01", "TEK-SIBER-01"],
    ["TEK-PBJ-01", "MERIT-01"],
    ["TEK-KEU-01", "SKP-01", "BERAKHLAK-01", "MERIT-01"],
    ["LAYANAN-01", "SKP-01"],
    ["BERAKHLAK-01", "MERIT-01"],
]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def _catalogue() -> dict[str, Course]:
    existing = set(Course.objects.filter(code__in=[row[0] for row in COURSES]).values_list("code", flat=True))
    new_rows = [row for row in COURSES if row[0] not in existing]
    if new_rows:
        competencies = {c.code: c for c in Competency.objects.all()}
        Course.objects.bulk_create(
            [
                Course(
                    code=code,
                    title=title,
                    summary=summary,
                    jp=Decimal(jp),
                    modality=modality,
                    provider=provider,
                    provider_name="LKPP / lembaga mitra" if provider == "other" else "",
                    leadership=leadership,
                    capacity=40 if modality == "classical" else None,
                    is_published=True,
                    attempt_wait_minutes=30,
                )
                for code, title, jp, modality, provider, leadership, _l, _c, summary, _t, _q in new_rows
            ]
        )
        courses = {c.code: c for c in Course.objects.filter(code__in=[row[0] for row in new_rows])}
        CourseCompetency.objects.bulk_create(
            [
                CourseCompetency(course=courses[row[0]], competency=competencies[code], level=level)
                for row in new_rows
                for code, level in row[7]
                if code in competencies
            ]
        )
        CourseMandatoryLevel.objects.bulk_create(
            [CourseMandatoryLevel(course=courses[row[0]], level=level) for row in new_rows for level in row[6]]
        )
        Lesson.objects.bulk_create(
            [
                Lesson(
                    course=courses[row[0]],
                    order=n,
                    title=lesson_title,
                    kind=Lesson.Kind.TEXT,
                    body=LESSON_BODY.format(
                        title=lesson_title, title_lower=lesson_title.lower(), summary=row[8], course=row[1]
                    ),
                )
                for row in new_rows
                for n, lesson_title in enumerate(row[9], start=1)
            ]
        )
        questions = Question.objects.bulk_create(
            [Question(course=courses[row[0]], text=q[0]) for row in new_rows for q in (row[10], SHARED_QUESTION)]
        )
        texts = [q for row in new_rows for q in (row[10], SHARED_QUESTION)]
        Option.objects.bulk_create(
            [
                Option(question=question, text=text, is_correct=i == 0)
                for question, spec in zip(questions, texts, strict=True)
                for i, text in enumerate(spec[1:])
            ]
        )
    return {c.code: c for c in Course.objects.filter(code__in=[row[0] for row in COURSES])}


def _history(courses: dict[str, Course], today: dt.date, stdout) -> None:
    demo_ids = [c.pk for c in courses.values()]
    if Enrollment.objects.filter(course_id__in=demo_ids).exists():
        return
    rows = (
        Assignment.objects.active_on(today)
        .filter(kind=Assignment.Kind.DEFINITIVE, employee__status=Employee.Status.ACTIVE)
        .values_list("employee_id", "position__org_unit__opd__code", "position__org_unit__code")
    )
    lessons: dict[int, list[int]] = {}
    for course_id, lesson_id in Lesson.objects.filter(course_id__in=demo_ids).values_list("course_id", "pk"):
        lessons.setdefault(course_id, []).append(lesson_id)
    enrollments, plans = [], []

    @functools.cache
    def at(day: dt.date, hour: int) -> dt.datetime:  # some 330 days for 100,000s of rows
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    for employee_id, opd_code, unit_code in rows:
        opd = opd_code or unit_code
        if employee_id % 100 >= PARTICIPATION[_stable(opd) % len(PARTICIPATION)]:
            continue
        for n, code in enumerate(BUNDLES[employee_id % len(BUNDLES)]):
            # Spread over the last twelve months, deterministically.
            day = today - dt.timedelta(days=(employee_id * 37 + n * 53) % 330)
            course = courses[code]
            enrollments.append(
                {
                    "course_id": course.pk,
                    "employee_id": employee_id,
                    "enrolled_at": at(day - dt.timedelta(days=7), 9),
                    "completed_on": day,
                    "last_lesson_id": lessons[course.pk][-1],
                }
            )
            plans.append((course, employee_id, day))
    # Plain rows through COPY (semarang_asn.core.rows): at 15,000 employees these are some
    # 200,000 rows, where building a model instance per row cost more than the inserts.
    copy_rows(Enrollment, enrollments)
    by_key = {
        (course_id, employee_id): pk
        for pk, course_id, employee_id in Enrollment.objects.filter(course_id__in=demo_ids).values_list(
            "pk", "course_id", "employee_id"
        )
    }
    progress, attempts, certificates, credits = [], [], [], []
    for course, employee_id, day in plans:
        enrollment_id = by_key[(course.pk, employee_id)]
        submitted = at(day, 10)
        progress.extend(
            {"enrollment_id": enrollment_id, "lesson_id": pk, "completed_at": submitted} for pk in lessons[course.pk]
        )
        attempts.append(
            {
                "enrollment_id": enrollment_id,
                "started_at": submitted,
                "submitted_at": submitted,
                "score": 100,
                "passed": True,
            }
        )
        certificates.append({"enrollment_id": enrollment_id, "issued_on": day})
        credits.append(
            {
                "employee_id": employee_id,
                "year": day.year,
                "credited_on": day,
                "jp": course.jp,
                "source": JpCredit.Source.COURSE.value,
                "title": course.title[:200],
                "leadership": course.leadership,
                "enrollment_id": enrollment_id,
            }
        )
    copy_rows(LessonProgress, progress)
    copy_rows(QuizAttempt, attempts)
    copy_rows(Certificate, certificates)
    copy_rows(JpCredit, credits)
    if stdout:
        stdout.write(f"Pelatihan: {len(courses)} kursus, {len(enrollments)} penyelesaian dalam setahun terakhir.")


ARCHIVE = "pelatihan/eksternal/arsip-migrasi-simpeg.pdf"


def _archive_file() -> str:
    """One scanned-archive stand-in shared by the migrated records, so HR can open it."""
    if not default_storage.exists(ARCHIVE):
        pdf = render_pdf(VerifiableDocument(title="Arsip sertifikat", subtitle="Data migrasi SIMPEG Kota Semarang"))
        default_storage.save(ARCHIVE, ContentFile(pdf))
    return ARCHIVE


def _pending_submissions(today: dt.date) -> None:
    """A few external trainings waiting for HR's verification."""
    if ExternalTraining.objects.filter(status=ExternalTraining.Status.SUBMITTED).exists():
        return
    archive = _archive_file()
    employees = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE).order_by("pk").values_list("pk", flat=True)[:400:40]
    )
    topics = [
        ("Bimbingan Teknis Penyusunan Laporan Kinerja", "Kementerian PANRB", 16),
        ("Workshop Pelayanan Publik Inklusif", "Ombudsman RI Perwakilan Jawa Tengah", 8),
        ("Seminar Nasional Smart City", "Universitas Diponegoro", 4),
    ]
    ExternalTraining.objects.bulk_create(
        [
            ExternalTraining(
                employee_id=pk,
                title=topics[i % 3][0],
                organiser=topics[i % 3][1],
                start_date=today - dt.timedelta(days=20 + i),
                end_date=today - dt.timedelta(days=18 + i),
                jp=Decimal(topics[i % 3][2]),
                certificate_file=archive,
            )
            for i, pk in enumerate(employees)
        ]
    )


# The leadership programme of the level above (DOMAIN.md): PKP for Pengawas, PKA for
# Administrator, PKN Tingkat II for JPT Pratama.
NEXT_PROGRAMME = {
    "pelaksana": "PKP",
    "pemula": "PKP",
    "terampil": "PKP",
    "mahir": "PKP",
    "penyelia": "PKP",
    "ahli_pertama": "PKP",
    "pengawas": "PKA",
    "ahli_muda": "PKA",
    "administrator": "PKN_II",
    "ahli_madya": "PKN_II",
}


def _leadership_history(today: dt.date) -> None:
    """Holders of JA posts took their leadership training years ago, and one in four of those
    in the posts below took the next level's (as verified external training), so the promotion
    and readiness rules see realistic data."""
    if ExternalTraining.objects.filter(organiser="BPSDM Provinsi Jawa Tengah").exists():
        return
    programme = {"pengawas": "PKP", "administrator": "PKA", "jpt_pratama": "PKN_II"}
    rows = (
        Assignment.objects.active_on(today)
        .filter(kind=Assignment.Kind.DEFINITIVE, position__level__in=list(programme))
        .values_list("employee_id", "position__level", "start_date")
    )
    archive = _archive_file()
    done: list[tuple[int, str, dt.date]] = []
    for employee_id, level, start in rows:
        if employee_id % 10 == 0:  # a few still owe it: the recommendations show it
            continue
        end = start + dt.timedelta(days=200)
        if end.year < today.year:
            done.append((employee_id, programme[level], end))
    # Some holders of the posts below (and JF of the matching grade) already took the
    # programme of the level above, as talent development: readiness can be met.
    ahead = (
        Assignment.objects.active_on(today)
        .filter(kind=Assignment.Kind.DEFINITIVE, position__level__in=list(NEXT_PROGRAMME))
        .values_list("employee_id", "position__level")
    )
    for employee_id, level in ahead:
        if employee_id % 4 == 1:
            done.append((employee_id, NEXT_PROGRAMME[level], dt.date(today.year - 1 - employee_id % 3, 3, 20)))
    # Plain rows through COPY, then their ledger credits from what was written (this step runs
    # only while no training of this organiser exists, so all of them are the new ones).
    decided_at = timezone.now()
    copy_rows(
        ExternalTraining,
        (
            {
                "employee_id": employee_id,
                "title": f"Pelatihan Kepemimpinan {name.replace('_II', ' Tingkat II')}",
                "organiser": "BPSDM Provinsi Jawa Tengah",
                "start_date": end - dt.timedelta(days=60),
                "end_date": end,
                "jp": Decimal("60"),
                "leadership": name,
                "certificate_file": archive,
                "status": ExternalTraining.Status.VERIFIED.value,
                "decided_at": decided_at,
                "decision_reason": "Data migrasi SIMPEG.",
            }
            for employee_id, name, end in done
        ),
    )
    copy_rows(
        JpCredit,
        (
            {
                "employee_id": employee_id,
                "year": end_date.year,
                "credited_on": end_date,
                "jp": jp,
                "source": JpCredit.Source.EXTERNAL.value,
                "title": title,
                "leadership": leadership,
                "external_id": pk,
            }
            for pk, employee_id, end_date, jp, title, leadership in ExternalTraining.objects.filter(
                organiser="BPSDM Provinsi Jawa Tengah"
            )
            .order_by("pk")
            .values_list("pk", "employee_id", "end_date", "jp", "title", "leadership")
        ),
    )


def _socialisation(today: dt.date) -> None:
    if SocialisationMaterial.objects.filter(title=SOCIALISATION_TITLE).exists():
        return
    material = SocialisationMaterial.objects.create(
        title=SOCIALISATION_TITLE,
        body=SOCIALISATION_BODY,
        jp=Decimal("1"),
        for_all=True,
        published_at=timezone.now() - dt.timedelta(days=30),
    )
    # About half have read it already; the rest see it on their home page.
    readers = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE, user__isnull=True).values_list("pk", flat=True)
    )
    readers = [pk for pk in readers if pk % 2 == 0]
    copy_rows(SocialisationAck, ({"material_id": material.pk, "employee_id": pk} for pk in readers))
    copy_rows(
        JpCredit,
        (
            {
                "employee_id": employee_id,
                "year": today.year,
                "credited_on": today - dt.timedelta(days=20),
                "jp": material.jp,
                "source": JpCredit.Source.SOCIALISATION.value,
                "title": material.title,
                "acknowledgement_id": ack_id,
            }
            for ack_id, employee_id in SocialisationAck.objects.filter(material=material).values_list(
                "pk", "employee_id"
            )
        ),
    )


@transaction.atomic
def seed(*, stdout=None) -> None:
    today = timezone.localdate()
    courses = _catalogue()
    _history(courses, today, stdout)
    _leadership_history(today)
    _socialisation(today)
    _pending_submissions(today)
    # The steps above write the ledger directly (COPY); the yearly totals follow in one go.
    ledger.refresh()
