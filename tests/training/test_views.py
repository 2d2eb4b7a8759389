import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone, translation

from semarang_asn.core.models import AuditEvent
from training import services
from training.forms import CatalogueFilterForm
from training.models import Course, ExternalTraining, JpCredit, Lesson, Question, SocialisationMaterial

from .conftest import build_course, complete_course, right_answers

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"training:{name}", args=args)


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["catalogue", "mine", "recommendations", "external_new"],
)
def test_employee_pages_need_a_login(anonymous, name):
    response = anonymous.get(url(name))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["hr_courses", "hr_course_new", "hr_external", "hr_compliance", "hr_socialisation", "hr_socialisation_new"]
)
def test_hr_pages_refuse_employees(client_for, employee, name):
    assert client_for(employee).get(url(name)).status_code == 403


@pytest.mark.parametrize("name", ["mine", "recommendations", "external_new"])
def test_users_without_an_employee_record_get_a_sensible_page(client_for, official, name):
    response = client_for(official).get(url(name))
    assert response.status_code == 200
    assert "tidak terhubung dengan data pegawai" in response.content.decode()


def test_an_employee_cannot_open_anothers_progress_attempt_or_certificate(
    client_for, hr_staff, employee_record, other_employee
):
    course = build_course(hr_staff)
    enrollment = complete_course(employee_record, course, day=dt.date(2026, 2, 2))
    attempt = enrollment.attempts.get()
    lesson = course.lessons.first()
    outsider = client_for(other_employee)

    assert outsider.get(url("lesson", course.pk, lesson.pk)).status_code == 404
    assert outsider.get(url("quiz", course.pk)).status_code == 404
    assert outsider.get(url("attempt", course.pk, attempt.pk)).status_code == 404
    assert outsider.get(url("certificate_pdf", enrollment.certificate.pk)).status_code == 404
    assert client_for(employee_record.user).get(url("certificate_pdf", enrollment.certificate.pk)).status_code == 200


def test_an_employee_cannot_open_anothers_external_certificate_but_hr_can(
    client_for, hr_staff, employee_record, other_employee
):
    row = services.external_submit(
        employee=employee_record,
        title="Bimtek",
        organiser="LKPP",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 1, 2),
        jp=Decimal("8"),
        certificate_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert client_for(other_employee).get(url("external_file", row.pk)).status_code == 404
    assert client_for(employee_record.user).get(url("external_file", row.pk)).status_code == 200
    assert client_for(hr_staff).get(url("external_file", row.pk)).status_code == 200


def test_drafts_are_hidden_from_employees(client_for, hr_staff, employee):
    draft = build_course(hr_staff, publish=False)
    assert client_for(employee).get(url("course", draft.pk)).status_code == 404
    assert client_for(hr_staff).get(url("course", draft.pk)).status_code == 200
    assert draft.title not in client_for(employee).get(url("catalogue")).content.decode()


# --- catalogue -----------------------------------------------------------------------------


def test_the_catalogue_searches_and_filters(client_for, hr_staff, employee):
    build_course(hr_staff, code="A", title="Integritas dan Antikorupsi", modality="elearning")
    build_course(hr_staff, code="B", title="Penulisan Naskah Dinas", modality="classical", competencies=[("M.03", 2)])
    build_course(
        hr_staff, code="C", title="PKP Angkatan I", leadership="PKP", mandatory_levels=["pengawas"], competencies=[]
    )
    client = client_for(employee)

    def titles(**params):
        html = client.get(url("catalogue"), params).content.decode()
        return {t for t in ("Integritas dan Antikorupsi", "Penulisan Naskah Dinas", "PKP Angkatan I") if t in html}

    assert titles() == {"Integritas dan Antikorupsi", "Penulisan Naskah Dinas", "PKP Angkatan I"}
    assert titles(q="naskah") == {"Penulisan Naskah Dinas"}
    assert titles(modality="classical") == {"Penulisan Naskah Dinas"}
    assert titles(competency="M.03") == {"Penulisan Naskah Dinas"}
    assert titles(mandatory="on") == set()  # a Pelaksana: PKP is mandatory for Pengawas


def test_mandatory_for_my_level_finds_pkp_for_a_pengawas(client_for, hr_staff, supervisor):
    build_course(hr_staff, code="A", title="Tata Naskah Dinas", competencies=[])
    build_course(hr_staff, code="C", title="PKP Angkatan I", leadership="PKP", mandatory_levels=["pengawas"])
    html = client_for(supervisor).get(url("catalogue"), {"mandatory": "on"}).content.decode()
    assert "PKP Angkatan I" in html and "Tata Naskah Dinas" not in html


def _card(html: str, title: str) -> str:
    return next(card for card in html.split("course-card")[1:] if f">{title}</a>" in card)


def test_catalogue_cards_show_competency_codes_and_only_the_askers_own_enrolment(
    client_for, hr_staff, employee_record, other_employee_record, official
):
    build_course(hr_staff, code="A", title="Kursus Selesai", competencies=[("M.08", 2), ("M.01", 3)])
    build_course(hr_staff, code="B", title="Kursus Berjalan", competencies=[])
    build_course(hr_staff, code="C", title="Kursus Orang Lain", competencies=[("SK.01", 1)])
    complete_course(employee_record, Course.objects.get(code="A"), day=dt.date(2026, 1, 5))
    services.enrollment_create(course=Course.objects.get(code="B"), employee=employee_record)
    services.enrollment_create(course=Course.objects.get(code="C"), employee=other_employee_record)

    html = client_for(employee_record.user).get(url("catalogue")).content.decode()
    done, going, theirs = (_card(html, t) for t in ("Kursus Selesai", "Kursus Berjalan", "Kursus Orang Lain"))
    assert "M.01, M.08" in done and ">Selesai<" in done
    assert "Sedang diikuti" in going and "M.0" not in going
    assert "SK.01" in theirs and "Sedang diikuti" not in theirs and ">Selesai<" not in theirs
    html = client_for(official).get(url("catalogue")).content.decode()
    assert "Sedang diikuti" not in html and ">Selesai<" not in html and html.count("course-card") == 3


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": "", "competency": "", "modality": "", "provider": "", "jp_max": "", "page": "2"},
        {"q": "naskah", "competency": "M.03", "modality": "classical", "provider": "lan", "jp_max": "12.5"},
        {"mandatory": "on", "provider": "other"},
        {"mandatory": "false", "q": '<b>"&amp;'},
        {"q": "x" * 101, "competency": "ZZ", "modality": "x", "provider": "y", "jp_max": "-1"},
        {"jp_max": "abc"},
        {"jp_max": "123456"},
    ],
)
def test_the_catalogue_filters_are_the_markup_crispy_renders(db, language, data):
    """The filter form as the catalogue draws it (widgets in Python, ``|plain_form``) is crispy's
    bootstrap5 rendering of the form, field for field: labels, classes, values, choices, errors."""
    form = CatalogueFilterForm(data)
    form.is_valid()
    with translation.override(language):
        plain = Template("{% load formfields %}{{ form|plain_form }}").render(Context({"form": form}))
        crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    assert parse_html(plain) == parse_html(crispy)
    assert ('aria-invalid="true"' in plain) == bool(data and form.errors)


def _courses(hr, n, start=0):
    for i in range(start, start + n):
        build_course(hr, code=f"Q{i}", title=f"Kursus {i}", lessons=1, questions=1)


def test_the_catalogue_runs_a_constant_number_of_queries(
    client_for, hr_staff, employee_record, django_assert_max_num_queries
):
    client = client_for(employee_record.user)
    _courses(hr_staff, 2)
    complete_course(employee_record, Course.objects.first(), day=dt.date(2026, 1, 5))
    with django_assert_max_num_queries(14) as small:
        client.get(url("catalogue"))
    _courses(hr_staff, 10, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("catalogue")).status_code == 200


# --- learning ------------------------------------------------------------------------------


def test_the_course_page_runs_the_same_queries_whatever_the_learners_state(
    client_for, hr_staff, employee, django_assert_num_queries, django_assert_max_num_queries
):
    course = build_course(hr_staff, lessons=2, questions=1)
    first = course.lessons.order_by("order").first()
    client = client_for(employee)
    with django_assert_max_num_queries(12) as not_enrolled:
        page = client.get(url("course", course.pk)).content.decode()
    assert "Daftar kursus ini" in page and "Kemajuan Anda" not in page
    enrollment = services.enrollment_create(course=course, employee=employee.employee)
    states = []
    for step in ("enrolled", "one lesson done", "every lesson done"):
        if step == "one lesson done":
            services.lesson_complete(enrollment=enrollment, lesson=first)
        elif step == "every lesson done":
            services.lesson_complete(enrollment=enrollment, lesson=course.lessons.order_by("order").last())
        with django_assert_num_queries(len(not_enrolled.captured_queries)):
            states.append(client.get(url("course", course.pk)).content.decode())
    assert "Mulai belajar" in states[0] and states[0].count('badge text-bg-success">Selesai') == 0
    assert "Lanjutkan belajar" in states[1] and states[1].count('badge text-bg-success">Selesai') == 1
    assert "Kerjakan kuis akhir" in states[2] and states[2].count('badge text-bg-success">Selesai') == 2


def test_enrol_learn_resume_and_pass_through_the_pages(client_for, hr_staff, employee):
    course = build_course(hr_staff, lessons=2, questions=2, jp="5")
    first, second = course.lessons.order_by("order")
    client = client_for(employee)

    client.post(url("course", course.pk))
    page = client.get(url("course", course.pk)).content.decode()
    assert "Mulai belajar" in page and url("lesson", course.pk, first.pk) in page

    response = client.post(url("lesson", course.pk, first.pk))
    assert response["Location"] == url("lesson", course.pk, second.pk)
    page = client.get(url("course", course.pk)).content.decode()
    assert "Lanjutkan belajar" in page and url("lesson", course.pk, second.pk) in page
    assert 'value="50"' in page

    client.post(url("lesson", course.pk, second.pk))
    response = client.post(url("quiz", course.pk))
    attempt_url = response["Location"]
    quiz_page = client.get(attempt_url).content.decode()
    attempt = employee.employee.enrollments.get().attempts.get()
    right = right_answers(attempt)
    # The page offers every option and nothing tells which one is right.
    for question_id, options in attempt.layout:
        for option_id in options:
            assert f'name="q{question_id}" id="q{question_id}-o{option_id}" value="{option_id}"' in quiz_page
    assert "is_correct" not in quiz_page and "correct" not in quiz_page

    client.post(attempt_url, {f"q{q}": o for q, o in right.items()})
    assert JpCredit.objects.get().jp == Decimal("5")
    page = client.get(url("course", course.pk)).content.decode()
    assert "Unduh sertifikat" in page


def test_the_quiz_page_does_not_carry_the_answer_key(client_for, hr_staff, employee):
    course = build_course(hr_staff, questions=3)
    Question.objects.filter(course=course).update(text="Apa makna integritas?")
    client = client_for(employee)
    enrollment = services.enrollment_create(course=course, employee=employee.employee)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    attempt = services.quiz_start(enrollment=enrollment)

    html = client.get(url("attempt", course.pk, attempt.pk)).content.decode()

    # The option texts are in the page, but no attribute or marker differs for the right ones.
    for question_id, options in attempt.layout:
        rows = re.findall(rf'<input class="form-check-input" type="radio" name="q{question_id}"[^>]*>', html)
        assert len(rows) == len(options)
        assert len({re.sub(r"\d+", "", row) for row in rows}) == 1


def test_markdown_with_a_script_tag_is_rendered_harmless(client_for, hr_staff, employee):
    course = build_course(hr_staff, lessons=0, questions=0, publish=False)
    services.lesson_save(
        actor=hr_staff,
        lesson=Lesson(
            course=course,
            title="Berbahaya",
            kind="text",
            body=(
                "# Judul\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n\n<img src=x onerror=alert(1)>"
            ),
        ),
    )
    services.course_publish(actor=hr_staff, course=course, publish=True)
    client = client_for(employee)
    client.post(url("course", course.pk))

    html = client.get(url("lesson", course.pk, course.lessons.get().pk)).content.decode()

    assert "<h2>Judul</h2>" in html  # the author's "#" sits below the lesson title, the page's one h1
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("&lt;img src=x onerror=alert", "")
    assert 'href="javascript:' not in html


def test_an_enrolled_employee_can_seek_in_an_uploaded_video(client_for, hr_staff, employee, other_employee):
    course = build_course(hr_staff, lessons=0, questions=0, publish=False)
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4
    lesson = services.lesson_save(
        actor=hr_staff,
        lesson=Lesson(course=course, title="Video", kind="video", video_file=SimpleUploadedFile("v.mp4", video)),
    )
    services.course_publish(actor=hr_staff, course=course, publish=True)
    client = client_for(employee)
    client.post(url("course", course.pk))

    whole = client.get(url("lesson_video", course.pk, lesson.pk))
    part = client.get(url("lesson_video", course.pk, lesson.pk), HTTP_RANGE="bytes=16-31")

    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == video
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 16-31/{len(video)}"
    assert b"".join(part.streaming_content) == video[16:32]
    too_far = client.get(url("lesson_video", course.pk, lesson.pk), HTTP_RANGE=f"bytes={len(video)}-")
    assert too_far.status_code == 416
    assert client_for(other_employee).get(url("lesson_video", course.pk, lesson.pk)).status_code == 404


def test_a_video_upload_that_is_not_an_mp4_is_refused(client_for, hr_staff):
    course = build_course(hr_staff, lessons=0, questions=0, publish=False)
    response = client_for(hr_staff).post(
        url("hr_lesson_new", course.pk),
        {"title": "Video", "kind": "video", "video_file": SimpleUploadedFile("v.mp4", b"MZ not a video at all")},
    )
    assert response.status_code == 400
    assert "Isi berkas bukan MP4 yang sah." in response.content.decode()
    assert not Lesson.objects.exists()


# --- certificate and verification ---------------------------------------------------------


def test_the_certificate_pdf_carries_name_nip_course_jp_date_code_and_the_verification_url(
    client_for, hr_staff, employee_record
):
    course = build_course(hr_staff, title="Integritas dalam Pelayanan Publik", jp="8")
    enrollment = complete_course(employee_record, course, day=dt.date(2026, 2, 3))
    certificate = enrollment.certificate

    response = client_for(employee_record.user).get(url("certificate_pdf", certificate.pk))

    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    from pypdf import PdfReader

    text = PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
    verify = f"http://testserver{url('verify_code', certificate.code)}"
    for expected in (
        employee_record.full_name,
        employee_record.nip,
        course.title,
        "8",
        "3 Februari 2026",
        certificate.code,
        verify,
    ):
        assert expected in text, expected


def test_the_public_verification_page_confirms_only_name_course_date_and_jp(anonymous, hr_staff, employee_record):
    enrollment = complete_course(employee_record, build_course(hr_staff, jp="8"), day=dt.date(2026, 2, 3))
    code = enrollment.certificate.code

    response = anonymous.get(url("verify_code", code))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Sertifikat sah" in html
    assert employee_record.full_name in html and enrollment.course.title in html and "3 Februari 2026" in html
    assert employee_record.nip not in html and employee_record.birth_date.isoformat() not in html
    assert anonymous.get(url("verify"), {"kode": code.lower()})["Location"] == url("verify_code", code)


def test_verification_says_so_for_an_unknown_or_revoked_code(anonymous, hr_staff, employee_record):
    enrollment = complete_course(employee_record, build_course(hr_staff), day=dt.date(2026, 2, 3))
    unknown = anonymous.get(url("verify_code", "AAAA-BBBB-CCCC"))
    assert unknown.status_code == 404 and "Kode tidak dikenal" in unknown.content.decode()

    services.certificate_revoke(certificate=enrollment.certificate, actor=hr_staff, reason="Keliru")
    revoked = anonymous.get(url("verify_code", enrollment.certificate.code)).content.decode()
    assert "telah dicabut" in revoked and employee_record.full_name not in revoked


def test_hr_revokes_a_certificate_with_a_reason_through_the_page(client_for, hr_staff, employee_record):
    enrollment = complete_course(employee_record, build_course(hr_staff), day=dt.date(2026, 2, 3))
    client = client_for(hr_staff)
    page = url("hr_certificate_revoke", enrollment.certificate.pk)

    assert client.post(page, {"reason": ""}).status_code == 400
    assert client.post(page, {"reason": "Peserta digantikan orang lain"}).status_code == 302
    assert AuditEvent.objects.get(action="training.certificate_revoke").reason == "Peserta digantikan orang lain"


# --- "Pelatihan saya" ----------------------------------------------------------------------


def test_my_training_shows_this_years_jp_against_the_target(client_for, hr_staff, employee_record):
    complete_course(employee_record, build_course(hr_staff, jp="5"), day=timezone.localdate())
    html = client_for(employee_record.user).get(url("mine")).content.decode()
    assert "5 dari 20 JP" in html and 'value="25"' in html


def test_my_training_runs_a_constant_number_of_queries(
    client_for, hr_staff, employee_record, django_assert_max_num_queries
):
    client = client_for(employee_record.user)
    today = timezone.localdate()
    complete_course(employee_record, build_course(hr_staff, code="X0", title="X0"), day=today)
    with django_assert_max_num_queries(20) as small:
        client.get(url("mine"))
    for i in range(1, 6):
        complete_course(employee_record, build_course(hr_staff, code=f"X{i}", title=f"X{i}"), day=today)
    services.enrollment_create(course=build_course(hr_staff, code="Y", title="Y"), employee=employee_record)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("mine")).status_code == 200


# --- external training pages --------------------------------------------------------------


def test_external_submission_form_rejects_bad_input_and_accepts_good(client_for, employee):
    client = client_for(employee)
    bad = client.post(
        url("external_new"),
        {
            "title": "Bimtek",
            "organiser": "LKPP",
            "start_date": "2026-01-05",
            "end_date": "2026-01-02",
            "jp": "8",
            "certificate_file": SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert bad.status_code == 400 and not ExternalTraining.objects.exists()
    good = client.post(
        url("external_new"),
        {
            "title": "Bimtek",
            "organiser": "LKPP",
            "start_date": "2026-01-02",
            "end_date": "2026-01-05",
            "jp": "8",
            "certificate_file": SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert good.status_code == 302 and ExternalTraining.objects.get().status == "submitted"


def test_hr_verifies_and_rejects_external_training_through_the_page(client_for, hr_staff, employee_record):
    def submit():
        return services.external_submit(
            employee=employee_record,
            title="Bimtek",
            organiser="LKPP",
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 1, 2),
            jp=Decimal("8"),
            certificate_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
        )

    client = client_for(hr_staff)
    one, two = submit(), submit()
    assert client.post(url("hr_external_decide", one.pk), {"verify": "1", "reason": ""}).status_code == 302
    assert client.post(url("hr_external_decide", two.pk), {"reject": "1", "reason": ""}).status_code == 400
    assert client.post(url("hr_external_decide", two.pk), {"reject": "1", "reason": "Buram"}).status_code == 302
    assert dict(ExternalTraining.objects.values_list("pk", "status")) == {one.pk: "verified", two.pk: "rejected"}


# --- compliance ----------------------------------------------------------------------------


def test_the_compliance_page_lists_who_is_under_target_and_exports(client_for, hr_staff, employee_record):
    year = timezone.localdate().year
    complete_course(employee_record, build_course(hr_staff, jp="20"), day=dt.date(year, 1, 2))
    client = client_for(hr_staff)

    html = client.get(url("hr_compliance"), {"year": year, "under": "on"}).content.decode()
    assert employee_record.full_name not in html and "Dinas Contoh" in html
    assert "<svg" in html and "20%" not in html.split("<svg")[0][-50:]

    csv = client.get(url("hr_compliance_export", "csv"), {"year": year}).content.decode("utf-8")
    assert csv.startswith("\ufeffNIP,Nama,OPD")
    assert f"{employee_record.nip},{employee_record.full_name},Dinas Contoh,20.0,20,Ya" in csv
    xlsx = client.get(url("hr_compliance_export", "xlsx"), {"year": year})
    assert xlsx.content[:2] == b"PK"
    assert client.get(url("hr_compliance_export", "pdf")).status_code == 404


def test_the_compliance_page_runs_a_constant_number_of_queries(
    client_for, hr_staff, org, employee_record, django_assert_max_num_queries
):
    from positions import services as position_services
    from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

    client = client_for(hr_staff)
    with django_assert_max_num_queries(12) as small:
        client.get(url("hr_compliance"))
    for n in range(4):
        opd = OrgUnitFactory(code=f"OPD-X{n}", name=f"Dinas X{n}")
        position = PositionFactory(org_unit=opd, formasi=5)
        for _ in range(3):
            position_services.assignment_create(
                employee=EmployeeFactory(), position=position, start_date=dt.date(2020, 1, 2)
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("hr_compliance")).status_code == 200


# --- authoring -----------------------------------------------------------------------------


def test_hr_authors_a_course_lessons_and_quiz_in_the_pages(client_for, hr_staff, employee):
    client = client_for(hr_staff)
    response = client.post(
        url("hr_course_new"),
        {
            "code": "SM-1",
            "title": "Sistem Merit",
            "summary": "Apa artinya",
            "jp": "2",
            "modality": "elearning",
            "provider": "bkpp",
            "pass_mark": "70",
            "max_attempts": "3",
            "attempt_wait_minutes": "30",
            "competencies": "M.01 2\nSK.01 2",
            "mandatory_levels": ["pelaksana"],
        },
    )
    course = Course.objects.get()
    assert response["Location"] == url("hr_course", course.pk)
    assert sorted(course.competencies.values_list("competency__code", "level")) == [("M.01", 2), ("SK.01", 2)]

    client.post(url("hr_lesson_new", course.pk), {"title": "Pengantar", "kind": "text", "body": "Isi"})
    bad = client.post(
        url("hr_question_new", course.pk), {"text": "Q?", "option_0": "A", "option_1": "", "correct": "1"}
    )
    assert bad.status_code == 400
    client.post(url("hr_question_new", course.pk), {"text": "Q?", "option_0": "A", "option_1": "B", "correct": "1"})
    client.post(url("hr_course_publish", course.pk), {"publish": "1"})

    course.refresh_from_db()
    assert course.is_published and course.lessons.count() == 1
    assert list(course.questions.get().options.values_list("text", "is_correct")) == [("A", False), ("B", True)]
    assert client_for(employee).get(url("course", course.pk)).status_code == 200


def test_a_course_form_with_an_unknown_competency_re_renders_with_the_error(client_for, hr_staff):
    response = client_for(hr_staff).post(
        url("hr_course_new"),
        {
            "code": "SM-1",
            "title": "Sistem Merit",
            "summary": "x",
            "jp": "2",
            "modality": "elearning",
            "provider": "bkpp",
            "pass_mark": "70",
            "max_attempts": "3",
            "attempt_wait_minutes": "30",
            "competencies": "ZZ.9 2",
        },
    )
    assert response.status_code == 400 and "tidak dikenal" in response.content.decode()
    assert not Course.objects.exists()


def test_a_course_without_lessons_cannot_be_published(client_for, hr_staff):
    course = build_course(hr_staff, lessons=0, questions=0, publish=False)
    client_for(hr_staff).post(url("hr_course_publish", course.pk), {"publish": "1"})
    course.refresh_from_db()
    assert not course.is_published


# --- socialisation -------------------------------------------------------------------------


def test_the_home_page_lists_unread_socialisation_until_it_is_acknowledged(client_for, hr_staff, employee):
    client = client_for(hr_staff)
    client.post(
        url("hr_socialisation_new"),
        {"title": "Sistem merit: apa artinya bagi Anda", "body": "Isi", "jp": "1", "for_all": "on", "publish": "on"},
    )
    material = SocialisationMaterial.objects.get()
    me = client_for(employee)
    assert "Sistem merit: apa artinya bagi Anda" in me.get(reverse("dashboard:home")).content.decode()

    me.post(url("socialisation_detail", material.pk))

    assert "Sistem merit: apa artinya bagi Anda" not in me.get(reverse("dashboard:home")).content.decode()
    assert JpCredit.objects.get().jp == Decimal("1")
    coverage = client.get(url("hr_socialisation_coverage", material.pk)).content.decode()
    assert "Dinas Contoh" in coverage


def test_the_quiz_page_offers_no_new_attempt_once_the_limit_is_used(client_for, hr_staff, employee):
    course = build_course(hr_staff, max_attempts=1, attempt_wait_minutes=0)
    enrollment = services.enrollment_create(course=course, employee=employee.employee)
    for lesson in course.lessons.all():
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    client = client_for(employee)
    assert "Mulai kuis" in client.get(url("quiz", course.pk)).content.decode()
    attempt = services.quiz_start(enrollment=enrollment)
    assert url("attempt", course.pk, attempt.pk) in client.get(url("quiz", course.pk)).content.decode()

    services.quiz_submit(attempt=attempt, answers={})

    html = client.get(url("quiz", course.pk)).content.decode()
    assert "Mulai kuis" not in html and "Batas percobaan sudah habis" in html
    response = client.post(url("quiz", course.pk), follow=True)
    assert "Batas 1 kali percobaan kuis sudah habis." in response.content.decode()


# --- HR previews a lesson without enrolling --------------------------------------------------


def _video_lesson(hr_staff):
    course = build_course(hr_staff, lessons=0, questions=0, publish=False)
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4
    lesson = services.lesson_save(
        actor=hr_staff,
        lesson=Lesson(
            course=course,
            title="Video Pengantar",
            kind="video",
            body="# Ringkasan\n\nIsi materi.",
            video_file=SimpleUploadedFile("v.mp4", video),
        ),
    )
    return course, lesson, video


def test_hr_previews_a_draft_video_lesson_and_seeks_in_it_without_enrolling(client_for, hr_staff):
    course, lesson, video = _video_lesson(hr_staff)
    client = client_for(hr_staff)

    page = client.get(url("hr_lesson_preview", course.pk, lesson.pk))
    html = page.content.decode()
    src = url("hr_lesson_video", course.pk, lesson.pk)
    assert page.status_code == 200 and f'src="{src}"' in html
    assert "<h2>Ringkasan</h2>" in html and len(re.findall(r"<h1[ >]", html)) == 1
    assert url("hr_lesson_preview", course.pk, lesson.pk) in client.get(url("hr_course", course.pk)).content.decode()

    whole = client.get(src)
    part = client.get(src, HTTP_RANGE="bytes=16-31")
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == video
    assert part.status_code == 206 and b"".join(part.streaming_content) == video[16:32]
    assert not course.enrollments.exists()  # previewing enrolls nobody and records no progress


def test_a_lesson_preview_is_for_hr_only(client_for, anonymous, hr_staff, employee):
    course, lesson, _video = _video_lesson(hr_staff)
    for name in ("hr_lesson_preview", "hr_lesson_video", "hr_lesson_pdf"):
        assert client_for(employee).get(url(name, course.pk, lesson.pk)).status_code == 403, name
        assert anonymous.get(url(name, course.pk, lesson.pk)).status_code == 302, name
    # A video lesson has no PDF to serve.
    assert client_for(hr_staff).get(url("hr_lesson_pdf", course.pk, lesson.pk)).status_code == 404
