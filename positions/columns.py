"""The spreadsheet columns of the employee and position files: the import reads them, the
export and the templates write them (readable headers; the import reads either form)."""

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
POSITION_REQUIRED = ["kode", "nama_jabatan", "kode_unit", "jenis", "jenjang", "kelas_jabatan"]

KIND_LABELS = {"employees": gettext_lazy("Pegawai"), "positions": gettext_lazy("Jabatan")}


def column_header(column: str) -> str:
    """A column's readable header ("tmt_golongan" → "TMT golongan"); the import reads either."""
    words = column.split("_")
    first = words[0].upper() if words[0] in ("nip", "tmt") else words[0].capitalize()
    return " ".join([first, *(w.upper() if w == "tmt" else w for w in words[1:])])


EMPLOYEE_HEADERS = [column_header(c) for c in EMPLOYEE_COLUMNS]
POSITION_HEADERS = [column_header(c) for c in POSITION_COLUMNS]
