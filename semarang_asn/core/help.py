"""Help content: one page per role and a glossary, as data so each term is written once."""

from django.utils.translation import gettext_lazy as _

# slug -> (title, [what this role does here, step by step])
ROLE_HELP = {
    "pegawai": (
        _("Pegawai ASN"),
        [
            _("Profil saya: data kepegawaian, riwayat jabatan dan pangkat, serta pemetaan kompetensi dan JPM Anda."),
            _("Kinerja saya: isi hasil kerja SKP yang disepakati, laporkan realisasi dengan bukti, lihat predikat."),
            _("Bila tidak setuju dengan penilaian, ajukan keberatan dalam masa keberatan; atasan penilai memutuskan."),
            _("Seleksi terbuka: lihat lowongan, periksa persyaratan, daftar dan pantau lamaran serta pengumuman."),
        ],
    ),
    "atasan": (
        _("Pejabat penilai (atasan)"),
        [
            _("Penilaian tim saya: daftar pegawai yang Anda nilai pada siklus yang berjalan."),
            _("Beri umpan balik per hasil kerja dan per nilai BerAKHLAK, lalu kirim rating hasil dan perilaku kerja."),
            _("Predikat dihitung otomatis dari matriks PermenPANRB 6/2022; catat rencana bimbingan bila perlu."),
            _("Sebagai atasan pejabat penilai, putuskan keberatan pegawai dengan alasan tertulis."),
        ],
    ),
    "hr": (
        _("BKPP (kepegawaian)"),
        [
            _("Kepegawaian: kelola OPD, jabatan, formasi dan bezetting, data pegawai, impor dan ekspor."),
            _(
                "Kinerja: buat dan buka siklus, tetapkan pejabat penilai yang kosong, "
                "pantau pengisian dan kurva distribusi."
            ),
            _("Kalibrasi: tetapkan predikat unit, periksa kurva, tutup kalibrasi dengan alasan bila ada penyimpangan."),
            _(
                "Seleksi terbuka: buat lowongan, tetapkan pansel, verifikasi berkas, "
                "umumkan hasil tiap tahap, usulkan ke PPK."
            ),
        ],
    ),
    "asesor": (
        _("Anggota panitia seleksi (asesor)"),
        [
            _("Pansel: daftar seleksi tempat Anda menjadi anggota panitia."),
            _(
                "Nyatakan konflik kepentingan sebelum menilai pelamar; "
                "bila ada konflik, Anda tidak menilai pelamar itu."
            ),
            _(
                "Beri nilai 0–100 secara mandiri pada tahap yang sedang dinilai; "
                "nilai terkunci saat BKPP mengunci tahap."
            ),
        ],
    ),
    "ppk": (
        _("Pejabat Pembina Kepegawaian (PPK)"),
        [
            _("Usulan pengangkatan: tiga nama terbaik per jabatan dari panitia seleksi."),
            _("Pilih satu nama, isi nomor dan tanggal keputusan; memilih selain peringkat pertama memerlukan alasan."),
        ],
    ),
    "publik": (
        _("Masyarakat"),
        [
            _("Seleksi terbuka: lowongan jabatan yang diumumkan, persyaratan dan jadwalnya."),
            _("Hasil setiap tahap seleksi diumumkan di halaman lowongan, termasuk peringkat akhir."),
        ],
    ),
}

# anchor -> (term, meaning)
GLOSSARY = {
    "jpm": (
        _("JPM (Job Person Match)"),
        _(
            "Kesesuaian kompetensi pegawai dengan standar jabatan: jumlah level yang dinilai dibagi jumlah level "
            "yang disyaratkan, dikali 100%. Memenuhi Syarat ≥ 80%, Masih Memenuhi Syarat 68% sampai < 80%, "
            "Kurang Memenuhi Syarat < 68%."
        ),
    ),
    "bezetting": (
        _("Formasi dan bezetting"),
        _(
            "Formasi adalah jumlah kursi yang dibutuhkan suatu jabatan menurut analisis jabatan dan beban kerja; "
            "bezetting adalah jumlah kursi yang terisi. Selisihnya menunjukkan kekurangan atau kelebihan pegawai."
        ),
    ),
    "plt": (
        _("Plt (Pelaksana Tugas)"),
        _(
            "Pegawai yang menjalankan tugas suatu jabatan yang kosong atau pejabatnya berhalangan, di samping "
            "jabatan definitifnya. Kursi yang dijabat Plt tetap dihitung kosong."
        ),
    ),
    "berakhlak": (
        _("BerAKHLAK"),
        _(
            "Nilai dasar ASN yang menjadi perilaku kerja dalam SKP: Berorientasi Pelayanan, Akuntabel, Kompeten, "
            "Harmonis, Loyal, Adaptif, Kolaboratif."
        ),
    ),
    "predikat": (
        _("Predikat kinerja"),
        _(
            "Hasil evaluasi kinerja dari rating hasil kerja dan rating perilaku kerja (PermenPANRB 6/2022): "
            "Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, atau Sangat Kurang."
        ),
    ),
    "kurva": (
        _("Kurva distribusi"),
        _(
            "Batas sebaran predikat pegawai dalam satu unit menurut predikat unitnya; misalnya pada unit Baik, "
            "Sangat Baik paling banyak 70%, serta harus ada pegawai Butuh Perbaikan atau Kurang. "
            "Diperiksa saat kalibrasi."
        ),
    ),
    "jp": (
        _("JP (jam pelajaran)"),
        _(
            "Satuan pengembangan kompetensi. Setiap PNS berhak dan wajib mengikuti paling sedikit 20 JP setahun, "
            "klasikal maupun nonklasikal (e-learning, coaching, mentoring)."
        ),
    ),
}
