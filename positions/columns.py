"""The spreadsheet columns of the employee and position files: the import reads them, the
export and the templates write them. Headers are readable and in the reader's language; the
import reads them in any of the site's languages, or as the plain column keys."""

from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

EMPLOYEE_COLUMNS = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_kepegawaian",
    "pendidikan",
    "status",
    "golongan",
    "tmt_golongan",
    "kode_jabatan",
    "tmt_jabatan",
]
EMPLOYEE_REQUIRED = ["nip", "nama"]
POSITION_COLUMNS = ["kode", "nama_jabatan", "kode_unit", "jenis", "jenjang", "kelas_jabatan", "formasi", "kode_atasan"]
# The competency results file: these columns, then one column per competency code (level 1-5).
COMPETENCY_FIXED_COLUMNS = ["nip", "tanggal", "metode", "potensi", "lembaga"]
COMPETENCY_REQUIRED = ["nip", "tanggal", "metode"]
POSITION_REQUIRED = ["kode", "nama_jabatan", "kode_unit", "jenis", "jenjang", "kelas_jabatan"]

# The directory export adds what a reader needs and the import does not read (it skips them).
EMPLOYEE_EXPORT_COLUMNS = [
    *EMPLOYEE_COLUMNS[:11],
    "pangkat",
    "tmt_golongan",
    "kode_jabatan",
    "nama_jabatan",
    "unit",
    "opd",
    "tmt_jabatan",
]

KIND_LABELS = {
    "employees": gettext_lazy("Pegawai"),
    "positions": gettext_lazy("Jabatan"),
    "competencies": gettext_lazy("Pemetaan kompetensi"),
}

COLUMN_LABELS = {
    "nip": gettext_lazy("NIP"),
    "nama": gettext_lazy("Nama"),
    "gelar_depan": gettext_lazy("Gelar depan"),
    "gelar_belakang": gettext_lazy("Gelar belakang"),
    "tempat_lahir": gettext_lazy("Tempat lahir"),
    "tanggal_lahir": gettext_lazy("Tanggal lahir"),
    "jenis_kelamin": gettext_lazy("Jenis kelamin"),
    "jenis_kepegawaian": gettext_lazy("Jenis kepegawaian"),
    "pendidikan": gettext_lazy("Pendidikan"),
    "status": gettext_lazy("Status"),
    "golongan": gettext_lazy("Golongan"),
    "pangkat": gettext_lazy("Pangkat"),
    "tmt_golongan": gettext_lazy("TMT golongan"),
    "kode_jabatan": gettext_lazy("Kode jabatan"),
    "tmt_jabatan": gettext_lazy("TMT jabatan"),
    "unit": gettext_lazy("Unit"),
    "opd": gettext_lazy("OPD"),
    "kode": gettext_lazy("Kode"),
    "nama_jabatan": gettext_lazy("Nama jabatan"),
    "kode_unit": gettext_lazy("Kode unit"),
    "jenis": gettext_lazy("Jenis"),
    "jenjang": gettext_lazy("Jenjang"),
    "kelas_jabatan": gettext_lazy("Kelas jabatan"),
    "formasi": gettext_lazy("Formasi"),
    "kode_atasan": gettext_lazy("Kode atasan"),
    "tanggal": gettext_lazy("Tanggal"),
    "metode": gettext_lazy("Metode"),
    "potensi": gettext_lazy("Potensi"),
    "lembaga": gettext_lazy("Lembaga"),
}


def column_header(column: str) -> str:
    """A column's readable header in the active language ("tmt_golongan" → "TMT golongan")."""
    if column in COLUMN_LABELS:
        return str(COLUMN_LABELS[column])
    words = column.split("_")
    first = words[0].upper() if words[0] in ("nip", "tmt") else words[0].capitalize()
    return " ".join([first, *(w.upper() if w == "tmt" else w for w in words[1:])])


def _key(text: str) -> str:
    return "_".join(str(text).strip().lower().split())


@lru_cache(maxsize=1)
def _columns_by_header() -> dict[str, str]:
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.update((_key(label), column) for column, label in COLUMN_LABELS.items())
    return found


def column_for_header(header: str) -> str:
    """The column a header names, in any of the site's languages or as the key itself."""
    key = _key(header)
    return _columns_by_header().get(key, key)


EMPLOYEE_HEADERS = [COLUMN_LABELS[c] for c in EMPLOYEE_COLUMNS]
EMPLOYEE_EXPORT_HEADERS = [COLUMN_LABELS[c] for c in EMPLOYEE_EXPORT_COLUMNS]
POSITION_HEADERS = [COLUMN_LABELS[c] for c in POSITION_COLUMNS]
