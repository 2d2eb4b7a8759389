from django.db import migrations

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


def seed(apps, schema_editor):
    Rank = apps.get_model("positions", "Rank")
    Competency = apps.get_model("positions", "Competency")
    for order, (code, name) in enumerate(RANKS, start=1):
        Rank.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, kind in COMPETENCIES:
        Competency.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
