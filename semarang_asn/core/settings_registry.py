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
}
