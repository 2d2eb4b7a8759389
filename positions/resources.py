"""Import and export of employees and positions (CSV and XLSX).

Exports use django-import-export resources. Imports run every row through the services
inside one transaction: a preview runs it and rolls back, a confirmed import keeps it
only when no row failed (all-or-nothing), so the preview reports exactly what the import
would do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from . import rules, services
from .models import Assignment, Employee, OrgUnit, Position, Rank, RankHistory

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


# --- export -------------------------------------------------------------------------------


class EmployeeResource(resources.ModelResource):
    nip = fields.Field(attribute="nip", column_name="nip")
    nama = fields.Field(attribute="name", column_name="nama")
    gelar_depan = fields.Field(attribute="front_title", column_name="gelar_depan")
    gelar_belakang = fields.Field(attribute="back_title", column_name="gelar_belakang")
    tempat_lahir = fields.Field(attribute="birth_place", column_name="tempat_lahir")
    tanggal_lahir = fields.Field(column_name="tanggal_lahir")
    jenis_kelamin = fields.Field(attribute="sex", column_name="jenis_kelamin")
    jenis_kepegawaian = fields.Field(attribute="employment_type", column_name="jenis_kepegawaian")
    pendidikan = fields.Field(attribute="education", column_name="pendidikan")
    status = fields.Field(attribute="status", column_name="status")
    golongan = fields.Field(column_name="golongan")
    tmt_golongan = fields.Field(column_name="tmt_golongan")
    kode_jabatan = fields.Field(column_name="kode_jabatan")
    tmt_jabatan = fields.Field(column_name="tmt_jabatan")

    class Meta:
        model = Employee
        fields = EMPLOYEE_COLUMNS
        export_order = EMPLOYEE_COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._ranks = dict(Rank.objects.values_list("pk", "code"))
        self._positions = dict(Position.objects.values_list("pk", "code"))

    @staticmethod
    def prepare(queryset):
        """Add what the export reads (rank, position and their TMT) as annotations: no query per row."""
        held = Assignment.objects.filter(employee=OuterRef("pk")).active_on().order_by("kind", "-start_date")
        qs = queryset
        if "current_rank_id" not in qs.query.annotations:
            qs = qs.with_current_rank()
        if "current_position_id" not in qs.query.annotations:
            qs = qs.with_current_position()
        return qs.annotate(current_position_start=Subquery(held.values("start_date")[:1]))

    def dehydrate_tanggal_lahir(self, obj):
        return obj.birth_date.isoformat()

    def dehydrate_golongan(self, obj):
        return self._ranks.get(obj.current_rank_id, "")

    def dehydrate_tmt_golongan(self, obj):
        return obj.current_rank_tmt.isoformat() if obj.current_rank_tmt else ""

    def dehydrate_kode_jabatan(self, obj):
        return self._positions.get(obj.current_position_id, "")

    def dehydrate_tmt_jabatan(self, obj):
        return obj.current_position_start.isoformat() if obj.current_position_start else ""


class PositionResource(resources.ModelResource):
    kode = fields.Field(attribute="code", column_name="kode")
    nama_jabatan = fields.Field(attribute="title", column_name="nama_jabatan")
    kode_unit = fields.Field(attribute="org_unit__code", column_name="kode_unit")
    jenis = fields.Field(attribute="type", column_name="jenis")
    jenjang = fields.Field(attribute="level", column_name="jenjang")
    kelas_jabatan = fields.Field(attribute="kelas_jabatan", column_name="kelas_jabatan")
    formasi = fields.Field(attribute="formasi", column_name="formasi")
    kode_atasan = fields.Field(attribute="reports_to__code", column_name="kode_atasan")

    class Meta:
        model = Position
        fields = POSITION_COLUMNS
        export_order = POSITION_COLUMNS

    @staticmethod
    def prepare(queryset):
        return queryset.select_related("org_unit", "reports_to")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value):
    """A cell starting like a formula is exported as text, so a spreadsheet never runs it."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def export_file(resource: resources.ModelResource, queryset, fmt: str) -> bytes:
    exported = resource.export(queryset=resource.prepare(queryset))
    dataset = tablib.Dataset(headers=exported.headers)
    for row in exported:
        dataset.append([_neutralise(value) for value in row])
    data = dataset.export(fmt)
    return data.encode("utf-8-sig") if isinstance(data, str) else data


def template_csv(kind: str) -> bytes:
    columns = EMPLOYEE_COLUMNS if kind == "employees" else POSITION_COLUMNS
    return tablib.Dataset(headers=columns).export("csv").encode("utf-8-sig")


# --- import -------------------------------------------------------------------------------

NEW, UPDATE, ERROR = "new", "update", "error"


@dataclass
class RowResult:
    line: int
    key: str
    label: str
    status: str = NEW
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.status == ERROR for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, ERROR: 0}
        for r in self.rows:
            counts[r.status] += 1
        return counts


def read_dataset(content: bytes, ext: str) -> tablib.Dataset:
    if ext == "xlsx":
        return tablib.Dataset().load(content, format="xlsx")
    return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {msg}" if name != "__all__" else msg for name, msgs in error.message_dict.items() for msg in msgs
        ]
    return list(error.messages)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        _("%(label)s: tanggal %(value)s tidak dikenali (pakai YYYY-MM-DD).") % {"label": label, "value": text}
    )


def _choice(value: str, choices, label: str, default: str = "") -> str:
    """Match a code or a label, ignoring case, spaces, dashes and slashes."""
    text = _text(value)
    if not text:
        if default:
            return default
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label})

    def norm(s) -> str:
        return "".join(ch for ch in str(s).lower() if ch.isalnum())

    for code, name in choices:
        if norm(text) in (norm(code), norm(name)):
            return code
    raise ValidationError(_("%(label)s tidak dikenal: %(value)s.") % {"label": label, "value": text})


def _header_errors(dataset: tablib.Dataset, required: list[str]) -> tuple[list[str], list[str]]:
    headers = [_text(h).lower() for h in (dataset.headers or [])]
    missing = [c for c in required if c not in headers]
    errors = [_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)}] if missing else []
    return headers, errors


def _rows(dataset: tablib.Dataset, headers: list[str]):
    for index, values in enumerate(dataset, start=2):  # line 1 is the header
        if all(_text(v) == "" for v in values):
            continue
        yield index, dict(zip(headers, values, strict=False))


def _run(kind: str, apply_rows, *, commit: bool) -> ImportReport:
    """Run ``apply_rows`` in one transaction; keep it only if asked and nothing failed."""
    report = ImportReport(kind=kind)
    with transaction.atomic():
        apply_rows(report)
        if not commit or report.has_errors:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _in_savepoint(result: RowResult, func, *args) -> None:
    try:
        with transaction.atomic():
            func(result, *args)
    except ValidationError as e:
        result.status = ERROR
        result.errors.extend(_messages(e))


def import_employees(dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool) -> ImportReport:
    headers, file_errors = _header_errors(dataset, EMPLOYEE_REQUIRED)
    ranks = {r.code.upper(): r for r in Rank.objects.all()}
    existing = set(Employee.objects.values_list("nip", flat=True))
    seen: dict[str, int] = {}

    def apply_rows(report: ImportReport) -> None:
        report.file_errors.extend(file_errors)
        if file_errors:
            return
        for line, row in _rows(dataset, headers):
            nip = "".join(_text(row.get("nip")).split())
            result = RowResult(line=line, key=nip, label=_text(row.get("nama")))
            report.rows.append(result)
            if nip in seen:
                result.status = ERROR
                result.errors.append(_("NIP ganda dalam berkas (sama dengan baris %(line)s).") % {"line": seen[nip]})
                continue
            seen[nip] = line
            if nip in existing and not allow_update:
                result.status = ERROR
                result.errors.append(_("NIP %(nip)s sudah terdaftar.") % {"nip": nip})
                continue
            _in_savepoint(result, _apply_employee, row, nip, ranks, actor)

    return _run("employees", apply_rows, commit=commit)


def _apply_employee(result: RowResult, row: dict, nip: str, ranks: dict[str, Rank], actor) -> None:
    errors: list[str] = []
    parts = None
    try:
        parts = rules.parse_nip(nip)
    except ValidationError as e:
        errors.extend(e.messages)
    employee = Employee.objects.filter(nip=nip).first() or Employee(nip=nip)
    result.status = UPDATE if employee.pk else NEW
    values = {
        "name": _text(row.get("nama")),
        "front_title": _text(row.get("gelar_depan")),
        "back_title": _text(row.get("gelar_belakang")),
        "birth_place": _text(row.get("tempat_lahir")),
    }
    for attr, column, label, choices, default in (
        ("sex", "jenis_kelamin", _("Jenis kelamin"), Employee.Sex.choices, parts.sex if parts else ""),
        ("employment_type", "jenis_kepegawaian", _("Jenis kepegawaian"), Employee.EmploymentType.choices, "PNS"),
        ("education", "pendidikan", _("Pendidikan"), Employee.Education.choices, ""),
        ("status", "status", _("Status"), Employee.Status.choices, Employee.Status.ACTIVE),
    ):
        try:
            values[attr] = _choice(row.get(column), choices, label, default)
        except ValidationError as e:
            errors.extend(e.messages)
    rank = tmt_rank = position = tmt_position = None
    try:
        values["birth_date"] = _date(row.get("tanggal_lahir"), _("Tanggal lahir")) or (
            parts.birth_date if parts else None
        )
        tmt_rank = _date(row.get("tmt_golongan"), _("TMT golongan"))
        tmt_position = _date(row.get("tmt_jabatan"), _("TMT jabatan"))
    except ValidationError as e:
        errors.extend(e.messages)
    rank_code = _text(row.get("golongan"))
    if rank_code:
        rank = ranks.get(rank_code.upper().replace(" ", ""))
        if rank is None:
            errors.append(_("Golongan tidak dikenal: %(code)s.") % {"code": rank_code})
        elif tmt_rank is None:
            errors.append(_("TMT golongan wajib diisi bila golongan diisi."))
    position_code = _text(row.get("kode_jabatan"))
    if position_code:
        position = Position.objects.filter(code=position_code).first()
        if position is None:
            errors.append(_("Kode jabatan tidak dikenal: %(code)s.") % {"code": position_code})
        elif tmt_position is None:
            errors.append(_("TMT jabatan wajib diisi bila kode jabatan diisi."))
    if errors:
        raise ValidationError(errors)
    for attr, value in values.items():
        setattr(employee, attr, value)
    services.employee_save(employee=employee, actor=actor)
    if rank and not RankHistory.objects.filter(employee=employee, rank=rank, tmt=tmt_rank).exists():
        services.rank_history_add(employee=employee, rank=rank, tmt=tmt_rank, actor=actor)
    if position and not Assignment.objects.filter(employee=employee, position=position).active_on().exists():
        services.assignment_create(
            employee=employee,
            position=position,
            start_date=tmt_position,
            end_previous=True,
            actor=actor,
            reason=_("Impor data pegawai"),
        )


def import_positions(dataset: tablib.Dataset, *, actor, allow_update: bool, commit: bool) -> ImportReport:
    headers, file_errors = _header_errors(dataset, POSITION_REQUIRED)
    units = {u.code: u for u in OrgUnit.objects.all()}
    existing = set(Position.objects.values_list("code", flat=True))

    def apply_rows(report: ImportReport) -> None:
        report.file_errors.extend(file_errors)
        if file_errors:
            return
        seen: dict[str, int] = {}
        saved: dict[str, tuple[RowResult, Position, str]] = {}
        for line, row in _rows(dataset, headers):
            code = _text(row.get("kode"))
            result = RowResult(line=line, key=code, label=_text(row.get("nama_jabatan")))
            report.rows.append(result)
            if code in seen:
                result.status = ERROR
                result.errors.append(
                    _("Kode jabatan ganda dalam berkas (sama dengan baris %(line)s).") % {"line": seen[code]}
                )
                continue
            seen[code] = line
            if code in existing and not allow_update:
                result.status = ERROR
                result.errors.append(_("Kode jabatan %(code)s sudah terdaftar.") % {"code": code})
                continue
            _in_savepoint(result, _apply_position, row, code, units, actor, saved)
        # Superiors second, so a row may name a superior that comes later in the file.
        for result, position, superior_code in saved.values():
            if result.status != ERROR:
                _in_savepoint(result, _link_superior, position, superior_code, actor)

    return _run("positions", apply_rows, commit=commit)


def _apply_position(result: RowResult, row: dict, code: str, units: dict[str, OrgUnit], actor, saved: dict) -> None:
    errors: list[str] = []
    position = Position.objects.filter(code=code).first() or Position(code=code)
    result.status = UPDATE if position.pk else NEW
    unit_code = _text(row.get("kode_unit"))
    unit = units.get(unit_code)
    if unit is None:
        errors.append(_("Kode unit tidak dikenal: %(code)s.") % {"code": unit_code})
    values = {"title": _text(row.get("nama_jabatan")), "org_unit": unit}
    try:
        values["type"] = _choice(row.get("jenis"), Position.Type.choices, _("Jenis jabatan"))
        values["level"] = _choice(row.get("jenjang"), Position.Level.choices, _("Jenjang"))
    except ValidationError as e:
        errors.extend(e.messages)
    for attr, column, label, default in (
        ("kelas_jabatan", "kelas_jabatan", _("Kelas jabatan"), None),
        ("formasi", "formasi", _("Formasi"), 1),
    ):
        text = _text(row.get(column))
        if not text and default is not None:
            values[attr] = default
        elif text.isdigit():
            values[attr] = int(text)
        else:
            errors.append(_("%(label)s harus bilangan bulat: %(value)s.") % {"label": label, "value": text or "—"})
    if errors:
        raise ValidationError(errors)
    for attr, value in values.items():
        setattr(position, attr, value)
    services.position_save(position=position, actor=actor)
    saved[code] = (result, position, _text(row.get("kode_atasan")))


def _link_superior(result: RowResult, position: Position, superior_code: str, actor) -> None:
    superior = Position.objects.filter(code=superior_code).first() if superior_code else None
    if superior_code and superior is None:
        raise ValidationError(_("Kode atasan tidak dikenal: %(code)s.") % {"code": superior_code})
    if position.reports_to_id != (superior.pk if superior else None):
        position.reports_to = superior
        services.position_save(position=position, actor=actor)


IMPORTERS = {"employees": import_employees, "positions": import_positions}
