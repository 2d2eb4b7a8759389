"""HR pages: authoring courses, lessons and quizzes; participants and certificate
revocation; external training verification; JP compliance; socialisation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semarang_asn.core.forms import add_service_errors
from semarang_asn.core.jobs import export_or_job
from semarang_asn.core.roles import hr_required

from . import charts, exporting, forms, rules, selectors, services, tasks, views
from .models import Course, ExternalTraining, Lesson

# --- courses ------------------------------------------------------------------------------


@hr_required
def courses(request):
    page = Paginator(selectors.hr_courses(), 25).get_page(request.GET.get("page"))
    return render(request, "training/hr_courses.html", {"page": page})


def _course_form_page(request, course: Course | None):
    form = forms.CourseForm(request.POST or None, instance=course or Course())
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.course_save(
                actor=request.user,
                course=form.save(commit=False),
                competencies=form.cleaned_data["competencies"],
                mandatory_levels=form.cleaned_data["mandatory_levels"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kursus disimpan."))
            return redirect("training:hr_course", saved.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "title": _("Ubah kursus") if course else _("Kursus baru"),
        "cancel_url": reverse("training:hr_course", args=[course.pk]) if course else reverse("training:hr_courses"),
    }
    return render(request, "training/hr_form.html", context, status=status)


@hr_required
def course_new(request):
    return _course_form_page(request, None)


@hr_required
def course_edit(request, pk: int):
    return _course_form_page(request, selectors.hr_course(pk))


@hr_required
def course_manage(request, pk: int):
    course = selectors.hr_course(pk)
    return render(request, "training/hr_course.html", {"course": course})


@require_POST
@hr_required
def course_publish(request, pk: int):
    course = selectors.hr_course(pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.course_publish(actor=request.user, course=course, publish=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kursus diterbitkan.") if publish else _("Kursus ditarik dari katalog."))
    return redirect("training:hr_course", pk)


def _lesson_form_page(request, course: Course, lesson: Lesson | None):
    form = forms.LessonForm(request.POST or None, request.FILES or None, instance=lesson or Lesson(course=course))
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_save(actor=request.user, lesson=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Materi disimpan."))
            return redirect("training:hr_course", course.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "title": _("Ubah materi") if lesson else _("Materi baru"),
        "subtitle": course.title,
        "multipart": True,
        "cancel_url": reverse("training:hr_course", args=[course.pk]),
    }
    return render(request, "training/hr_form.html", context, status=status)


@hr_required
def lesson_new(request, pk: int):
    return _lesson_form_page(request, selectors.hr_course(pk), None)


@hr_required
def lesson_edit(request, pk: int, lesson_pk: int):
    course = selectors.hr_course(pk)
    return _lesson_form_page(request, course, selectors.hr_lesson(course, lesson_pk))


@hr_required
def lesson_preview(request, pk: int, lesson_pk: int):
    """The lesson as a learner sees it, for HR and authors, without enrolling."""
    course = selectors.hr_course(pk)
    lesson = selectors.hr_lesson(course, lesson_pk)
    return render(request, "training/hr_lesson_preview.html", {"course": course, "lesson": lesson})


@hr_required
def lesson_preview_video(request, pk: int, lesson_pk: int):
    lesson = selectors.hr_lesson(selectors.hr_course(pk), lesson_pk)
    return views.lesson_file_response(request, lesson, Lesson.Kind.VIDEO)


@hr_required
def lesson_preview_pdf(request, pk: int, lesson_pk: int):
    lesson = selectors.hr_lesson(selectors.hr_course(pk), lesson_pk)
    return views.lesson_file_response(request, lesson, Lesson.Kind.PDF)


@require_POST
@hr_required
def lesson_move(request, pk: int, lesson_pk: int):
    course = selectors.hr_course(pk)
    services.lesson_move(actor=request.user, lesson=selectors.hr_lesson(course, lesson_pk), up="up" in request.POST)
    return redirect("training:hr_course", pk)


@require_POST
@hr_required
def lesson_delete(request, pk: int, lesson_pk: int):
    course = selectors.hr_course(pk)
    services.lesson_delete(actor=request.user, lesson=selectors.hr_lesson(course, lesson_pk))
    messages.success(request, _("Materi dihapus."))
    return redirect("training:hr_course", pk)


def _question_form_page(request, course: Course, question):
    form = forms.QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.user,
                course=course,
                text=form.cleaned_data["text"],
                options=form.options(),
                question=question,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Soal disimpan."))
            return redirect("training:hr_course", course.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "title": _("Ubah soal") if question else _("Soal baru"),
        "subtitle": course.title,
        "cancel_url": reverse("training:hr_course", args=[course.pk]),
    }
    return render(request, "training/hr_form.html", context, status=status)


@hr_required
def question_new(request, pk: int):
    return _question_form_page(request, selectors.hr_course(pk), None)


@hr_required
def question_edit(request, pk: int, question_pk: int):
    course = selectors.hr_course(pk)
    return _question_form_page(request, course, selectors.hr_question(course, question_pk))


@require_POST
@hr_required
def question_delete(request, pk: int, question_pk: int):
    course = selectors.hr_course(pk)
    services.question_delete(actor=request.user, question=selectors.hr_question(course, question_pk))
    messages.success(request, _("Soal dihapus."))
    return redirect("training:hr_course", pk)


@hr_required
def participants(request, pk: int):
    course = selectors.hr_course(pk)
    page = Paginator(selectors.course_participants(course), 50).get_page(request.GET.get("page"))
    return render(request, "training/hr_participants.html", {"course": course, "page": page})


@hr_required
def certificate_revoke(request, pk: int):
    certificate = selectors.certificate_for_hr(pk)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat dicabut; JP-nya tidak lagi dihitung."))
            return redirect("training:hr_participants", certificate.enrollment.course_id)
    status = 400 if form.errors else 200
    enrollment = certificate.enrollment
    context = {
        "form": form,
        "title": _("Cabut sertifikat %(code)s") % {"code": certificate.code},
        "subtitle": f"{enrollment.employee.full_name} · {enrollment.course.title}",
        "submit": _("Cabut sertifikat"),
        "cancel_url": reverse("training:hr_participants", args=[enrollment.course_id]),
    }
    return render(request, "training/hr_form.html", context, status=status)


# --- external training --------------------------------------------------------------------


@hr_required
def external_queue(request):
    status = request.GET.get("status", ExternalTraining.Status.SUBMITTED)
    if status not in ExternalTraining.Status.values:
        status = ExternalTraining.Status.SUBMITTED
    page = Paginator(selectors.external_queue(status=status), 25).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": ExternalTraining.Status.choices}
    return render(request, "training/hr_external.html", context)


@hr_required
def external_decide(request, pk: int):
    row = selectors.external_for_hr(pk)
    verify_form = forms.OptionalReasonForm(request.POST if "verify" in request.POST else None)
    reject_form = forms.ReasonForm(request.POST if "reject" in request.POST else None)
    if request.method == "POST":
        form = verify_form if "verify" in request.POST else reject_form
        if form.is_valid():
            call = services.external_verify if form is verify_form else services.external_reject
            try:
                call(training=row, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Keputusan disimpan."))
                return redirect("training:hr_external")
    status = 400 if verify_form.errors or reject_form.errors else 200
    context = {"row": row, "verify_form": verify_form, "reject_form": reject_form}
    return render(request, "training/hr_external_decide.html", context, status=status)


# --- compliance ---------------------------------------------------------------------------


def _compliance_filters(request):
    return exporting.compliance_filters(request.GET)


@hr_required
def compliance(request):
    form, year, opd_id, under = _compliance_filters(request)
    by_opd = selectors.compliance_by_opd(year=year)
    employees = selectors.ComplianceList(year=year, by_opd=by_opd, opd_id=opd_id, under_only=under)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    names = dict(selectors.opd_choices())
    for row in page:
        row.opd_name = names.get(row.opd_id, "—")
        row.percent = rules.jp_share(row.jp_total)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "year": year,
        "by_opd": by_opd,
        "chart": charts.compliance_bars(by_opd),
        "page": page,
        "target": rules.YEARLY_JP_TARGET,
        "query": query.urlencode(),
        "totals": {
            "employees": sum(r["total"] for r in by_opd),
            "on_target": sum(r["on_target"] for r in by_opd),
        },
    }
    return render(request, "training/hr_compliance.html", context)


@hr_required
def compliance_export(request, fmt: str):
    """The list as filtered; the whole city's is exported by a job with a progress page."""
    query = request.GET.urlencode()
    return export_or_job(
        request,
        fmt=fmt,
        spec=exporting.compliance_export_spec(query),
        task=tasks.compliance_export_job,
        params={"query": query},
        title=_("Ekspor kepatuhan JP"),
    )


# --- socialisation ------------------------------------------------------------------------


@hr_required
def socialisation_list(request):
    page = Paginator(selectors.hr_socialisation(), 25).get_page(request.GET.get("page"))
    return render(request, "training/hr_socialisation.html", {"page": page})


def _socialisation_form_page(request, material):
    form = forms.SocialisationForm(request.POST or None, instance=material)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.socialisation_save(
                actor=request.user,
                title=d["title"],
                body=d["body"],
                jp=d["jp"],
                for_all=d["for_all"],
                opds=list(d["opds"]),
                publish=d.get("publish", False),
                material=material,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Materi sosialisasi disimpan."))
            return redirect("training:hr_socialisation_coverage", saved.pk)
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "title": _("Ubah materi sosialisasi") if material else _("Materi sosialisasi baru"),
        "cancel_url": reverse("training:hr_socialisation"),
    }
    return render(request, "training/hr_form.html", context, status=status)


@hr_required
def socialisation_new(request):
    return _socialisation_form_page(request, None)


@hr_required
def socialisation_edit(request, pk: int):
    return _socialisation_form_page(request, selectors.hr_socialisation_material(pk))


@hr_required
def socialisation_coverage(request, pk: int):
    material = selectors.hr_socialisation_material(pk)
    if request.method == "POST":
        try:
            sent = services.socialisation_remind(material=material, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Pengingat dikirim ke %(n)s pegawai.") % {"n": sent})
        return redirect("training:hr_socialisation_coverage", pk)
    rows = selectors.socialisation_coverage(material) if material.published_at else []
    totals = {"total": sum(r["total"] for r in rows), "read": sum(r["read"] for r in rows)}
    context = {"material": material, "rows": rows, "totals": totals}
    return render(request, "training/hr_socialisation_coverage.html", context)
