"""Screening an applicant against a vacancy's requirements, from their own record.

Each requirement gives met / not met / to be checked by HR, and why. Reads the record
through positions and performance selectors only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from positions import rules as position_rules
from positions import selectors as position_selectors
from positions.models import Employee

from .models import Vacancy

MET = "met"
NOT_MET = "not_met"
CHECK = "check"  # met on paper; HR verifies the evidence in the administration stage

GOOD_PREDIKAT = ("sangat_baik", "baik")


@dataclass
class Check:
    key: str
    label: str
    status: str
    reason: str

    @property
    def met(self) -> bool:
        return self.status != NOT_MET


def predikat_by_year(employee_ids: list[int], years: list[int]) -> dict[int, dict[int, str]] | None:
    """{employee id: {year: predikat code}} from the performance app, or None while it has none."""
    try:
        from performance import selectors as performance_selectors

        lookup = performance_selectors.predikat_by_year
    except (ImportError, AttributeError):
        return None
    return lookup(employee_ids, years)


def _service_check(record: dict, years: int, on: dt.date) -> Check:
    """Years of experience: service since the NIP's TMT must reach them; that it was in the
    related field is for HR to verify in the administration stage."""
    label = _("Pengalaman minimal %(n)s tahun di bidang terkait") % {"n": years}
    start = record["service_start"]
    if start is None:
        return Check("service", label, CHECK, _("TMT pengangkatan tidak terbaca dari NIP; diperiksa BKPP."))
    span = position_rules.service_span(start, on)
    if not position_rules.has_completed(start, on, years=years):
        return Check("service", label, NOT_MET, _("Masa kerja %(span)s.") % {"span": position_rules.span_words(span)})
    return Check(
        "service",
        label,
        CHECK,
        _("Masa kerja %(span)s; kesesuaian bidang diperiksa BKPP.") % {"span": position_rules.span_words(span)},
    )


def screen(
    vacancy: Vacancy, employee, *, on: dt.date | None = None, has_training_certificate: bool | None = False
) -> list[Check]:
    """Every requirement of the vacancy checked against the employee's record on ``on``.

    ``has_training_certificate`` None means "not asked yet" (the form page, before upload)."""
    on = on or timezone.localdate()
    record = position_selectors.selection_record(employee, on)
    checks: list[Check] = []
    if vacancy.min_rank_id:
        checks.append(_rank_check(vacancy, record["rank"], _("Pangkat tercatat %(rank)s.")))
    req = vacancy.requirements()
    if req["min_education"]:
        checks.append(_education_check(req, record["education"], _("Pendidikan terakhir tercatat %(edu)s.")))
    for i, rule in enumerate(req["experience"]):
        periods = [p for level in rule["levels"] for p in record["periods_by_level"].get(level, [])]
        span = position_rules.span_of_periods(periods, on)
        checks.append(
            Check(
                "experience" if i == 0 else f"experience_{i + 1}",
                _("Pengalaman minimal %(n)s tahun pada jenjang %(levels)s")
                % {"n": rule["years"], "levels": ", ".join(rule["labels"])},
                MET if span.years >= rule["years"] else NOT_MET,
                _("Tercatat %(span)s pada jenjang tersebut.") % {"span": position_rules.span_words(span)},
            )
        )
    if req["service_years"]:
        checks.append(_service_check(record, req["service_years"], on))
    if req["max_age"]:
        checks.append(_age_check(vacancy, req["max_age"], record["birth_date"]))
    if req["no_moderate_heavy_discipline"]:
        bad = [lv for lv in record["discipline_levels"] if lv in ("sedang", "berat")]
        checks.append(
            Check(
                "discipline",
                _("Tidak pernah dijatuhi hukuman disiplin sedang atau berat"),
                NOT_MET if bad else MET,
                _("Tercatat hukuman disiplin tingkat %(lv)s.") % {"lv": ", ".join(bad)}
                if bad
                else _("Tidak ada hukuman disiplin sedang/berat tercatat."),
            )
        )
    if req["predikat_baik_two_years"]:
        checks.append(_predikat_check(employee, on))
    if vacancy.leadership_training:
        checks.append(
            Check(
                "training",
                _("Telah mengikuti %(t)s") % {"t": vacancy.leadership_training},
                NOT_MET if has_training_certificate is False else CHECK,
                _("Unggah sertifikat pelatihan kepemimpinan.")
                if has_training_certificate is False
                else _("Sertifikat yang diunggah diperiksa BKPP pada verifikasi administrasi."),
            )
        )
    if req["lhkpn_required"]:
        checks.append(
            Check(
                "lhkpn",
                _("Menyampaikan bukti LHKPN"),
                CHECK,
                _("Bukti LHKPN yang diunggah diperiksa BKPP pada verifikasi administrasi."),
            )
        )
    if req["jpm_min"] is not None:
        jpm_min = req["jpm_min"]
        result = position_selectors.jpm(employee, vacancy.position)
        value = result["value"]
        ok = value is not None and result["assessed_any"] and value >= jpm_min
        checks.append(
            Check(
                "jpm",
                _("JPM terhadap standar jabatan minimal %(n)s%%") % {"n": format(jpm_min.normalize(), "f")},
                MET if ok else NOT_MET,
                _("JPM tercatat %(v)s%% (%(band)s).") % {"v": value, "band": result["band_label"]}
                if result["assessed_any"]
                else _("Belum ada hasil pemetaan kompetensi."),
            )
        )
    return checks


def _rank_check(vacancy: Vacancy, rank, recorded: str) -> Check:
    ok = rank is not None and rank.order >= vacancy.min_rank.order
    return Check(
        "rank",
        _("Pangkat minimal %(rank)s") % {"rank": vacancy.min_rank.code},
        MET if ok else NOT_MET,
        recorded % {"rank": rank.code} if rank else _("Riwayat pangkat belum tercatat."),
    )


def _education_check(req: dict, education: str, recorded: str) -> Check:
    order = Employee.EDUCATION_ORDER
    ok = _education_rank(education, order) >= _education_rank(req["min_education"], order)
    return Check(
        "education",
        _("Pendidikan minimal %(edu)s") % {"edu": req["min_education"]},
        MET if ok else NOT_MET,
        recorded % {"edu": education},
    )


def _age_check(vacancy: Vacancy, max_age: int, birth_date: dt.date) -> Check:
    measured_on = vacancy.age_measured_on
    age = position_rules.age_on(birth_date, measured_on)
    return Check(
        "age",
        _("Usia paling tinggi %(n)s tahun") % {"n": max_age},
        MET if age <= max_age else NOT_MET,
        _("Usia %(n)s tahun pada %(d)s (tanggal acuan usia dalam pengumuman).")
        % {"n": age, "d": date_format(measured_on, "DATE_FORMAT")},
    )


def screen_external(
    vacancy: Vacancy, *, nip: str, education: str, rank, has_lhkpn: bool, on: dt.date | None = None
) -> list[Check]:
    """A candidate from another government against the same requirements as an employee.

    There is no record of theirs here, so what can be judged is judged from what HR entered
    and from the NIP itself (birth date for the age on the announced day, TMT for the years
    of service); what only their documents show (posts held, predikat, discipline) is left
    to HR's verification with the reason saying so, and competency is measured by the
    selection's own assessment. ``nip`` must already be valid."""
    on = on or timezone.localdate()
    parts = position_rules.parse_nip(nip)
    req = vacancy.requirements()
    documents = _("Dibuktikan dengan dokumen dari instansi asal; diperiksa BKPP pada verifikasi administrasi.")
    checks: list[Check] = []
    if vacancy.min_rank_id:
        checks.append(_rank_check(vacancy, rank, _("Pangkat %(rank)s menurut SK dari instansi asal.")))
    if req["min_education"]:
        checks.append(_education_check(req, education, _("Pendidikan terakhir %(edu)s menurut ijazah.")))
    for i, rule in enumerate(req["experience"]):
        checks.append(
            Check(
                "experience" if i == 0 else f"experience_{i + 1}",
                _("Pengalaman minimal %(n)s tahun pada jenjang %(levels)s")
                % {"n": rule["years"], "levels": ", ".join(rule["labels"])},
                CHECK,
                documents,
            )
        )
    if req["service_years"]:
        start = dt.date(parts.appointment_year, parts.appointment_month, 1)
        checks.append(_service_check({"service_start": start}, req["service_years"], on))
    if req["max_age"]:
        checks.append(_age_check(vacancy, req["max_age"], parts.birth_date))
    if req["no_moderate_heavy_discipline"]:
        checks.append(
            Check("discipline", _("Tidak pernah dijatuhi hukuman disiplin sedang atau berat"), CHECK, documents)
        )
    if req["predikat_baik_two_years"]:
        years = [on.year - 2, on.year - 1]
        label = _("Predikat kinerja minimal Baik pada %(y1)s dan %(y2)s") % {"y1": years[0], "y2": years[1]}
        checks.append(Check("predikat", label, CHECK, documents))
    if vacancy.leadership_training:
        checks.append(
            Check("training", _("Telah mengikuti %(t)s") % {"t": vacancy.leadership_training}, CHECK, documents)
        )
    if req["lhkpn_required"]:
        checks.append(
            Check(
                "lhkpn",
                _("Menyampaikan bukti LHKPN"),
                CHECK if has_lhkpn else NOT_MET,
                _("Bukti LHKPN yang diunggah diperiksa BKPP pada verifikasi administrasi.")
                if has_lhkpn
                else _("Unggah bukti penyampaian LHKPN."),
            )
        )
    if req["jpm_min"] is not None:
        checks.append(
            Check(
                "jpm",
                _("JPM terhadap standar jabatan minimal %(n)s%%") % {"n": format(req["jpm_min"].normalize(), "f")},
                CHECK,
                _("Belum dipetakan di Pemerintah Kota Semarang; diukur pada tahap asesmen kompetensi."),
            )
        )
    return checks


def _education_rank(code: str, order: dict[str, int]) -> int:
    """D-IV counts as S1: the regulation writes "S1/D-IV" as one level."""
    return order.get("S1" if code == "D4" else code, -1)


def _predikat_check(employee, on: dt.date) -> Check:
    years = [on.year - 2, on.year - 1]
    label = _("Predikat kinerja minimal Baik pada %(y1)s dan %(y2)s") % {"y1": years[0], "y2": years[1]}
    history = predikat_by_year([employee.pk], years)
    if history is None:
        return Check("predikat", label, NOT_MET, _("Data penilaian kinerja belum tersedia di sistem."))
    mine = history.get(employee.pk, {})
    missing = [str(y) for y in years if not mine.get(y)]
    if missing:
        return Check("predikat", label, NOT_MET, _("Predikat tahun %(y)s belum tercatat.") % {"y": ", ".join(missing)})
    codes = {y: str(mine[y]).lower().replace(" ", "_") for y in years}
    low = [f"{y}: {_predikat_label(codes[y])}" for y in years if codes[y] not in GOOD_PREDIKAT]
    if low:
        return Check("predikat", label, NOT_MET, _("Predikat di bawah Baik (%(v)s).") % {"v": "; ".join(low)})
    shown = ", ".join(f"{y}: {_predikat_label(codes[y])}" for y in years)
    return Check("predikat", label, MET, _("Predikat %(v)s.") % {"v": shown})


def _predikat_label(code: str) -> str:
    return code.replace("_", " ").title()


def is_eligible(checks: list[Check]) -> bool:
    return all(c.met for c in checks)


def as_json(checks: list[Check]) -> list[dict]:
    return [asdict(c) for c in checks]
