"""Each selection shows its real stage (rules.selection_phase), not "Diumumkan" for all."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments import rules
from assessments.models import Stage

OPENS, CLOSES = dt.date(2026, 3, 1), dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("status", "today", "admin_announced", "open_stage", "phase"),
    [
        ("draft", dt.date(2026, 3, 5), False, "administration", rules.PHASE_DRAFT),
        ("published", dt.date(2026, 2, 28), False, "administration", rules.PHASE_UPCOMING),
        ("published", OPENS, False, "administration", rules.PHASE_REGISTRATION),
        ("published", CLOSES, False, "administration", rules.PHASE_REGISTRATION),
        ("published", dt.date(2026, 3, 21), False, "administration", rules.PHASE_ADMINISTRATION),
        ("published", dt.date(2026, 3, 21), True, "administration", rules.PHASE_TRACK_RECORD),
        ("published", dt.date(2026, 3, 21), True, "competency", "competency"),
        ("published", dt.date(2026, 4, 9), True, "interview", "interview"),
        ("published", dt.date(2026, 4, 30), True, None, rules.PHASE_FINAL),
        ("proposed", dt.date(2026, 5, 1), True, None, rules.PHASE_DECISION),
        ("appointed", dt.date(2026, 5, 9), True, None, rules.PHASE_DONE),
        ("cancelled", dt.date(2026, 3, 5), False, "administration", rules.PHASE_CANCELLED),
    ],
)
def test_the_phase_of_a_selection(status, today, admin_announced, open_stage, phase):
    assert (
        rules.selection_phase(
            status=status,
            today=today,
            registration_opens=OPENS,
            registration_closes=CLOSES,
            admin_announced=admin_announced,
            open_stage=open_stage,
        )
        == phase
    )


def test_a_stage_phase_reads_as_the_stage():
    assert rules.phase_label("competency") == "Asesmen kompetensi"
    assert rules.phase_label(rules.PHASE_REGISTRATION) == "Pendaftaran"


@pytest.mark.django_db
def test_public_and_hr_pages_show_the_real_stage(client_for, hr_staff, vacancy, anonymous):
    # Registration closed in March and the administration result is not announced yet.
    public = anonymous.get(reverse("assessments:public_list")).content.decode()
    assert "Seleksi administrasi" in public
    detail = anonymous.get(reverse("assessments:public_detail", args=[vacancy.pk])).content.decode()
    assert 'id="selection-phase">Seleksi administrasi<' in detail
    vacancy.admin_announced_at = dt.datetime(2026, 3, 25, tzinfo=dt.UTC)
    vacancy.save(update_fields=["admin_announced_at"])
    Stage.objects.filter(vacancy=vacancy, kind="administration").update(state=Stage.State.ANNOUNCED)
    hr = client_for(hr_staff)
    first_open = Stage.objects.filter(vacancy=vacancy).exclude(state=Stage.State.ANNOUNCED).order_by("order").first()
    label = str(rules.STAGE_LABELS[first_open.kind])
    assert label in hr.get(reverse("assessments:hr_list")).content.decode()
    assert (
        f'id="selection-phase">{label}<' in hr.get(reverse("assessments:hr_detail", args=[vacancy.pk])).content.decode()
    )


@pytest.mark.django_db
def test_the_ppk_home_shows_decisions_waiting_instead_of_an_unlinked_account(client_for, official, finished):
    page = client_for(official).get("/").content.decode()
    assert "terhubung dengan data pegawai" not in page
    assert 'id="official-work"' in page
    assert reverse("assessments:official_decide", args=[finished.pk]) in page
    assert finished.title in page
    assert '<span class="badge text-bg-danger">1</span>' in page  # waiting decisions stand out


@pytest.mark.django_db
def test_the_ppk_home_with_nothing_to_decide_says_so(client_for, official):
    page = client_for(official).get("/").content.decode()
    assert "Tidak ada usulan yang menunggu keputusan Anda." in page
    assert "terhubung dengan data pegawai" not in page
    assert '<span class="badge text-bg-secondary">0</span>' in page  # no alarm colour for nothing
    assert "text-bg-danger" not in page
