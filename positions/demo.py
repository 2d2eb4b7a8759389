"""Demo data for positions: a realistic Kota Semarang, built set-based.

Deterministic (a fixed random seed), so running it twice inserts nothing the second time:
rows are keyed by their codes and NIPs, and only the missing ones are written (units and
positions with ``ignore_conflicts``, employees and their histories by COPY through
``semarang_asn.core.rows``); assignments and rank histories are only made for employees that
have none.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from semarang_asn.core.rows import copy_rows

from . import rules
from .models import (
    AssessedCompetency,
    Assignment,
    Competency,
    CompetencyAssessment,
    Employee,
    OrgUnit,
    Position,
    PositionCompetency,
    Rank,
    RankHistory,
)
from .rules import DEFAULT_STANDARD_LEVEL

# (code, name, kind, fields of work)
OPDS: list[tuple[str, str, str, list[str]]] = [
    (
        "SETDA",
        "Sekretariat Daerah",
        "sekretariat",
        ["Pemerintahan dan Kesra", "Perekonomian dan Pembangunan", "Administrasi Umum"],
    ),
    ("SETWAN", "Sekretariat DPRD", "sekretariat", ["Persidangan", "Keuangan", "Fasilitasi Penganggaran"]),
    ("INSP", "Inspektorat", "inspektorat", ["Pengawasan Wilayah I", "Pengawasan Wilayah II", "Investigasi"]),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah (Bappeda)",
        "badan",
        ["Perencanaan Ekonomi", "Infrastruktur dan Wilayah", "Pemerintahan dan Pembangunan Manusia"],
    ),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)",
        "badan",
        ["Anggaran", "Perbendaharaan", "Akuntansi", "Aset"],
    ),
    (
        "BAPENDA",
        "Badan Pendapatan Daerah (Bapenda)",
        "badan",
        ["Pendataan dan Penetapan", "Penagihan", "Pengembangan dan Pengendalian"],
    ),
    (
        "BKPP",
        "Badan Kepegawaian, Pendidikan dan Pelatihan (BKPP)",
        "badan",
        ["Pengadaan dan Informasi", "Mutasi dan Promosi", "Pengembangan Kompetensi"],
    ),
    (
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "badan",
        ["Pencegahan dan Kesiapsiagaan", "Kedaruratan dan Logistik", "Rehabilitasi dan Rekonstruksi"],
    ),
    (
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "badan",
        ["Ideologi dan Wawasan Kebangsaan", "Politik Dalam Negeri", "Ketahanan Ekonomi dan Sosial"],
    ),
    (
        "DISDIK",
        "Dinas Pendidikan",
        "dinas",
        ["Pembinaan SD", "Pembinaan SMP", "PAUD dan Pendidikan Nonformal", "Ketenagaan"],
    ),
    (
        "DINKES",
        "Dinas Kesehatan",
        "dinas",
        [
            "Kesehatan Masyarakat",
            "Pencegahan dan Pengendalian Penyakit",
            "Pelayanan Kesehatan",
            "Sumber Daya Kesehatan",
        ],
    ),
    ("DISHUB", "Dinas Perhubungan", "dinas", ["Lalu Lintas", "Angkutan", "Perparkiran", "Sarana dan Prasarana"]),
    ("DPU", "Dinas Pekerjaan Umum", "dinas", ["Bina Marga", "Sumber Daya Air dan Drainase", "Jasa Konstruksi"]),
    (
        "DISPERKIM",
        "Dinas Perumahan dan Kawasan Permukiman",
        "dinas",
        ["Perumahan", "Kawasan Permukiman", "Pertamanan dan PJU"],
    ),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", ["Tata Lingkungan", "Pengelolaan Sampah", "Pengendalian Pencemaran"]),
    (
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "dinas",
        ["Aplikasi Informatika", "Informasi dan Komunikasi Publik", "Statistik dan Persandian"],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dinas",
        ["Promosi Penanaman Modal", "Pelayanan Perizinan", "Pengendalian Pelaksanaan"],
    ),
    (
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dinas",
        ["Pelayanan Pendaftaran Penduduk", "Pencatatan Sipil", "Pengelolaan Informasi Kependudukan"],
    ),
    (
        "DINSOS",
        "Dinas Sosial",
        "dinas",
        ["Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Sosial"],
    ),
    (
        "DISNAKER",
        "Dinas Tenaga Kerja",
        "dinas",
        ["Pelatihan dan Produktivitas", "Penempatan Tenaga Kerja", "Hubungan Industrial"],
    ),
    (
        "DISKOPUMKM",
        "Dinas Koperasi dan Usaha Mikro",
        "dinas",
        ["Kelembagaan Koperasi", "Pemberdayaan Usaha Mikro", "Pengawasan Koperasi"],
    ),
    ("DISDAG", "Dinas Perdagangan", "dinas", ["Pengelolaan Pasar", "Perdagangan Dalam Negeri", "Metrologi"]),
    (
        "DISPERIN",
        "Dinas Perindustrian",
        "dinas",
        ["Industri Agro dan Kimia", "Industri Logam dan Aneka", "Sarana Industri"],
    ),
    (
        "DISBUDPAR",
        "Dinas Kebudayaan dan Pariwisata",
        "dinas",
        ["Kebudayaan", "Destinasi Pariwisata", "Pemasaran Pariwisata"],
    ),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "dinas", ["Kepemudaan", "Olahraga", "Sarana Prasarana Olahraga"]),
    (
        "DISPERTAN",
        "Dinas Pertanian",
        "dinas",
        ["Tanaman Pangan dan Hortikultura", "Peternakan dan Kesehatan Hewan", "Penyuluhan"],
    ),
    (
        "DISLUTKAN",
        "Dinas Perikanan",
        "dinas",
        ["Perikanan Budidaya", "Perikanan Tangkap", "Pengolahan Hasil Perikanan"],
    ),
    (
        "DP3A",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "dinas",
        ["Kualitas Hidup Perempuan", "Perlindungan Anak", "Data dan Informasi Gender"],
    ),
    ("DISPERPUS", "Dinas Arsip dan Perpustakaan", "dinas", ["Perpustakaan", "Kearsipan", "Pengembangan Budaya Baca"]),
    (
        "DISTARU",
        "Dinas Penataan Ruang",
        "dinas",
        ["Perencanaan Tata Ruang", "Pemanfaatan Ruang", "Pengendalian Pemanfaatan Ruang"],
    ),
    (
        "DAMKAR",
        "Dinas Pemadam Kebakaran",
        "dinas",
        ["Pencegahan", "Operasional dan Penyelamatan", "Sarana dan Prasarana"],
    ),
    (
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "satpol",
        ["Penegakan Perundang-undangan Daerah", "Ketertiban Umum", "Perlindungan Masyarakat"],
    ),
    (
        "RSUD-KRMT",
        "RSUD K.R.M.T. Wongsonegoro",
        "rsud",
        ["Pelayanan Medik", "Keperawatan", "Penunjang", "Keuangan dan Perencanaan"],
    ),
    ("RSUD-BNG", "RSUD Bangetayu", "rsud", ["Pelayanan Medik", "Keperawatan", "Penunjang"]),
    (
        "KEC-SMGTGH",
        "Kecamatan Semarang Tengah",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-SMGUTR",
        "Kecamatan Semarang Utara",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-SMGSLT",
        "Kecamatan Semarang Selatan",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-BNYMNK",
        "Kecamatan Banyumanik",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-TMBLG",
        "Kecamatan Tembalang",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-PDRSN",
        "Kecamatan Pedurungan",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
    (
        "KEC-NGALIYAN",
        "Kecamatan Ngaliyan",
        "kecamatan",
        ["Pemerintahan", "Ketenteraman dan Ketertiban", "Pemberdayaan Masyarakat"],
    ),
]

HEAD_TITLE = {
    "sekretariat": "Sekretaris",
    "inspektorat": "Inspektur",
    "badan": "Kepala",
    "dinas": "Kepala",
    "satpol": "Kepala",
    "rsud": "Direktur",
    "kecamatan": "Camat",
}

FIRST_MALE = [
    "Agus",
    "Bambang",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Gunawan",
    "Hadi",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nugroho",
    "Purnomo",
    "Rizki",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Arif",
    "Bayu",
    "Dimas",
    "Hendra",
    "Irfan",
]
FIRST_FEMALE = [
    "Ayu",
    "Dewi",
    "Endang",
    "Fitri",
    "Indah",
    "Kartika",
    "Lestari",
    "Maya",
    "Nur",
    "Putri",
    "Ratna",
    "Sri",
    "Tri",
    "Wulan",
    "Yuni",
    "Anisa",
    "Dian",
    "Evi",
    "Rina",
    "Siti",
    "Nadia",
    "Retno",
    "Sari",
    "Wahyuni",
    "Yulia",
]
LAST = [
    "Santoso",
    "Wibowo",
    "Saputra",
    "Hidayat",
    "Prasetyo",
    "Setiawan",
    "Kusuma",
    "Rahayu",
    "Susanto",
    "Wijaya",
    "Pratama",
    "Hartono",
    "Nugraha",
    "Handayani",
    "Utami",
    "Purwanti",
    "Suryani",
    "Hakim",
    "Firmansyah",
    "Maulana",
    "Suharto",
    "Widodo",
    "Rahman",
    "Permana",
    "Ramadhan",
]
EDU_BY_LEVEL = {
    "jpt_madya": ["S2", "S3"],
    "jpt_pratama": ["S2", "S2", "S3"],
    "administrator": ["S1", "S2", "S2"],
    "pengawas": ["S1", "S1", "S2", "D4"],
    "pelaksana": ["SMA", "D3", "D3", "S1", "S1"],
    "ahli_pertama": ["S1", "D4"],
    "ahli_muda": ["S1", "S2"],
    "ahli_madya": ["S2"],
    "terampil": ["D3"],
    "mahir": ["D3", "D4"],
}
RANKS_BY_LEVEL = {
    "jpt_madya": ["IV/d", "IV/e"],
    "jpt_pratama": ["IV/c", "IV/d"],
    "administrator": ["IV/a", "IV/b"],
    "pengawas": ["III/c", "III/d", "IV/a"],
    "pelaksana": ["II/b", "II/c", "II/d", "III/a", "III/b"],
    "ahli_pertama": ["III/a", "III/b"],
    "ahli_muda": ["III/c", "III/d"],
    "ahli_madya": ["IV/a", "IV/b", "IV/c"],
    "terampil": ["II/c", "II/d"],
    "mahir": ["III/a", "III/b"],
}
JF_TITLES = ["Analis Kebijakan", "Perencana", "Auditor", "Pranata Komputer", "Analis SDM Aparatur", "Arsiparis"]
JF_BY_KIND = {
    "rsud": ["Dokter", "Perawat", "Apoteker"],
    "dinas": ["Analis Kebijakan", "Perencana", "Pranata Komputer"],
    "inspektorat": ["Auditor", "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah"],
}
PELAKSANA_TITLES = [
    "Pengadministrasi Umum",
    "Pengolah Data",
    "Analis Perencanaan",
    "Pengelola Keuangan",
    "Penyusun Laporan",
    "Pengelola Layanan",
]
DEMO_PASSWORD = "merit-semarang-2026"
DEMO_SUPERVISOR_POSITION = "BKPP.B2.S1"
MUST_FILL = [
    "SETDA.SEKDA",
    "BKPP.KEP",
    "BKPP.B2.KA",
    "BKPP.B2.S1",
    "BKPP.B2.S1.P1",
    "BKPP.B2.S1.P1",
    "BKPP.B2.S1.P2",
    "BKPP.B2.S2",
    "BKPP.B2.S2.P1",
]


def _unit_rows() -> list[tuple[str, str, str, str | None]]:
    rows = []
    for code, name, kind, fields in OPDS:
        rows.append((code, name, kind, None))
        sek_name = "Sekretariat" if kind not in ("kecamatan", "rsud", "inspektorat", "sekretariat") else "Bagian Umum"
        rows.append((f"{code}.SEK", f"{sek_name} {name}", "bidang", code))
        for i, field_name in enumerate(fields, start=1):
            label = "Bidang" if kind in ("dinas", "badan", "satpol") else "Bagian"
            if kind == "kecamatan":
                label = "Seksi"
            rows.append((f"{code}.B{i}", f"{label} {field_name}", "bidang", code))
    return rows


def _position_rows(pelaksana_formasi: int, rng: random.Random) -> list[dict]:
    """Position specs in tree order (superiors first), keyed by code."""
    rows = [
        {
            "code": "SETDA.SEKDA",
            "title": "Sekretaris Daerah",
            "unit": "SETDA",
            "type": "JPT",
            "level": "jpt_madya",
            "kelas": 15,
            "formasi": 1,
            "reports_to": None,
        }
    ]
    for code, name, kind, fields in OPDS:
        head = f"{code}.KEP"
        if code != "SETDA":
            head_level = "administrator" if kind == "kecamatan" else "jpt_pratama"
            short = name.split(" (")[0]
            title = (
                f"{HEAD_TITLE[kind]} {short.replace('Kecamatan ', '')}"
                if kind == "kecamatan"
                else f"{HEAD_TITLE[kind]} {short}"
            )
            if kind in ("sekretariat", "inspektorat"):
                title = (
                    f"{HEAD_TITLE[kind]} {short.replace('Sekretariat ', '')}" if kind == "sekretariat" else "Inspektur"
                )
            rows.append(
                {
                    "code": head,
                    "title": title,
                    "unit": code,
                    "type": "JPT" if head_level == "jpt_pratama" else "JA",
                    "level": head_level,
                    "kelas": 14 if head_level == "jpt_pratama" else 12,
                    "formasi": 1,
                    "reports_to": "SETDA.SEKDA",
                }
            )
        else:
            head = "SETDA.SEKDA"
        mid_level = "pengawas" if kind == "kecamatan" else "administrator"
        sek_code = f"{code}.SEK"
        rows.append(
            {
                "code": f"{code}.SEKRE",
                "title": "Sekretaris Kecamatan"
                if kind == "kecamatan"
                else ("Kepala Bagian Umum" if kind in ("rsud", "inspektorat", "sekretariat") else "Sekretaris"),
                "unit": sek_code,
                "type": "JA",
                "level": mid_level,
                "kelas": 11 if mid_level == "administrator" else 9,
                "formasi": 1,
                "reports_to": head,
            }
        )
        supervisors = []
        if mid_level == "administrator":
            for j, sub in enumerate(["Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Evaluasi"], start=1):
                rows.append(
                    {
                        "code": f"{code}.SEK.K{j}",
                        "title": f"Kepala Subbagian {sub}",
                        "unit": sek_code,
                        "type": "JA",
                        "level": "pengawas",
                        "kelas": 9,
                        "formasi": 1,
                        "reports_to": f"{code}.SEKRE",
                    }
                )
                supervisors.append((f"{code}.SEK.K{j}", sek_code))
        else:
            supervisors.append((f"{code}.SEKRE", sek_code))
        for i, field_name in enumerate(fields, start=1):
            unit = f"{code}.B{i}"
            kabid = f"{code}.B{i}.KA"
            label = "Kepala Bidang" if kind in ("dinas", "badan", "satpol") else "Kepala Bagian"
            if kind == "kecamatan":
                label = "Kepala Seksi"
            rows.append(
                {
                    "code": kabid,
                    "title": f"{label} {field_name}",
                    "unit": unit,
                    "type": "JA",
                    "level": mid_level,
                    "kelas": 11 if mid_level == "administrator" else 9,
                    "formasi": 1,
                    "reports_to": head,
                }
            )
            if mid_level == "administrator":
                for k in range(1, 3):
                    rows.append(
                        {
                            "code": f"{unit}.S{k}",
                            "title": f"Kepala Seksi {field_name} {'I' * k}",
                            "unit": unit,
                            "type": "JA",
                            "level": "pengawas",
                            "kelas": 9,
                            "formasi": 1,
                            "reports_to": kabid,
                        }
                    )
                    supervisors.append((f"{unit}.S{k}", unit))
            else:
                supervisors.append((kabid, unit))
        # Functional positions report to the unit head (DOMAIN.md, rater pattern).
        jf_titles = JF_BY_KIND.get(kind, JF_TITLES[:2])
        for t, jf in enumerate(jf_titles, start=1):
            for level, kelas in (("ahli_muda", 10), ("ahli_pertama", 8)):
                rows.append(
                    {
                        "code": f"{code}.JF{t}.{level.upper()}",
                        "title": f"{jf} {dict(ahli_muda='Ahli Muda', ahli_pertama='Ahli Pertama')[level]}",
                        "unit": code,
                        "type": "JF",
                        "level": level,
                        "kelas": kelas,
                        "formasi": max(1, pelaksana_formasi // 3),
                        "reports_to": head,
                    }
                )
        for s_code, unit in supervisors:
            for p, title in enumerate(rng.sample(PELAKSANA_TITLES, 2), start=1):
                rows.append(
                    {
                        "code": f"{s_code}.P{p}",
                        "title": title,
                        "unit": unit,
                        "type": "JA",
                        "level": "pelaksana",
                        "kelas": 7 if p == 1 else 6,
                        "formasi": pelaksana_formasi,
                        "reports_to": s_code,
                    }
                )
    return rows


# Competency mapping for half of the staff who could move up a level: their levels against the
# next level's standard (Pengawas 2, Administrator 3) give a JPM in the Memenuhi band or just
# below it, so the selection demo has qualified and not-yet-qualified applicants.
MAPPED_LEVELS = {"pelaksana": 2, "ahli_pertama": 2, "pengawas": 3, "ahli_muda": 3}


def _competency_mapping(assignments, education_by_nip, ids, rng: random.Random, today: dt.date) -> None:
    comps = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL).order_by("code"))
    nip_of = {v: k for k, v in ids.items()}
    chosen = [
        (a.employee_id, MAPPED_LEVELS[a.position.level])
        for a in assignments
        if a.position.level in MAPPED_LEVELS
        and a.employee_id % 2 == 0
        and education_by_nip.get(nip_of[a.employee_id]) not in ("SD", "SMP", "SMA")
    ]
    on = today - dt.timedelta(days=200)
    # One assessment-centre session per chosen employee (unique by employee, date and method:
    # only the missing ones are written), then the levels of the sessions that have none.
    have = set(
        CompetencyAssessment.objects.filter(
            employee_id__in=[e for e, _l in chosen], assessed_on=on, method="ac"
        ).values_list("employee_id", flat=True)
    )
    copy_rows(
        CompetencyAssessment,
        (
            {"employee_id": e, "method": "ac", "assessed_on": on, "institution": "UPT Penilaian Kompetensi BKPP"}
            for e, _level in chosen
            if e not in have
        ),
    )
    sessions = dict(
        CompetencyAssessment.objects.filter(
            employee_id__in=[e for e, _l in chosen], assessed_on=on, method="ac", levels__isnull=True
        ).values_list("employee_id", "pk")
    )
    rows = []
    for employee_id, level in chosen:
        below = rng.choice([0, 1, 2, 4])  # competencies one level short: JPM 100, 94/96, 89/93, 78/85 %
        if employee_id not in sessions:
            continue
        session = sessions[employee_id]
        rows += [
            {"assessment_id": session, "competency_id": comp.pk, "level": level - 1 if i < below else level}
            for i, comp in enumerate(comps)
        ]
    copy_rows(AssessedCompetency, rows)


# Empty seats as in a real city: about 15 % of formasi (DOMAIN.md: about 15,000 ASN; the
# demo keeps vacancy in the 10-20 % band rather than the national shortage).
TARGET_FILLED_SHARE = 0.85


def _size_formasi(specs: list[dict], employees: int) -> None:
    """Spread Pelaksana formasi so that total formasi is ``employees`` / 0.85 (JF posts a
    third of a Pelaksana post each). With fewer employees than the structural seats, every
    post keeps at least one seat."""
    pelaksana = [s for s in specs if s["level"] == "pelaksana"]
    jf = [s for s in specs if s["type"] == "JF"]
    fixed = sum(s["formasi"] for s in specs if s["level"] != "pelaksana" and s["type"] != "JF")
    wanted = round(employees / TARGET_FILLED_SHARE) - fixed
    per_post = max(1.0, wanted / (len(pelaksana) + len(jf) / 3)) if pelaksana else 1.0
    jf_formasi = max(1, round(per_post / 3))
    for spec in jf:
        spec["formasi"] = jf_formasi
    remaining = max(len(pelaksana), wanted - jf_formasi * len(jf))
    base, extra = divmod(remaining, len(pelaksana)) if pelaksana else (1, 0)
    for i, spec in enumerate(pelaksana):
        spec["formasi"] = max(1, base + (1 if i < extra else 0), MUST_FILL.count(spec["code"]))


@dataclass(slots=True)
class _Placement:
    """A definitive assignment to write (a model instance per employee cost more than the COPY)."""

    position: Position
    start_date: dt.date
    decree_number: str
    employee_id: int | None = None


def _name(rng: random.Random, sex: str) -> str:
    first = rng.choice(FIRST_MALE if sex == "L" else FIRST_FEMALE)
    return f"{first} {rng.choice(LAST)}"


@transaction.atomic
def seed(*, employees: int = 1500, stdout=None) -> dict:
    """Build the org tree, positions, employees, ranks and assignments. Returns counts of new rows."""
    rng = random.Random(20261127)
    today = timezone.localdate()
    ranks = {r.code: r for r in Rank.objects.all()}
    unit_rows = _unit_rows()
    OrgUnit.objects.bulk_create(
        [OrgUnit(code=c, name=n, kind=k) for c, n, k, parent in unit_rows if parent is None], ignore_conflicts=True
    )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[r[0] for r in unit_rows])}
    OrgUnit.objects.bulk_create(
        [OrgUnit(code=c, name=n, kind=k, parent=units[p], opd=units[p]) for c, n, k, p in unit_rows if p],
        ignore_conflicts=True,
    )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[r[0] for r in unit_rows])}

    specs = _position_rows(1, rng)
    _size_formasi(specs, employees)
    existing_positions = set(
        Position.objects.filter(code__in=[s["code"] for s in specs]).values_list("code", flat=True)
    )
    new_positions = []
    for spec in specs:  # superiors come first, so reports_to resolves in one pass per level
        if spec["code"] in existing_positions:
            continue
        pos = Position(
            code=spec["code"],
            title=spec["title"],
            org_unit=units[spec["unit"]],
            type=spec["type"],
            level=spec["level"],
            kelas_jabatan=spec["kelas"],
            formasi=spec["formasi"],
        )
        pos._reports_to_code = spec["reports_to"]
        new_positions.append(pos)
    Position.objects.bulk_create(new_positions, batch_size=1000)
    positions = {
        p.code: p for p in Position.objects.filter(code__in=[s["code"] for s in specs]).select_related("org_unit")
    }
    to_link = []
    for pos in new_positions:
        if pos._reports_to_code:
            linked = positions[pos.code]
            linked.reports_to = positions[pos._reports_to_code]
            to_link.append(linked)
    Position.objects.bulk_update(to_link, ["reports_to"], batch_size=1000)
    comps = list(Competency.objects.exclude(kind=Competency.Kind.TECHNICAL))
    new_codes = {p.code for p in new_positions}
    # Only the positions created above get a standard, so nothing can conflict: plain COPY.
    copy_rows(
        PositionCompetency,
        (
            {"position_id": p.pk, "competency_id": c.pk, "required_level": DEFAULT_STANDARD_LEVEL[p.level]}
            for p in positions.values()
            if p.code in new_codes
            for c in comps
        ),
    )

    # Seats to fill: structural seats mostly filled (some vacant, some with a Plt), the rest
    # filled in order until the workforce is placed.
    seats: list[tuple[Position, str]] = []
    acting_targets: list[Position] = []
    for spec in specs:
        pos = positions[spec["code"]]
        if pos.level in ("jpt_madya", "jpt_pratama", "administrator", "pengawas") and pos.formasi == 1:
            roll = rng.random()
            if spec["code"] in MUST_FILL or roll < 0.86:
                seats.append((pos, pos.level))
            elif roll < 0.94:
                acting_targets.append(pos)
        else:
            seats.extend((pos, pos.level) for _ in range(pos.formasi))
    # The demo logins' chain (a BKPP section head with staff, and an HR clerk) is filled first,
    # then structural seats, then the rest, so even a small demo has it.
    must = [positions[c] for c in MUST_FILL]
    first = [(p, p.level) for p in must]
    rest = list(seats)
    for seat in first:
        if seat in rest:
            rest.remove(seat)
    structural = [s for s in rest if s[1] != "pelaksana" and not s[1].startswith("ahli")]
    others = [s for s in rest if s[1] == "pelaksana" or s[1].startswith("ahli")]
    rng.shuffle(others)
    seats = (first + structural + others)[:employees]

    nips: set[str] = set()
    people = []
    for pos, level in seats:
        sex = "L" if rng.random() < 0.55 else "P"
        age = {"jpt_madya": 54, "jpt_pratama": 50, "administrator": 46, "pengawas": 42}.get(level, rng.randint(26, 55))
        age += rng.randint(-3, 3)
        birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        tmt_year = min(birth.year + rng.randint(22, 28), today.year - 2)
        tmt_month = rng.choice([1, 3, 4])
        seq = rng.randint(1, 999)
        nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{'1' if sex == 'L' else '2'}{seq:03d}"
        while nip in nips:
            seq = seq % 999 + 1
            nip = nip[:15] + f"{seq:03d}"
        nips.add(nip)
        people.append(
            (
                {
                    "nip": nip,
                    "name": _name(rng, sex),
                    "front_title": "dr." if "Dokter" in pos.title else "",
                    "birth_date": birth,
                    "birth_place": rng.choice(["Semarang", "Kendal", "Demak", "Salatiga", "Ungaran", "Kudus", "Pati"]),
                    "sex": sex,
                    "employment_type": "PPPK" if level == "pelaksana" and rng.random() < 0.12 else "PNS",
                    "education": rng.choice(EDU_BY_LEVEL.get(level, ["S1"])),
                    "status": Employee.Status.ACTIVE.value,
                },
                pos,
                dt.date(tmt_year, tmt_month, 1),
            )
        )
    for emp, _pos, _tmt in people:
        emp["back_title"] = {"S1": "S.E.", "S2": "M.Si.", "S3": "M.M.", "D4": "S.Tr.", "D3": "A.Md."}.get(
            emp["education"], ""
        )
        if emp["back_title"] == "M.M." and rng.random() < 0.5:
            emp["front_title"] = "Dr."
    # Who needs a history: every person not placed yet (by NIP, as nobody is written so far).
    placed = set(Assignment.objects.filter(employee__nip__in=nips).values_list("employee__nip", flat=True))

    rank_by_order = {r.order: r for r in ranks.values()}
    assignments: list[tuple[str, _Placement]] = []
    rank_rows: list[tuple[str, Rank, dt.date, str]] = []
    for emp, pos, tmt in people:
        nip = emp["nip"]
        if nip in placed:
            continue
        start = max(rules.anniversary(tmt, years=2), today - dt.timedelta(days=rng.randint(200, 3000)))
        assignments.append(
            (
                nip,
                _Placement(pos, start, f"821.2/{rng.randint(100, 999)}/{start.year}"),
            )
        )
        # Rank history: the current rank reached in steps of four years.
        target = ranks[rng.choice(RANKS_BY_LEVEL.get(pos.level, ["III/a"]))]
        steps = rng.randint(1, 3)
        current_tmt = dt.date(max(tmt.year + 1, today.year - rng.randint(1, 7)), rng.choice([4, 10]), 1)
        for back in range(steps):
            order = target.order - back
            if order < 5:
                break
            rank = rank_by_order[order]
            tmt_rank = dt.date(current_tmt.year - 4 * back, current_tmt.month, 1)
            if tmt_rank < tmt:
                break
            rank_rows.append((nip, rank, tmt_rank, "reguler"))
        rank_rows.append(
            (nip, ranks["III/a" if emp["education"] in ("S1", "S2", "S3", "D4") else "II/a"], tmt, "initial")
        )
    # An initial rank at or above the current one would break the ladder: keep the ladder only.
    cleaned: dict[tuple[str, dt.date], tuple[str, Rank, dt.date, str]] = {}
    for row in rank_rows:
        cleaned.setdefault((row[0], row[2]), row)
    by_emp: dict[str, list[tuple[str, Rank, dt.date, str]]] = {}
    for row in cleaned.values():
        by_emp.setdefault(row[0], []).append(row)
    final_ranks = []
    for rows in by_emp.values():
        rows.sort(key=lambda r: r[2])
        best = 0
        for row in rows:
            if row[1].order > best:
                final_ranks.append(row)
                best = row[1].order

    # Each new employee's stored current rank, position and OPD (positions.current) written with
    # the row, so that seed_demo's current.refresh() confirms them instead of rewriting every
    # employee: the latest rank with TMT on or before today, the definitive post if it has
    # started. Anything this leaves out (a post starting later, the Plt added below), refresh() sets.
    current: dict[str, dict] = {}
    for nip, rank, tmt, _kind in final_ranks:
        if tmt <= today:
            current.setdefault(nip, {})["current_rank_id"] = rank.pk  # ascending TMT: the last one wins
    for nip, a in assignments:
        if a.start_date <= today:
            current.setdefault(nip, {}).update(
                current_position_id=a.position.pk,
                current_position_type=a.position.type,
                current_opd_id=a.position.org_unit.opd_id or a.position.org_unit_id,
            )
    blank = {"current_rank_id": None, "current_position_id": None, "current_position_type": "", "current_opd_id": None}
    # Plain rows through COPY (semarang_asn.core.rows), only the NIPs not there yet.
    existing = set(Employee.objects.filter(nip__in=nips).values_list("nip", flat=True))
    copy_rows(
        Employee,
        ({**emp, **blank, **current.get(emp["nip"], {})} for emp, _pos, _tmt in people if emp["nip"] not in existing),
    )
    ids = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "id"))
    for nip, a in assignments:
        a.employee_id = ids[nip]
    assignments = [a for _nip, a in assignments]
    copy_rows(
        Assignment,
        (
            {
                "employee_id": a.employee_id,
                "position_id": a.position.pk,
                "kind": Assignment.Kind.DEFINITIVE.value,
                "start_date": a.start_date,
                "decree_number": a.decree_number,
            }
            for a in assignments
        ),
    )
    # Ranks only for employees placed just now, and none of theirs can be there yet unless a
    # history was imported for them: leave out the (employee, TMT) pairs already there.
    ranked = set(
        RankHistory.objects.filter(employee_id__in={ids[nip] for nip, *_r in final_ranks}).values_list(
            "employee_id", "tmt"
        )
    )
    copy_rows(
        RankHistory,
        (
            {"employee_id": ids[nip], "rank_id": rank.pk, "tmt": tmt, "kind": kind}
            for nip, rank, tmt, kind in final_ranks
            if (ids[nip], tmt) not in ranked
        ),
    )
    _competency_mapping(assignments, {p[0]["nip"]: p[0]["education"] for p in people}, ids, rng, today)

    # Acting (Plt) holders for some vacant structural seats: a holder one level down in the same OPD.
    acting = []
    if assignments:
        by_opd_level: dict[tuple[int, str], list[int]] = {}
        for a in assignments:
            by_opd_level.setdefault(
                (a.position.org_unit.opd_id or a.position.org_unit_id, a.position.level), []
            ).append(a.employee_id)
        # A Plt comes from the same level or the one below (a Pengawas seat from another
        # Pengawas), so no Pelaksana ever rates as a Plt.
        below = {"jpt_pratama": "administrator", "administrator": "pengawas", "pengawas": "pengawas"}
        used: set[int] = set()
        for pos in acting_targets:
            opd_id = pos.org_unit.opd_id or pos.org_unit_id
            candidates = [e for e in by_opd_level.get((opd_id, below.get(pos.level, "")), []) if e not in used]
            if candidates:
                used.add(candidates[0])
                acting.append(
                    Assignment(
                        employee_id=candidates[0],
                        position=pos,
                        kind=Assignment.Kind.ACTING,
                        start_date=today - dt.timedelta(days=rng.randint(30, 150)),
                        decree_number="800/Plt/2026",
                    )
                )
        Assignment.objects.bulk_create(acting)
    result = {
        "units": len(units),
        "positions_new": len(new_positions),
        "employees_new": len(assignments),
        "acting_new": len(acting),
    }
    if stdout:
        stdout.write(
            f"Posisi: {len(units)} unit, {len(positions)} jabatan ({len(new_positions)} baru); "
            f"pegawai baru {len(assignments)}, Plt baru {len(acting)}."
        )
    return result
