import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Application, ConflictDeclaration, Decision, Score, Stage, Vacancy
from positions.models import Assignment
from semarang_asn.core import roles
from semarang_asn.core.models import AuditEvent
from tests.assessments.conftest import STAGES, declare_all, make_committee, make_vacancy, publish
from tests.factories import PDF_BYTES, UserFactory

SECRET_VALUE = "87.65"
SECRET_COMMENT = "KOMENTAR-RAHASIA-ASESOR-SATU"


def shown(value: str) -> str:
    """A decimal as Indonesian pages show it (comma separator)."""
    return value.replace(".", ",")


def leaks(body: str) -> bool:
    return SECRET_VALUE in body or shown(SECRET_VALUE) in body or SECRET_COMMENT in body


@pytest.fixture
def open_vacancy(seat, hr_staff):
    today = timezone.localdate()
    vacancy = make_vacancy(seat, hr_staff, opens=today - dt.timedelta(days=1), closes=today + dt.timedelta(days=20))
    return publish(vacancy, hr_staff, on=today)


# Public pages ----------------------------------------------------------------------------------


def test_the_public_list_shows_published_vacancies_without_login(anonymous, vacancy, seat, hr_staff, org):
    draft_seat = type(seat).objects.create(
        code="P-DRAFT", title="Jabatan Draf", org_unit=org["opd"], type="JA", level="pengawas", kelas_jabatan=9
    )
    make_vacancy(draft_seat, hr_staff).__class__.objects.filter(position=draft_seat).update(title="LOWONGAN-DRAF")
    response = anonymous.get(reverse("assessments:public_list"))
    assert response.status_code == 200
    assert vacancy.title.encode() in response.content
    assert b"LOWONGAN-DRAF" not in response.content


def test_a_draft_is_not_found_by_anonymous_users_or_employees(anonymous, client_for, draft, employee):
    assert anonymous.get(reverse("assessments:public_detail", args=[draft.pk])).status_code == 404
    assert client_for(employee).get(reverse("assessments:public_detail", args=[draft.pk])).status_code == 404
    assert client_for(employee).get(reverse("assessments:apply", args=[draft.pk])).status_code == 404


def test_the_public_page_shows_requirements_weights_schedule_count_and_tie_break(anonymous, vacancy, applications):
    response = anonymous.get(reverse("assessments:public_detail", args=[vacancy.pk]))
    text = response.content.decode()
    assert "Wawancara akhir" in text and "50%" in text
    assert "2 pelamar" in text
    assert "nomor pendaftaran yang lebih awal" in text
    assert "hukuman disiplin" in text


def test_scores_of_an_unannounced_stage_are_not_public(anonymous, scoring, committee, verified, hr_staff):
    for m in committee:
        for app in verified:
            services.score_submit(
                stage=scoring, application=app, member=m, value=SECRET_VALUE, comment="c", actor=m.user
            )
    services.stage_lock(stage=scoring, actor=hr_staff)
    page = anonymous.get(reverse("assessments:public_detail", args=[scoring.vacancy_id])).content.decode()
    assert not leaks(page)
    assert "Pengumuman hasil tahap" not in page
    services.stage_announce(stage=Stage.objects.get(pk=scoring.pk), actor=hr_staff)
    page = anonymous.get(reverse("assessments:public_detail", args=[scoring.vacancy_id])).content.decode()
    assert shown(SECRET_VALUE) in page and verified[0].registration_number in page
    assert "Peringkat akhir" not in page  # not the last stage


def test_the_final_ranking_with_per_stage_scores_is_public(anonymous, finished):
    page = anonymous.get(reverse("assessments:public_detail", args=[finished.pk])).content.decode()
    assert "Peringkat akhir" in page
    for value in ("83.50", "67.50", "80.00", "75.00", "90.00", "65.00"):
        assert shown(value) in page


def test_the_public_home_links_to_the_vacancies(anonymous):
    assert reverse("assessments:public_list").encode() in anonymous.get("/").content


# Employee ----------------------------------------------------------------------------------


def test_apply_page_shows_each_requirement_met_or_not(client_for, employee, open_vacancy):
    response = client_for(employee).get(reverse("assessments:apply", args=[open_vacancy.pk]))
    assert response.status_code == 200
    assert "Memenuhi" in response.content.decode()
    assert b"Kirim pendaftaran" in response.content


def test_an_employee_applies_online(client_for, employee, open_vacancy):
    response = client_for(employee).post(
        reverse("assessments:apply", args=[open_vacancy.pk]),
        {"confirm": "on", "paper": SimpleUploadedFile("makalah.pdf", PDF_BYTES, content_type="application/pdf")},
    )
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("assessments:my_application", args=[app.pk])
    assert app.documents.get().kind == "paper"


def test_an_ineligible_employee_sees_why_and_has_no_submit_button(client_for, employee, seat, hr_staff):
    today = timezone.localdate()
    vacancy = make_vacancy(
        seat, hr_staff, opens=today, closes=today + dt.timedelta(days=20), min_education="S2", max_age=25
    )
    publish(vacancy, hr_staff, on=today)
    page = client_for(employee).get(reverse("assessments:apply", args=[vacancy.pk])).content.decode()
    assert "Belum memenuhi" in page and "tanggal acuan usia dalam pengumuman" in page
    assert "Kirim pendaftaran" not in page
    client_for(employee).post(reverse("assessments:apply", args=[vacancy.pk]), {"confirm": "on"})
    assert not Application.objects.exists()


def test_a_bad_upload_re_renders_with_the_error(client_for, employee, open_vacancy):
    response = client_for(employee).post(
        reverse("assessments:apply", args=[open_vacancy.pk]),
        {"confirm": "on", "paper": SimpleUploadedFile("makalah.exe", b"MZ", content_type="application/octet-stream")},
    )
    assert response.status_code == 400
    assert "jenis berkas" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_requires_login(anonymous, open_vacancy):
    response = anonymous.get(reverse("assessments:apply", args=[open_vacancy.pk]))
    assert response.status_code == 302 and "/masuk/" in response.url


def test_an_employee_sees_only_their_own_applications(client_for, employee, other_employee, applications):
    mine, theirs = applications
    c = client_for(employee)
    assert c.get(reverse("assessments:my_application", args=[mine.pk])).status_code == 200
    assert c.get(reverse("assessments:my_application", args=[theirs.pk])).status_code == 404
    listing = c.get(reverse("assessments:my_applications")).content.decode()
    assert mine.registration_number in listing and theirs.registration_number not in listing


def test_documents_are_private(client_for, employee, other_employee, open_vacancy, assessor, anonymous):
    client_for(employee).post(
        reverse("assessments:apply", args=[open_vacancy.pk]),
        {"confirm": "on", "paper": SimpleUploadedFile("makalah.pdf", PDF_BYTES, content_type="application/pdf")},
    )
    doc = Application.objects.get().documents.get()
    url = reverse("assessments:document", args=[doc.pk])
    assert client_for(employee).get(url).status_code == 200
    assert client_for(other_employee).get(url).status_code == 404
    assert client_for(assessor).get(url).status_code == 404
    assert anonymous.get(url).status_code == 302


def test_an_applicant_files_an_objection_from_their_page(client_for, employee, vacancy, committee, verified, hr_staff):
    declare_all(committee, verified)
    today = timezone.localdate()
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=today)
    for m in committee:
        for app in verified:
            services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
    services.stage_lock(stage=stage, actor=hr_staff)
    services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=today)
    c = client_for(employee)
    page = c.get(reverse("assessments:my_application", args=[verified[0].pk])).content.decode()
    assert "Ajukan sanggahan" in page
    c.post(reverse("assessments:objection_file", args=[verified[0].pk, stage.pk]), {"text": "Mohon ditinjau"})
    assert verified[0].objections.get().text == "Mohon ditinjau"
    # Someone else's application: 404, nothing filed.
    response = c.post(reverse("assessments:objection_file", args=[verified[1].pk, stage.pk]), {"text": "x"})
    assert response.status_code == 404


def test_an_applicant_objects_to_the_administration_result_from_their_page(
    client_for, employee, vacancy, applications, hr_staff
):
    services.application_verify(application=applications[0], passed=False, reason="Ijazah tidak sah", actor=hr_staff)
    services.application_verify(application=applications[1], passed=True, reason="", actor=hr_staff)
    Vacancy.objects.filter(pk=vacancy.pk).update(registration_closes=timezone.localdate() - dt.timedelta(days=1))
    services.administration_announce(vacancy=vacancy, actor=hr_staff)
    c = client_for(employee)
    url = reverse("assessments:my_application", args=[applications[0].pk])
    page = c.get(url).content.decode()
    assert "Ajukan sanggahan atas hasil seleksi administrasi" in page and "masa sanggah sampai" in page
    response = c.post(
        reverse("assessments:objection_file_admin", args=[applications[0].pk]), {"text": "Ijazah saya sah"}, follow=True
    )
    assert "Sanggahan diajukan" in response.content.decode()
    objection = applications[0].objections.get()
    assert objection.stage is None and "Seleksi administrasi" in c.get(url).content.decode()
    # Someone else's application: 404, nothing filed.
    response = c.post(reverse("assessments:objection_file_admin", args=[applications[1].pk]), {"text": "x"})
    assert response.status_code == 404 and applications[1].objections.count() == 0
    # HR sees it and answers it in writing.
    hr = client_for(hr_staff)
    assert "Ijazah saya sah" in hr.get(reverse("assessments:hr_detail", args=[vacancy.pk])).content.decode()
    hr.post(reverse("assessments:hr_objection_answer", args=[objection.pk]), {"answer": "Ijazah diperiksa ulang."})
    objection.refresh_from_db()
    assert objection.answer == "Ijazah diperiksa ulang."
    assert (
        "masa sanggah sampai"
        in client_for(hr_staff).get(reverse("assessments:public_detail", args=[vacancy.pk])).content.decode()
    )


# HR ---------------------------------------------------------------------------------------


def _vacancy_post(seat, **overrides):
    today = timezone.localdate()
    data = {
        "position": seat.code,
        "title": "Seleksi Sekretaris",
        "registration_opens": today.isoformat(),
        "registration_closes": (today + dt.timedelta(days=20)).isoformat(),
        "names_to_official": "3",
        "experience_years": "0",
        "no_moderate_heavy_discipline": "on",
        "weight_administration": "20",
        "pass_administration": "60",
        "weight_competency": "30",
        "pass_competency": "60",
        "weight_interview": "50",
        "pass_interview": "60",
    }
    data.update(overrides)
    return data


def test_hr_opens_a_vacancy_by_form(client_for, hr_staff, seat):
    response = client_for(hr_staff).post(reverse("assessments:hr_create"), _vacancy_post(seat))
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert [(s.kind, s.weight) for s in vacancy.stages.all()] == [
        ("administration", Decimal("20")),
        ("competency", Decimal("30")),
        ("interview", Decimal("50")),
    ]


def test_weights_not_totalling_100_re_render_with_the_error(client_for, hr_staff, seat):
    response = client_for(hr_staff).post(reverse("assessments:hr_create"), _vacancy_post(seat, weight_interview="45"))
    assert response.status_code == 400
    assert "tepat 100%" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_the_form_explains_each_levels_requirements_and_refuses_a_looser_one(client_for, hr_staff, org):
    from tests.factories import PositionFactory

    jpt = PositionFactory(code="P-JPT", org_unit=org["opd"], type="JPT", level="jpt_pratama", kelas_jabatan=14)
    client = client_for(hr_staff)
    page = client.get(reverse("assessments:hr_create")).content.decode()
    assert "Persyaratan jenjang (otomatis)" in page and "usia paling tinggi 56 tahun" in page
    response = client.post(reverse("assessments:hr_create"), _vacancy_post(jpt, max_age="60"))
    assert response.status_code == 400
    assert "persyaratan hanya dapat diperketat" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_editing_a_published_vacancy_is_refused_and_audited(client_for, hr_staff, vacancy, seat):
    c = client_for(hr_staff)
    url = reverse("assessments:hr_edit", args=[vacancy.pk])
    for data in (
        _vacancy_post(seat, registration_opens="2026-03-01", registration_closes="2026-03-20", max_age="40"),
        {"title": ""},  # even an invalid form is refused, not re-rendered as if it could be saved
    ):
        response = c.post(url, data)
        # Refused: 400 with the vacancy's page and the reason, not a redirect that looks like success.
        assert response.status_code == 400 and response.request["PATH_INFO"] == url
        assert response.context["vacancy"] == vacancy and "sudah diumumkan" in response.content.decode()
    assert Vacancy.objects.get(pk=vacancy.pk).max_age is None
    assert AuditEvent.objects.filter(action="vacancy.change_refused").count() == 2


def test_a_published_vacancy_offers_no_edit_form(client_for, hr_staff, vacancy):
    response = client_for(hr_staff).get(reverse("assessments:hr_edit", args=[vacancy.pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("assessments:hr_detail", args=[vacancy.pk])
    assert "tidak dapat diubah lagi" in page and "Simpan draf" not in page


def test_hr_publishes_a_draft(client_for, hr_staff, seat):
    today = timezone.localdate()
    draft = make_vacancy(seat, hr_staff, opens=today, closes=today + dt.timedelta(days=20))
    make_committee(draft, hr_staff)
    client_for(hr_staff).post(reverse("assessments:hr_publish", args=[draft.pk]), {"confirmed": "1"})
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.PUBLISHED


def test_a_draft_without_a_lawful_committee_is_not_published_and_hr_is_told_why(client_for, hr_staff, seat):
    today = timezone.localdate()
    draft = make_vacancy(seat, hr_staff, opens=today, closes=today + dt.timedelta(days=20))
    make_committee(draft, hr_staff, size=4, internal=1, confirm=False)
    response = client_for(hr_staff).post(
        reverse("assessments:hr_publish", args=[draft.pk]), {"confirmed": "1"}, follow=True
    )
    said = " ".join(str(m) for m in response.context["messages"])
    assert "susunan pansel belum memenuhi ketentuan" in said and "harus ganjil" in said
    assert Vacancy.objects.get(pk=draft.pk).status == Vacancy.Status.DRAFT


@pytest.mark.parametrize("name", ["hr_list", "hr_create"])
def test_hr_pages_need_login_and_the_hr_role(anonymous, client_for, employee, assessor, official, name):
    url = reverse(f"assessments:{name}")
    assert anonymous.get(url).status_code == 302
    for user in (employee, assessor, official):
        assert client_for(user).get(url).status_code == 403


def test_hr_vacancy_pages_are_hr_only(client_for, employee, assessor, hr_staff, vacancy, committee):
    stage = vacancy.stages.first()
    for url in (
        reverse("assessments:hr_detail", args=[vacancy.pk]),
        reverse("assessments:hr_stage", args=[stage.pk]),
        reverse("assessments:hr_stage_export", args=[stage.pk, "csv"]),
    ):
        assert client_for(hr_staff).get(url).status_code == 200
        assert client_for(employee).get(url).status_code == 403
        assert client_for(committee[0].user).get(url).status_code == 403


def test_hr_verifies_administration_with_a_reason(client_for, hr_staff, vacancy, applications):
    app = applications[0]
    url = reverse("assessments:hr_verify", args=[vacancy.pk, app.pk])
    client_for(hr_staff).post(url, {"passed": "0", "reason": ""})
    assert Application.objects.get(pk=app.pk).admin_status == "pending"
    client_for(hr_staff).post(url, {"passed": "0", "reason": "Ijazah tidak dilegalisasi"})
    assert Application.objects.get(pk=app.pk).admin_status == "failed"


def test_hr_registers_an_external_candidate_by_form(client_for, hr_staff, vacancy):
    url = reverse("assessments:hr_external", args=[vacancy.pk])
    bad = client_for(hr_staff).post(url, {"nip": "1", "name": "X", "origin_agency": "Kab. Kendal", "education": "S1"})
    assert bad.status_code == 400 and "18 digit" in bad.content.decode()
    client_for(hr_staff).post(
        url, {"nip": "198001012005011001", "name": "Budi", "origin_agency": "Kab. Kendal", "education": "S1"}
    )
    assert Application.objects.get().origin_agency == "Kab. Kendal"


def test_hr_builds_and_confirms_a_committee_by_form(client_for, hr_staff, draft):
    from semarang_asn.core import roles

    vacancy = draft
    c = client_for(hr_staff)
    for i in range(5):
        user = UserFactory(username=f"a{i}", groups=[roles.ASSESSOR])
        c.post(
            reverse("assessments:hr_committee_add", args=[vacancy.pk]), {"user": user.username, "is_internal": i < 3}
        )
    assert vacancy.committee.count() == 5
    page = c.post(reverse("assessments:hr_committee_confirm", args=[vacancy.pk]))
    assert Vacancy.objects.get(pk=vacancy.pk).committee_confirmed_at is None  # 3 of 5 internal = 60 %
    assert page.status_code == 400 and page.context["vacancy"] == vacancy
    assert "Anggota internal paling banyak" in [str(m) for m in page.context["messages"]][-1]


def test_hr_locks_and_announces_a_stage_and_calibrates_with_a_reason(
    client_for, hr_staff, scoring, committee, verified
):
    for m, value in zip(committee, [60, 62, 64, 66, 99], strict=True):
        for app in verified:
            services.score_submit(stage=scoring, application=app, member=m, value=value, comment="c", actor=m.user)
    c = client_for(hr_staff)
    board = c.get(reverse("assessments:hr_stage", args=[scoring.pk])).content.decode()
    assert "table-warning" in board  # 39-point spread flagged
    outlier = Score.objects.filter(value=99).first()
    c.post(reverse("assessments:hr_score_adjust", args=[outlier.pk]), {"value": "70", "reason": ""})
    assert Score.objects.get(pk=outlier.pk).value == Decimal("99")
    c.post(reverse("assessments:hr_score_adjust", args=[outlier.pk]), {"value": "70", "reason": "Kalibrasi rubrik"})
    assert Score.objects.get(pk=outlier.pk).value == Decimal("70")
    c.post(reverse("assessments:hr_stage_action", args=[scoring.pk, "lock"]), {"confirmed": "1"})
    c.post(reverse("assessments:hr_stage_action", args=[scoring.pk, "announce"]), {"confirmed": "1"})
    assert Stage.objects.get(pk=scoring.pk).state == Stage.State.ANNOUNCED


def test_unknown_stage_actions_are_not_found(client_for, hr_staff, scoring):
    assert client_for(hr_staff).post(reverse("assessments:hr_stage_action", args=[scoring.pk, "x"])).status_code == 404


# Assessor ----------------------------------------------------------------------------------


def test_an_assessor_sees_only_committees_they_sit_on(client_for, vacancy, committee, assessor):
    outsider = client_for(assessor)
    assert vacancy.title not in outsider.get(reverse("assessments:committee_list")).content.decode()
    assert outsider.get(reverse("assessments:committee_detail", args=[vacancy.pk])).status_code == 404
    assert outsider.get(reverse("assessments:committee_export", args=[vacancy.pk, "csv"])).status_code == 404
    member = client_for(committee[0].user)
    assert vacancy.title in member.get(reverse("assessments:committee_list")).content.decode()


def test_committee_pages_are_for_assessors(client_for, employee, vacancy, committee, anonymous):
    url = reverse("assessments:committee_detail", args=[vacancy.pk])
    assert anonymous.get(url).status_code == 302
    assert client_for(employee).get(url).status_code == 403


def test_the_declaration_comes_before_documents_and_scoring(client_for, scoring, committee, verified):
    member = committee[0]
    ConflictDeclaration.objects.filter(member=member).delete()
    c = client_for(member.user)
    url = reverse("assessments:committee_applicant", args=[scoring.vacancy_id, verified[0].pk])
    page = c.get(url).content.decode()
    assert "konflik kepentingan" in page and "Kirim nilai" not in page
    c.post(url, {"has_conflict": "0", "statement": "", "confirmed": "1"})
    page = c.get(url).content.decode()
    assert "Kirim nilai" in page


def test_a_declared_conflict_hides_the_applicant_from_the_assessor(client_for, scoring, committee, verified):
    member = committee[0]
    ConflictDeclaration.objects.filter(member=member).delete()
    c = client_for(member.user)
    url = reverse("assessments:committee_applicant", args=[scoring.vacancy_id, verified[0].pk])
    c.post(url, {"has_conflict": "1", "statement": "Adik kandung", "confirmed": "1"})
    assert c.get(url).status_code == 404
    listing = c.get(reverse("assessments:committee_detail", args=[scoring.vacancy_id])).content.decode()
    assert verified[0].registration_number not in listing
    assert "mengundurkan diri dari 1 pelamar" in listing


def test_an_assessor_scores_by_form_and_the_score_locks(client_for, scoring, committee, verified):
    member = committee[0]
    c = client_for(member.user)
    url = reverse("assessments:committee_applicant", args=[scoring.vacancy_id, verified[0].pk])
    bad = c.post(url, {"value": "120", "comment": "x"})
    assert bad.status_code == 400 and not Score.objects.exists()
    c.post(url, {"value": "81", "comment": "Rekam jejak kuat", "confirmed": "1"})
    assert Score.objects.get().value == Decimal("81")
    again = c.post(url, {"value": "99", "comment": "ubah", "confirmed": "1"}, follow=True)
    assert "sudah dikirim dan terkunci" in again.content.decode()
    assert Score.objects.get().value == Decimal("81")
    assert "terkunci" in c.get(url).content.decode()


def test_scoring_when_no_stage_is_being_scored_says_so(client_for, vacancy, committee, verified):
    declare_all(committee, verified)
    c = client_for(committee[0].user)
    url = reverse("assessments:committee_applicant", args=[vacancy.pk, verified[0].pk])
    response = c.post(url, {"value": "80", "comment": "x", "confirmed": "1"}, follow=True)
    assert "Tidak ada tahap yang sedang dinilai" in response.content.decode()
    assert not Score.objects.exists()


def test_an_assessor_cannot_read_another_score_before_submitting_on_any_page_or_export(
    client_for, scoring, committee, verified, anonymous, employee
):
    first, second = committee[0], committee[1]
    app = verified[0]
    services.score_submit(
        stage=scoring, application=app, member=first, value=SECRET_VALUE, comment=SECRET_COMMENT, actor=first.user
    )
    c = client_for(second.user)
    vid = scoring.vacancy_id
    pages = [
        reverse("assessments:committee_list"),
        reverse("assessments:committee_detail", args=[vid]),
        reverse("assessments:committee_applicant", args=[vid, app.pk]),
        reverse("assessments:committee_applicant", args=[vid, verified[1].pk]),
        reverse("assessments:committee_export", args=[vid, "csv"]),
        reverse("assessments:public_detail", args=[vid]),
        reverse("assessments:public_list"),
        reverse("dashboard:home"),
    ]
    for url in pages:
        response = c.get(url)
        assert response.status_code == 200, url
        assert not leaks(response.content.decode()), url
    for url in (
        reverse("assessments:hr_stage", args=[scoring.pk]),
        reverse("assessments:hr_stage_export", args=[scoring.pk, "csv"]),
    ):
        assert c.get(url).status_code == 403
    # The applicant and the public do not see individual scores either.
    for client in (anonymous, client_for(employee)):
        for url in (
            reverse("assessments:public_detail", args=[vid]),
            reverse("assessments:my_application", args=[app.pk]),
        ):
            assert not leaks(client.get(url).content.decode())
    # After submitting their own, the other score becomes visible.
    c.post(
        reverse("assessments:committee_applicant", args=[vid, app.pk]),
        {"value": "70", "comment": "milik saya", "confirmed": "1"},
    )
    assert SECRET_COMMENT in c.get(reverse("assessments:committee_applicant", args=[vid, app.pk])).content.decode()
    assert SECRET_VALUE in c.get(reverse("assessments:committee_export", args=[vid, "csv"])).content.decode()
    # ...but only for that applicant and stage.
    export_lines = c.get(reverse("assessments:committee_export", args=[vid, "csv"])).content.decode().splitlines()
    assert all(app.registration_number in line for line in export_lines[1:])


def test_hr_staff_on_the_committee_cannot_read_other_scores_before_submitting_nor_calibrate(
    client_for, vacancy, committee, verified, hr_staff
):
    """Someone who is both HR and a committee member gets no way round blind scoring."""
    from django.contrib.auth.models import Group

    *others, me = committee
    dual = me.user
    dual.groups.add(Group.objects.get(name=roles.HR))
    declare_all([*others, me], verified)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=timezone.localdate())
    app = verified[0]
    services.score_submit(
        stage=stage, application=app, member=others[0], value=SECRET_VALUE, comment=SECRET_COMMENT, actor=others[0].user
    )
    c = client_for(dual)
    board_url = reverse("assessments:hr_stage", args=[stage.pk])
    export_url = reverse("assessments:hr_stage_export", args=[stage.pk, "csv"])
    for url in (board_url, export_url, reverse("assessments:hr_detail", args=[vacancy.pk])):
        response = c.get(url)
        assert response.status_code == 200, url
        assert not leaks(response.content.decode()), url
    score = Score.objects.get(member=others[0])
    response = c.post(
        reverse("assessments:hr_score_adjust", args=[score.pk]), {"value": "50", "reason": "kalibrasi"}, follow=True
    )
    assert "tidak dapat mengkalibrasi" in response.content.decode()
    assert Score.objects.get(pk=score.pk).value == Decimal(SECRET_VALUE)
    # Plain HR staff (not on the committee) see the board in full.
    assert SECRET_COMMENT in client_for(hr_staff).get(board_url).content.decode()
    # Once the dual user has submitted their own score for that applicant, theirs and the others' show.
    c.post(
        reverse("assessments:committee_applicant", args=[vacancy.pk, app.pk]),
        {"value": "70", "comment": "milik saya", "confirmed": "1"},
    )
    assert SECRET_COMMENT in c.get(board_url).content.decode()
    assert SECRET_VALUE in c.get(export_url).content.decode()


def test_the_board_shows_who_is_recused(client_for, vacancy, committee, verified, hr_staff):
    services.conflict_declare(
        member=committee[0], application=verified[0], has_conflict=True, statement="Saudara", actor=committee[0].user
    )
    declare_all(committee[1:], verified)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=timezone.localdate())
    page = client_for(hr_staff).get(reverse("assessments:hr_stage", args=[stage.pk])).content.decode()
    assert page.count(">mundur<") == 1


def test_a_recused_assessor_never_sees_the_scores_of_that_applicant(client_for, vacancy, committee, verified, hr_staff):
    a = verified[0]
    recused = committee[4]
    services.conflict_declare(member=recused, application=a, has_conflict=True, statement="Ipar", actor=recused.user)
    for m in committee[:4]:
        services.conflict_declare(member=m, application=a, has_conflict=False, statement="", actor=m.user)
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=dt.date(2026, 3, 21))
    services.score_submit(
        stage=stage,
        application=a,
        member=committee[0],
        value=SECRET_VALUE,
        comment=SECRET_COMMENT,
        actor=committee[0].user,
    )
    c = client_for(recused.user)
    assert not leaks(c.get(reverse("assessments:committee_export", args=[vacancy.pk, "csv"])).content.decode())
    assert not leaks(c.get(reverse("assessments:committee_detail", args=[vacancy.pk])).content.decode())


# Appointing official ----------------------------------------------------------------------------


def test_the_official_appoints_by_form(client_for, official, finished, seat):
    c = client_for(official)
    assert finished.title in c.get(reverse("assessments:official_list")).content.decode()
    second = Application.objects.get(vacancy=finished, final_rank=2)
    url = reverse("assessments:official_decide", args=[finished.pk])
    data = {"application": second.pk, "start_date": "2026-05-04", "decree_number": "821/1", "reason": ""}
    response = c.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 400 and "alasan" in response.content.decode().lower()
    assert not Decision.objects.exists()
    c.post(url, {**data, "reason": "Pengalaman lapangan", "confirmed": "1"})
    assert Assignment.objects.get(position=seat).employee_id == second.employee_id


def test_official_pages_are_for_the_official(client_for, employee, hr_staff, finished, anonymous):
    url = reverse("assessments:official_decide", args=[finished.pk])
    assert anonymous.get(url).status_code == 302
    assert client_for(employee).get(url).status_code == 403


def test_a_vacancy_not_yet_proposed_is_not_shown_to_the_official(client_for, official, vacancy):
    assert client_for(official).get(reverse("assessments:official_decide", args=[vacancy.pk])).status_code == 404


def test_after_appointment_the_public_page_shows_the_result(anonymous, official, finished):
    top = Application.objects.get(vacancy=finished, final_rank=1)
    services.appointment_decide(
        vacancy=finished, application=top, reason="", start_date=dt.date(2026, 5, 2), actor=official
    )
    page = anonymous.get(reverse("assessments:public_detail", args=[finished.pk])).content.decode()
    assert 'id="selection-phase">Selesai<' in page and top.name in page


def test_the_home_page_lists_open_vacancies_for_an_employee(client_for, employee, open_vacancy):
    page = client_for(employee).get(reverse("dashboard:home")).content.decode()
    assert "Lowongan yang dibuka" in page


# Query counts ------------------------------------------------------------------------------------


def _grow(vacancy, hr_staff, n, seat_factory):
    """n more published vacancies with an applicant each (for list pages)."""
    for i in range(n):
        seat = seat_factory(i)
        v = make_vacancy(seat, hr_staff, stages=STAGES)
        publish(v, hr_staff)


def _extra_applicants(vacancy, hr_staff, n, start):
    for i in range(n):
        app = services.application_register_external(
            vacancy=vacancy,
            nip=f"19800101200501100{start + i}"[:15] + f"{start + i:03d}",
            name=f"Pelamar {start + i}",
            origin_agency="Kab. Demak",
            education="S1",
            documents={},
            actor=hr_staff,
        )
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)


@pytest.mark.parametrize("page_name", ["public_detail", "hr_detail", "committee_detail", "hr_stage"])
def test_detail_pages_use_a_constant_number_of_queries(
    client_for, hr_staff, vacancy, committee, django_assert_max_num_queries, page_name, applications
):
    for app in applications:
        services.application_verify(application=app, passed=True, reason="", actor=hr_staff)
    hr, member = client_for(hr_staff), client_for(committee[0].user)
    stage = vacancy.stages.first()
    urls = {
        "public_detail": (hr, reverse("assessments:public_detail", args=[vacancy.pk])),
        "hr_detail": (hr, reverse("assessments:hr_detail", args=[vacancy.pk])),
        "hr_stage": (hr, reverse("assessments:hr_stage", args=[stage.pk])),
        "committee_detail": (member, reverse("assessments:committee_detail", args=[vacancy.pk])),
    }

    def get():
        client, url = urls[page_name]
        return client.get(url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert get().status_code == 200
    _extra_applicants(vacancy, hr_staff, 6, start=10)
    with CaptureQueriesContext(connection) as large:
        assert get().status_code == 200
    assert len(large) == len(small)
    with django_assert_max_num_queries(20):
        get()


@pytest.mark.parametrize("name", ["public_list", "hr_list", "committee_list", "my_applications"])
def test_list_pages_use_a_constant_number_of_queries(client_for, hr_staff, vacancy, org, name, committee, employee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PositionFactory

    user = {"hr_list": hr_staff, "committee_list": committee[0].user, "my_applications": employee}.get(name, hr_staff)
    client = client_for(user)

    def get():
        return client.get(reverse(f"assessments:{name}"))

    with CaptureQueriesContext(connection) as small:
        assert get().status_code == 200
    for i in range(4):
        seat = PositionFactory(code=f"P-X{i}", org_unit=org["opd"], type="JA", level="pengawas", kelas_jabatan=9)
        v = publish(make_vacancy(seat, hr_staff), hr_staff)  # committee[0].user sits on each pansel
        _extra_applicants(v, hr_staff, 2, start=100 + 10 * i)
    with CaptureQueriesContext(connection) as large:
        assert get().status_code == 200
    assert len(large) == len(small)


def test_hr_is_warned_when_a_closed_registration_drew_too_few_applicants(client_for, hr_staff, vacancy, applications):
    page = client_for(hr_staff).get(reverse("assessments:hr_detail", args=[vacancy.pk])).content.decode()
    assert "kurang dari 4 pelamar" in page


def test_hr_answers_an_objection_in_writing(client_for, hr_staff, vacancy, committee, verified, employee):
    declare_all(committee, verified)
    today = timezone.localdate()
    stage = services.stage_open(stage=vacancy.stages.first(), actor=hr_staff, on=today)
    for m in committee:
        for app in verified:
            services.score_submit(stage=stage, application=app, member=m, value=80, comment="c", actor=m.user)
    services.stage_lock(stage=stage, actor=hr_staff)
    stage = services.stage_announce(stage=Stage.objects.get(pk=stage.pk), actor=hr_staff, on=today)
    objection = services.objection_file(stage=stage, application=verified[0], text="Mohon ditinjau", actor=employee)
    c = client_for(hr_staff)
    c.post(reverse("assessments:hr_objection_answer", args=[objection.pk]), {"answer": ""})
    objection.refresh_from_db()
    assert objection.answered_at is None
    c.post(reverse("assessments:hr_objection_answer", args=[objection.pk]), {"answer": "Nilai sudah sesuai rubrik."})
    objection.refresh_from_db()
    assert objection.answer == "Nilai sudah sesuai rubrik." and objection.answered_by == hr_staff
    page = client_for(employee).get(reverse("assessments:my_application", args=[verified[0].pk])).content.decode()
    assert "Mohon ditinjau" in page and "Nilai sudah sesuai rubrik." in page
    assert client_for(employee).post(reverse("assessments:hr_objection_answer", args=[objection.pk])).status_code == 403


def test_hr_cannot_propose_before_every_stage_is_announced(client_for, hr_staff, scoring):
    c = client_for(hr_staff)
    response = c.post(reverse("assessments:hr_propose", args=[scoring.vacancy_id]), follow=True)
    assert "Semua tahap harus sudah diumumkan" in response.content.decode()
    assert Vacancy.objects.get(pk=scoring.vacancy_id).status == Vacancy.Status.PUBLISHED


def test_hr_removes_a_member_before_the_committee_is_confirmed(client_for, hr_staff, draft):
    from semarang_asn.core import roles

    vacancy = draft
    member = services.committee_member_add(
        vacancy=vacancy, user=UserFactory(username="a1", groups=[roles.ASSESSOR]), is_internal=True, actor=hr_staff
    )
    client_for(hr_staff).post(reverse("assessments:hr_committee_remove", args=[vacancy.pk, member.pk]))
    assert not vacancy.committee.exists()


def test_another_members_conflict_does_not_hide_the_applicant_from_me(client_for, scoring, committee, verified):
    ConflictDeclaration.objects.filter(member=committee[4], application=verified[0]).update(has_conflict=True)
    page = client_for(committee[0].user).get(reverse("assessments:committee_detail", args=[scoring.vacancy_id]))
    assert verified[0].registration_number in page.content.decode()
    page = client_for(committee[4].user).get(reverse("assessments:committee_detail", args=[scoring.vacancy_id]))
    assert verified[0].registration_number not in page.content.decode()


def test_exports_neutralise_spreadsheet_formulas(client_for, hr_staff, scoring, committee, verified):
    m = committee[0]
    services.score_submit(
        stage=scoring, application=verified[0], member=m, value=80, comment="=HYPERLINK(1)", actor=m.user
    )
    body = client_for(hr_staff).get(reverse("assessments:hr_stage_export", args=[scoring.pk, "csv"])).content.decode()
    assert "'=HYPERLINK(1)" in body


def test_the_administration_result_is_public_once_announced(anonymous, client_for, hr_staff, vacancy, applications):
    services.application_verify(application=applications[0], passed=True, reason="", actor=hr_staff)
    services.application_verify(application=applications[1], passed=False, reason="RAHASIA-ALASAN", actor=hr_staff)
    url = reverse("assessments:public_detail", args=[vacancy.pk])
    assert applications[0].registration_number not in anonymous.get(url).content.decode()
    vacancy.registration_closes = timezone.localdate() - dt.timedelta(days=1)
    Vacancy.objects.filter(pk=vacancy.pk).update(registration_closes=vacancy.registration_closes)
    client_for(hr_staff).post(reverse("assessments:hr_admin_announce", args=[vacancy.pk]))
    page = anonymous.get(url).content.decode()
    assert "Pengumuman hasil seleksi administrasi" in page
    assert applications[0].registration_number in page and "Tidak memenuhi syarat" in page
    assert "RAHASIA-ALASAN" not in page


def test_the_administration_result_cannot_be_announced_while_registration_runs(client_for, hr_staff, open_vacancy):
    c = client_for(hr_staff)
    assert (
        "Umumkan hasil administrasi"
        not in c.get(reverse("assessments:hr_detail", args=[open_vacancy.pk])).content.decode()
    )
    response = c.post(reverse("assessments:hr_admin_announce", args=[open_vacancy.pk]), follow=True)
    assert "Pendaftaran belum ditutup" in response.content.decode() or "Belum ada pelamar" in response.content.decode()
    assert Vacancy.objects.get(pk=open_vacancy.pk).admin_announced_at is None


def test_hr_cancels_a_selection_and_the_public_page_says_why(client_for, hr_staff, vacancy, anonymous, employee):
    url = reverse("assessments:hr_cancel", args=[vacancy.pk])
    assert client_for(employee).post(url, {"reason": "x"}).status_code == 403
    c = client_for(hr_staff)
    response = c.post(url, {"reason": ""}, follow=True)
    assert "Tulis alasan pembatalan" in response.content.decode()
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.PUBLISHED
    assert "Batalkan seleksi" in c.get(reverse("assessments:hr_detail", args=[vacancy.pk])).content.decode()
    c.post(url, {"reason": "Tidak ada pelamar yang memenuhi syarat.", "confirmed": "1"})
    assert Vacancy.objects.get(pk=vacancy.pk).status == Vacancy.Status.CANCELLED
    page = anonymous.get(reverse("assessments:public_detail", args=[vacancy.pk])).content.decode()
    assert "dibatalkan" in page and "Tidak ada pelamar yang memenuhi syarat." in page
    assert "Daftar sekarang" not in page


def test_only_an_employee_sees_daftar_sekarang_and_others_are_told_how_to_apply(
    client_for, open_vacancy, employee, official, anonymous
):
    url = reverse("assessments:public_detail", args=[open_vacancy.pk])
    apply_url = reverse("assessments:apply", args=[open_vacancy.pk])
    as_employee = client_for(employee).get(url).content.decode()
    assert apply_url in as_employee and 'id="how-to-apply"' not in as_employee
    for client in (anonymous, client_for(official)):
        page = client.get(url).content.decode()
        assert apply_url not in page
        assert 'id="how-to-apply"' in page and "melalui BKPP" in page
    # Following an old link is not a 404: the vacancy page explains.
    response = client_for(official).get(apply_url)
    assert response.status_code == 302 and response.url == url
