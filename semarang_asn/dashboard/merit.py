"""The merit dashboard's figures, read from all four apps through their selectors, and the
eight aspects of the merit system index, each tied to the figures that evidence it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import selectors as assessment_selectors
from performance import rules as perf_rules
from performance import selectors as performance_selectors
from performance.eligibility import rules as eligibility_rules
from performance.eligibility import selectors as eligibility_selectors
from positions import selectors as position_selectors
from semarang_asn.core.figures import read_together
from training import rules as training_rules
from training import selectors as training_selectors

from . import aspects, charts
from .models import MeritAspectScore


def _pct(n: int, total: int) -> int:
    return round(n * 100 / total) if total else 0


def figures(*, year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    positions = position_selectors.merit_figures()
    selection = assessment_selectors.merit_figures()
    performance = performance_selectors.merit_figures()
    # Active employees and how many reached the JP target: summed from the per-OPD counts
    # PostgreSQL keeps current (training.compliance_counts), not counted over every employee.
    jp = training_selectors.compliance_totals(year=year)
    # The current snapshot's met counts per rule, stored with it (equal to counting its results).
    eligible = {"met": eligibility_selectors.met_counts()}
    successors = {"n": eligibility_selectors.key_positions_with_successor()}
    # Every count above in one query; each equals the underlying count (tests/dashboard/test_merit.py).
    read_together(
        positions, selection["by_status"], selection["objections"], performance["objections"], jp, eligible, successors
    )
    eligible = {code: eligible["met"].get(code, 0) for code, _label in eligibility_rules.RULE_CHOICES}
    nine_box = eligibility_selectors.nine_box()
    positions["employees"] = jp_total = jp["employees"]
    jp_on_target = jp["on_target"]
    data = {
        "year": year,
        "positions": positions,
        "selection": selection,
        "performance": performance,
        "jp": {"total": jp_total, "on_target": jp_on_target, "pct": _pct(jp_on_target, jp_total)},
        "jp_target": training_rules.YEARLY_JP_TARGET,
        "eligible": eligible,
        "nine_box": nine_box,
        "key_with_successor": successors["n"],
    }
    data["charts"] = {
        "predikat": charts.bars(
            [(str(perf_rules.PREDIKAT_LABELS[p]), n) for p, n in performance["distribution"].items()]
        ),
        "vacancies": charts.bars(
            [(str(label), selection["by_status"].get(code, 0)) for code, label in selection["labels"].items()]
        ),
        "jp": charts.bars([(_("Mencapai target"), jp_on_target), (_("Belum mencapai"), jp_total - jp_on_target)]),
        "eligible": charts.bars([(str(label), eligible[code]) for code, label in eligibility_rules.RULE_CHOICES]),
    }
    data["aspects"] = _aspects(data)
    return data


def _aspects(d: dict) -> list[dict]:
    p, s, perf, jp = d["positions"], d["selection"], d["performance"], d["jp"]
    evidence = {
        aspects.NEEDS: [
            (_("Formasi (kebutuhan)"), p["formasi"]),
            (_("Bezetting (terisi)"), p["bezetting"]),
            (_("Kursi kosong"), p["vacant"]),
        ],
        aspects.PROCUREMENT: [
            (_("Seleksi diumumkan terbuka"), sum(n for k, n in s["by_status"].items() if k != "draft")),
            (_("Seleksi selesai dengan pelantikan"), s["appointed"]),
        ],
        aspects.CAREER: [
            (_("Pegawai aktif dengan pemetaan kompetensi"), p["assessed"]),
            (_("Pegawai di kelompok talenta (kotak 7–9)"), d["nine_box"]["pool"]),
            (_("Jabatan kunci dengan suksesor"), d["key_with_successor"]),
            (_("Pegawai mencapai %(n)s JP tahun %(y)s") % {"n": d["jp_target"], "y": d["year"]}, jp["on_target"]),
        ],
        aspects.PROMOTION: [
            (_("Memenuhi syarat kenaikan pangkat reguler"), d["eligible"][eligibility_rules.KP_REGULER]),
            (_("Memenuhi syarat kenaikan pangkat pilihan"), d["eligible"][eligibility_rules.KP_PILIHAN]),
            (
                _("Rata-rata hari sampai jabatan terisi"),
                s["avg_days_to_fill"] if s["avg_days_to_fill"] is not None else "—",
            ),
        ],
        aspects.PERFORMANCE: [
            (_("Pegawai dengan predikat tahunan"), perf["rated"]),
            (_("OPD terkalibrasi"), perf["calibrated_units"]),
            (_("OPD melanggar kurva"), perf["breached_units"]),
        ],
        aspects.PAY_DISCIPLINE: [
            (_("Hukuman disiplin diputuskan tahun ini"), p["discipline_this_year"]),
        ],
        aspects.PROTECTION: [
            (
                _("Keberatan penilaian kinerja diputuskan"),
                f"{perf['objections']['decided']}/{perf['objections']['total']}",
            ),
            (_("Sanggahan seleksi dijawab"), f"{s['objections']['answered']}/{s['objections']['total']}"),
        ],
        aspects.INFORMATION: [
            (_("Pegawai aktif tercatat"), p["employees"]),
            (_("Pegawai dengan akun aplikasi"), p["with_account"]),
        ],
    }
    scores = {row.aspect: row for row in MeritAspectScore.objects.filter(year=d["year"]).select_related("recorded_by")}
    return [
        {"code": code, "label": label, "evidence": evidence[code], "score": scores.get(code)}
        for code, label in aspects.ASPECT_CHOICES
    ]
