"""Employee and public pages: catalogue, course, lessons, quiz, "Pelatihan saya",
recommendations, external training, socialisation, certificates and their verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from positions import selectors as position_selectors
from semarang_asn.core.files import private_file_response
from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.paging import ShortListPaginator
from semarang_asn.core.roles import not_an_employee

from . import documents, forms, selectors, services
from .models import Course, ExternalTraining, JpCredit, Lesson


def _employee_or_404(request):
    employee = position_selectors.employee_for_user(request.user)
    if employee is None:
        raise Http404
    return employee


# --- catalogue ----------------------------------------------------------------------------


@login_required
def catalogue(request):
    employee = position_selectors.employee_for_user(request.user)
    form = forms.CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = selectors.catalogue(
        employee=employee,
        query=filters.get("q", ""),
        competency=filters.get("competency", ""),
        modality=filters.get("modality", ""),
        provider=filters.get("provider", ""),
        jp_max=filters.get("jp_max"),
        mandatory_for_me=bool(filters.get("mandatory")),
    )
    page = ShortListPaginator(courses, 12).get_page(request.GET.get("page"))
    page.object_list = selectors.with_competency_codes(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "employee": employee,
        "query": query.urlencode(),
        "modality_labels": dict(Course.Modality.choices),
    }
    return render(request, "training/catalogue.html", context)


@login_required
def course_detail(request, pk: int):
    course = selectors.course_detail(pk, user=request.user)
    enrollment = selectors.enrollment_of(request.user, course)
    employee = position_selectors.employee_for_user(request.user)
    if request.method == "POST":
        if employee is None:
            raise Http404
        try:
            services.enrollment_create(course=course, employee=employee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Anda terdaftar di kursus ini. Selamat belajar."))
        return redirect("training:course", pk)
    context = {
        "course": course,
        "enrollment": enrollment,
        "employee": employee,
        "progress": selectors.progress_of(enrollment, lessons=course.lessons.all()) if enrollment else None,
        "can_enrol": employee is not None and enrollment is None and course.is_published,
        "certificate": getattr(enrollment, "certificate", None) if enrollment and enrollment.completed_on else None,
    }
    return render(request, "training/course_detail.html", context)


# --- lessons ------------------------------------------------------------------------------


@login_required
def lesson(request, pk: int, lesson_pk: int):
    enrollment = selectors.own_enrollment(request.user, pk)
    current = selectors.lesson_in(enrollment, lesson_pk)
    if request.method == "POST":
        following = services.lesson_complete(enrollment=enrollment, lesson=current)
        if following is not None:
            return redirect("training:lesson", pk, following.pk)
        messages.success(request, _("Semua materi selesai."))
        return redirect("training:course", pk)
    services.lesson_open(enrollment=enrollment, lesson=current)
    progress = selectors.progress_of(enrollment)
    lessons = progress["lessons"]
    index = next(i for i, row in enumerate(lessons) if row.pk == current.pk)
    context = {
        "course": enrollment.course,
        "enrollment": enrollment,
        "lesson": current,
        "progress": progress,
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "is_done": lessons[index].is_done,
    }
    return render(request, "training/lesson.html", context)


def lesson_file_response(request, lesson: Lesson, kind: str):
    """A lesson's uploaded video (served in ranges, so the player can seek) or PDF; 404 when
    the lesson has no such file. Shared by the learner's pages and HR's preview."""
    if kind == Lesson.Kind.VIDEO and lesson.kind == kind and lesson.video_file:
        return private_file_response(request, lesson.video_file, content_type="video/mp4")
    if kind == Lesson.Kind.PDF and lesson.kind == kind and lesson.pdf_file:
        return private_file_response(request, lesson.pdf_file, content_type="application/pdf")
    raise Http404


@login_required
def lesson_video(request, pk: int, lesson_pk: int):
    enrollment = selectors.own_enrollment(request.user, pk)
    return lesson_file_response(request, selectors.lesson_in(enrollment, lesson_pk), Lesson.Kind.VIDEO)


@login_required
def lesson_pdf(request, pk: int, lesson_pk: int):
    enrollment = selectors.own_enrollment(request.user, pk)
    return lesson_file_response(request, selectors.lesson_in(enrollment, lesson_pk), Lesson.Kind.PDF)


# --- quiz ---------------------------------------------------------------------------------


@login_required
def quiz(request, pk: int):
    """The quiz's front page: attempts so far, the wait, and the button to start."""
    enrollment = selectors.own_enrollment(request.user, pk)
    if request.method == "POST":
        try:
            attempt = services.quiz_start(enrollment=enrollment)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("training:quiz", pk)
        return redirect("training:attempt", pk, attempt.pk)
    attempts = list(enrollment.attempts.order_by("started_at"))
    open_attempt = next((row for row in attempts if row.submitted_at is None), None)
    context = {
        "open_attempt": open_attempt,
        "course": enrollment.course,
        "enrollment": enrollment,
        "attempts": attempts,
        "attempts_left": max(enrollment.course.max_attempts - len(attempts), 0),
        "wait_until": services.quiz_wait_until(enrollment),
        "lessons_done": services.lessons_done(enrollment),
        "questions": enrollment.course.questions.count(),
    }
    return render(request, "training/quiz.html", context)


@login_required
def attempt(request, pk: int, attempt_pk: int):
    """An attempt: the shuffled questions while open (no answer key in the page), the score after."""
    row = selectors.own_attempt(request.user, pk, attempt_pk)
    if request.method == "POST" and row.submitted_at is None:
        answers = {}
        for question_id, _options in row.layout:
            value = request.POST.get(f"q{question_id}", "")
            if value.isdigit():
                answers[question_id] = int(value)
        try:
            row = services.quiz_submit(attempt=row, answers=answers)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if row.passed:
                messages.success(request, _("Selamat, Anda lulus dengan nilai %(score)s.") % {"score": row.score})
            else:
                messages.warning(request, _("Nilai Anda %(score)s, belum mencapai nilai lulus.") % {"score": row.score})
        return redirect("training:attempt", pk, row.pk)
    context = {
        "course": row.enrollment.course,
        "attempt": row,
        "questions": selectors.attempt_questions(row) if row.submitted_at is None else [],
    }
    return render(request, "training/attempt.html", context)


# --- "Pelatihan saya", recommendations, certificates --------------------------------------


@login_required
def mine(request):
    employee = position_selectors.employee_for_user(request.user)
    if employee is None:
        return not_an_employee(request, title=_("Pelatihan saya"))
    year = request.GET.get("tahun", "")
    data = selectors.my_training(employee, year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None)
    context = {
        "data": data,
        "employee": employee,
        "source_labels": dict(JpCredit.Source.choices),
        "status_labels": dict(ExternalTraining.Status.choices),
    }
    return render(request, "training/mine.html", context)


@login_required
def recommendations(request):
    employee = position_selectors.employee_for_user(request.user)
    if employee is None:
        return not_an_employee(request, title=_("Rekomendasi pelatihan"))
    return render(request, "training/recommendations.html", {"items": selectors.recommendations(employee)})


def _verify_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("training:verify_code", args=[code]))


@login_required
def certificate_pdf(request, pk: int):
    certificate = selectors.own_certificate(request.user, pk)
    if certificate.is_revoked:
        raise Http404
    pdf = documents.certificate_pdf(certificate, verify_url=_verify_url(request, certificate.code))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    return response


def verify(request):
    """Public: type a code, or arrive from the QR code with it in the URL."""
    code = request.GET.get("kode", "").strip()
    if code:
        return redirect("training:verify_code", code.upper())
    return render(request, "training/verify.html", {"searched": False})


def verify_code(request, code: str):
    certificate = selectors.certificate_by_code(code)
    context = {"searched": True, "code": code.upper(), "certificate": certificate}
    return render(request, "training/verify.html", context, status=200 if certificate else 404)


# --- external training --------------------------------------------------------------------


@login_required
def external_new(request):
    employee = position_selectors.employee_for_user(request.user)
    if employee is None:
        return not_an_employee(request, title=_("Ajukan pelatihan eksternal"))
    form = forms.ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_submit(employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pengajuan terkirim. BKPP akan memverifikasinya."))
            return redirect("training:mine")
    status = 400 if form.errors else 200
    return render(request, "training/external_form.html", {"form": form}, status=status)


@login_required
def external_file(request, pk: int):
    row = selectors.own_external(request.user, pk)
    name = row.certificate_file.name.lower()
    content_type = (
        "application/pdf" if name.endswith(".pdf") else "image/png" if name.endswith(".png") else "image/jpeg"
    )
    return private_file_response(request, row.certificate_file, content_type=content_type, as_attachment=True)


# --- socialisation ------------------------------------------------------------------------


@login_required
def socialisation_detail(request, pk: int):
    material, ack = selectors.socialisation_visible(request.user, pk)
    if request.method == "POST":
        employee = _employee_or_404(request)
        services.socialisation_acknowledge(material=material, employee=employee)
        messages.success(request, _("Terima kasih, materi ditandai sudah dibaca."))
        return redirect("training:socialisation_detail", pk)
    employee = position_selectors.employee_for_user(request.user)
    context = {"material": material, "ack": ack, "can_ack": employee is not None and material.published_at}
    return render(request, "training/socialisation_detail.html", context)
