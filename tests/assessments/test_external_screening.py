"""Candidates from another government are screened against the vacancy's requirements like
employees: the same requirement labels, judged from the NIP (age on the announced day, years
of service) and what HR entered (education, rank); what only their documents show is for HR's
verification. A NIP of an active city employee is refused as "external"."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import eligibility, services
from assessments.models import Application, Vacancy
from positions.models import Rank
from semarang_asn.core.models import AuditEvent
from tests.factories import PDF_BYTES, PositionFactory

from .conftest import DURING, make_vacancy, publish

# Born 2 Jan 1970, appointed March 2000: 56 on 1 Jan 2026, 57 on 2 Jan 2027.
NIP_1970 = "197001022000031001"
# Born 1 Jan 1985, appointed April 2022: under 5 years of service in 2026.
NIP_RECENT = "198501012022041001"


def jpt_vacancy(org, hr, **requirements) -> Vacancy:
    seat = PositionFactory(
        code="P-JPT-X", title="Kepala Badan Contoh", org_unit=org["opd"], type="JPT", level="jpt_pratama"
    )
    vacancy = make_vacancy(seat, hr, predikat_baik_two_years=False, **requirements)
    return publish(vacancy, hr)


def register(vacancy, hr, *, nip=NIP_1970, education="S2", rank=None, documents=None):
    return services.application_register_external(
        vacancy=vacancy,
        nip=nip,
        name="Calon Luar",
        origin_agency="Pemerintah Kabupaten Demak",
        education=education,
        rank=rank,
        documents=documents if documents is not None else {"lhkpn": _pdf()},
        actor=hr,
        on=DURING,
    )


def _pdf():
    return SimpleUploadedFile("lhkpn.pdf", PDF_BYTES, content_type="application/pdf")


def test_an_external_candidate_gets_the_same_requirements_as_an_employee(org, hr_staff, employee_record):
    vacancy = jpt_vacancy(org, hr_staff, min_rank=Rank.objects.get(code="IV/a"))
    inside = eligibility.screen(vacancy, employee_record, on=DURING)
    outside = eligibility.screen_external(
        vacancy, nip=NIP_1970, education="S2", rank=Rank.objects.get(code="IV/b"), has_lhkpn=True, on=DURING
    )
    assert [(c.key, c.label) for c in outside] == [(c.key, c.label) for c in inside]


def test_a_registered_external_candidate_carries_the_screening_with_reasons(org, hr_staff):
    vacancy = jpt_vacancy(org, hr_staff)
    app = register(vacancy, hr_staff)
    checks = {c["key"]: c for c in app.screening}
    assert checks["education"]["status"] == "met" and "S2" in checks["education"]["reason"]
    assert checks["age"]["status"] == "met" and "Usia 56 tahun" in checks["age"]["reason"]
    assert checks["service"]["status"] == "check"  # 26 years since the TMT; the field is for HR
    for key in ("experience", "discipline", "lhkpn", "jpm"):
        assert checks[key]["status"] == "check", key
    assert "instansi asal" in checks["experience"]["reason"]
    assert "asesmen kompetensi" in checks["jpm"]["reason"]
    assert app.screening_outcome == "check"
    audit = AuditEvent.objects.get(action="application.register_external")
    assert audit.after["screening"] == app.screening


@pytest.mark.parametrize(
    ("reference", "accepted"),
    [
        (None, True),  # the last day of registration (20 March 2026): 56
        (dt.date(2027, 1, 1), True),  # the day before the 57th birthday
        (dt.date(2027, 1, 2), False),  # the 57th birthday
    ],
)
def test_the_age_of_an_external_candidate_is_measured_on_the_vacancy_reference_date(org, hr_staff, reference, accepted):
    vacancy = jpt_vacancy(org, hr_staff, age_reference_date=reference)
    if accepted:
        assert register(vacancy, hr_staff).screening
        return
    with pytest.raises(ValidationError, match="Usia paling tinggi 56 tahun: Usia 57 tahun"):
        register(vacancy, hr_staff)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"education": "D3"}, "Pendidikan minimal S1"),
        ({"nip": NIP_RECENT}, "Pengalaman minimal 5 tahun"),
        ({"documents": {}}, "Unggah bukti penyampaian LHKPN"),
        ({"rank": "III/d"}, "Pangkat minimal IV/a"),
        ({"rank": None}, "Riwayat pangkat belum tercatat"),
    ],
)
def test_an_external_candidate_who_misses_a_requirement_is_refused_with_the_reason(org, hr_staff, kwargs, reason):
    vacancy = jpt_vacancy(org, hr_staff, min_rank=Rank.objects.get(code="IV/a"))
    kwargs = {"rank": "IV/a", **kwargs}
    kwargs["rank"] = Rank.objects.get(code=kwargs["rank"]) if kwargs["rank"] else None
    with pytest.raises(ValidationError, match=reason):
        register(vacancy, hr_staff, **kwargs)
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(action="application.register_external").exists()


def test_the_nip_of_an_active_employee_is_refused_by_the_form(client_for, hr_staff, vacancy, employee_record):
    url = reverse("assessments:hr_external", args=[vacancy.pk])
    data = {"nip": employee_record.nip, "name": "Menyamar", "origin_agency": "Kab. Kendal", "education": "S1"}
    response = client_for(hr_staff).post(url, data)
    assert response.status_code == 400
    assert "milik pegawai aktif Pemerintah Kota Semarang" in response.content.decode()
    assert not Application.objects.exists()


def test_a_retired_employee_nip_may_register_as_external(hr_staff, vacancy, employee_record):
    employee_record.status = "retired"
    employee_record.save(update_fields=["status"])
    assert register(vacancy, hr_staff, nip=employee_record.nip, documents={}).is_external


def test_the_form_asks_the_rank_when_the_vacancy_has_a_minimum(client_for, org, hr_staff):
    vacancy = jpt_vacancy(org, hr_staff, min_rank=Rank.objects.get(code="IV/a"))
    url = reverse("assessments:hr_external", args=[vacancy.pk])
    data = {"nip": NIP_1970, "name": "Calon", "origin_agency": "Kab. Kendal", "education": "S2"}
    response = client_for(hr_staff).post(url, data)
    assert response.status_code == 400 and not Application.objects.exists()
    data.update(rank=Rank.objects.get(code="III/c").pk, lhkpn=_pdf())
    response = client_for(hr_staff).post(url, data)
    assert response.status_code == 400
    assert "Pangkat minimal IV/a" in response.content.decode()
    data.update(rank=Rank.objects.get(code="IV/b").pk, lhkpn=_pdf())
    response = client_for(hr_staff).post(url, data)
    assert response.status_code == 302 and response.url == reverse("assessments:hr_applicants", args=[vacancy.pk])
    assert Application.objects.get().screening


def test_hr_sees_every_applicant_screening_with_its_reasons(client_for, hr_staff, vacancy, employee_record, employee):
    services.application_submit(vacancy=vacancy, employee=employee_record, documents={}, actor=employee, on=DURING)
    register(vacancy, hr_staff, documents={})
    page = client_for(hr_staff).get(reverse("assessments:hr_applicants", args=[vacancy.pk])).content.decode()
    assert page.count("Penyaringan persyaratan") == 1
    assert "Tidak ada hukuman disiplin sedang/berat tercatat." in page  # the employee's
    assert "Dibuktikan dengan dokumen dari instansi asal" in page  # the outside candidate's
    assert "Sebagian diperiksa BKPP" in page and "Memenuhi semua" in page
