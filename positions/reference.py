"""Reference rows every database needs: the 17 ranks and the managerial and socio-cultural
competencies (DOMAIN.md). Seeded by migration 0002 and again after every flush (post_migrate),
so transactional tests and `flush` never leave a database without them."""

RANKS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]

COMPETENCIES = [
    ("M.01", "Integritas", "managerial"),
    ("M.02", "Kerjasama", "managerial"),
    ("M.03", "Komunikasi", "managerial"),
    ("M.04", "Orientasi pada Hasil", "managerial"),
    ("M.05", "Pelayanan Publik", "managerial"),
    ("M.06", "Pengembangan Diri dan Orang Lain", "managerial"),
    ("M.07", "Mengelola Perubahan", "managerial"),
    ("M.08", "Pengambilan Keputusan", "managerial"),
    ("SK.01", "Perekat Bangsa", "sociocultural"),
]


def ensure_reference_data(rank_model, competency_model) -> None:
    """Insert or correct the reference rows; idempotent."""
    for order, (code, name) in enumerate(RANKS, start=1):
        rank_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, kind in COMPETENCIES:
        competency_model.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})
