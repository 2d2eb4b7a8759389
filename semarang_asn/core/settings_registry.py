"""Defaults of every rule DOMAIN.md marks configurable: key -> (value, description).

They are written to core.Setting on migrate (missing keys only) and edited in admin.
Read them with ``core.services.setting_value``.
"""

DEFAULTS: dict[str, tuple[object, str]] = {
    "jpm.cap_at_required": (False, "JPM: batasi level terukur pada level standar"),
    "jpm.band_memenuhi_min": (80, "JPM: batas bawah Memenuhi Syarat (%)"),
    "jpm.band_masih_memenuhi_min": (68, "JPM: batas bawah Masih Memenuhi Syarat (%)"),
    "workload.effective_minutes_per_year": (72000, "ABK: menit kerja efektif setahun"),
    "training.yearly_jp_target": (20, "Target JP pengembangan kompetensi per tahun"),
    "assessments.registration_min_days": (15, "Seleksi: masa pendaftaran minimal (hari)"),
    "assessments.names_to_official": (3, "Seleksi: jumlah nama terbaik yang diusulkan ke PPK"),
    "assessments.min_applicants": (4, "Seleksi: jumlah pelamar minimal per jabatan (praktik umum)"),
    "assessments.committee_min_non_jpt": (5, "Seleksi non-JPT: jumlah anggota pansel minimal"),
    "assessments.committee_max_non_jpt": (9, "Seleksi non-JPT: jumlah anggota pansel maksimal"),
    "assessments.committee_internal_max_pct_non_jpt": (45, "Seleksi non-JPT: anggota internal pansel maksimal (%)"),
    "assessments.score_spread_flag": (20, "Seleksi: selisih nilai antarasesor yang ditandai (poin)"),
    "assessments.objection_days": (3, "Seleksi: lama masa sanggah setelah pengumuman (hari)"),
    "performance.ak_percent": (
        {"sangat_baik": 150, "baik": 100, "butuh_perbaikan": 75, "kurang": 50, "sangat_kurang": 25},
        "Kinerja: persentase AK per predikat",
    ),
    "performance.ak_coefficient": (
        {"ahli_pertama": "12.5", "ahli_muda": "25", "ahli_madya": "37.5", "ahli_utama": "50"},
        "Kinerja: koefisien AK tahunan per jenjang JF keahlian",
    ),
    "performance.reminder_days_before_deadline": ([7, 3, 1], "Kinerja: pengingat penilai H-n sebelum batas penilaian"),
    "performance.objection_window_days": (14, "Kinerja: lama masa keberatan setelah batas penilaian (hari)"),
    "performance.calibration_unit": (
        "opd",
        "Kinerja: unit kurva distribusi, 'opd' (per OPD) atau 'bidang' (per Bidang/Bagian); berlaku saat siklus dibuka",
    ),
}
