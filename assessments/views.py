from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from positions import selectors as position_selectors
from positions.models import Position
from semarang_asn.core.confirm import confirmation_page, is_confirmed
from semarang_asn.core.documents import issued_pdf_response
from semarang_asn.core.exports import export_response
from semarang_asn.core.forms import add_service_errors, flash_service_errors
from semarang_asn.core.pickers import PICKER_LIMIT, PickerOption, picker_query, picker_response
from semarang_asn.core.refusals import action_refused
from semarang_asn.core.roles import appointing_official_required, assessor_required, employee_page, hr_required

from . import documents, eligibility, forms, rules, selectors, services
from .filters import ApplicantFilter, VacancyFilter
from .models import CommitteeMember, Objection, Score, Stage

# Public -------------------------------------------------------------------------------------


def public_list(request):
    return render(request, "assessments/public_list.html", {"vacancies": selectors.public_vacancies()})


def public_detail(request, pk: int):
    vacancy = selectors.public_vacancy(pk)
    results = selectors.public_results(vacancy)
    context = {
        "vacancy": vacancy,
        "results": results,
        "announcement_parts": documents.announcement_parts(vacancy, results),
        "tie_break": rules.tie_break_text(),
        "registration_open": vacancy.registration_is_open(),
        "has_applied": selectors.has_applied(request.user, vacancy),
        # Only an employee of the city applies here; others are told how to (through BKPP).
        "can_apply": position_selectors.employee_for_user(request.user) is not None,
    }
    return render(request, "assessments/public_detail.html", context)


def announcement_pdf(request, pk: int, part: str):
    """A published announcement (administration, a stage, the final ranking) as a verifiable
    PDF; 404 until it is announced."""
    vacancy = selectors.public_vacancy(pk)
    content = documents.announcement(vacancy, selectors.public_results(vacancy), part)
    tie_break = rules.tie_break_text()
    return issued_pdf_response(
        request,
        issue=documents.announcement_issue(vacancy, part, content),
        build=lambda code, url: documents.announcement_pdf(vacancy, content, tie_break, code=code, verify_url=url),
        filename=f"pengumuman-{part}",
    )


@login_required
def registration_card(request, pk: int):
    """The applicant's registration card (also for HR)."""
    application = selectors.registration_card_for(request.user, pk)
    return issued_pdf_response(
        request,
        issue=documents.registration_card_issue(application),
        build=lambda code, url: documents.registration_card_pdf(application, code=code, verify_url=url),
        filename=f"kartu-pendaftaran-{application.registration_number}",
    )


# Employee -----------------------------------------------------------------------------------


@login_required
def apply(request, pk: int):
    vacancy = selectors.public_vacancy(pk)
    employee = position_selectors.employee_for_user(request.user)
    if employee is None:  # not an employee of the city: the vacancy page says how to apply
        messages.info(request, _("Akun Anda tidak terhubung dengan data pegawai; lihat cara mendaftar di bawah."))
        return redirect("assessments:public_detail", vacancy.pk)
    form = forms.ApplyForm(request.POST or None, request.FILES or None, vacancy=vacancy)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                vacancy=vacancy, employee=employee, documents=form.documents(), actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Pendaftaran berhasil. Nomor pendaftaran Anda: %s") % application.registration_number
            )
            return redirect("assessments:my_application", application.pk)
    checks = eligibility.screen(vacancy, employee, has_training_certificate=None)
    context = {
        "vacancy": vacancy,
        "form": form,
        "checks": checks,
        "eligible": eligibility.is_eligible(checks),
        "registration_open": vacancy.registration_is_open(),
        "has_applied": selectors.has_applied(request.user, vacancy),
    }
    return render(request, "assessments/apply.html", context)


@employee_page(gettext_lazy("Lamaran saya"))
def my_applications(request):
    return render(
        request, "assessments/my_applications.html", {"applications": selectors.my_application_list(request.user)}
    )


@login_required
def my_application(request, pk: int):
    application = selectors.my_application(request.user, pk)
    document_form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and document_form.is_valid():
        try:
            services.document_upload(
                application=application,
                kind=document_form.cleaned_data["kind"],
                upload=document_form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(document_form, exc)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect("assessments:my_application", pk)
    today = timezone.localdate()
    open_stages = [
        r.stage for r in application.announced_results if r.stage.objection_until and today <= r.stage.objection_until
    ]
    vacancy = application.vacancy
    context = {
        "application": application,
        "document_form": document_form,
        "objection_form": forms.ObjectionForm(),
        "open_stages": open_stages,
        "admin_objection_open": vacancy.admin_objection_until is not None and today <= vacancy.admin_objection_until,
    }
    return render(request, "assessments/my_application.html", context)


@login_required
@require_POST
def objection_file(request, pk: int, stage_pk: int | None = None):
    """An objection to a stage's announcement, or without a stage to the administration result."""
    application = selectors.my_application(request.user, pk)
    stage = None if stage_pk is None else get_object_or_404(Stage, pk=stage_pk, vacancy_id=application.vacancy_id)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_file(
                stage=stage, application=application, text=form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Sanggahan diajukan."))
    else:
        action_refused(request, _("Tulis isi sanggahan."))
    return redirect("assessments:my_application", pk)


@login_required
def document_download(request, pk: int):
    doc = selectors.document_for(request.user, pk)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name or doc.file.name)


# HR -----------------------------------------------------------------------------------------


def _level_rules() -> list[tuple[str, list[str]]]:
    labels = dict(Position.Level.choices)
    return [
        (str(labels[level]), rules.requirement_lines(req, labels)) for level, req in rules.LEVEL_REQUIREMENTS.items()
    ]


VACANCY_PAGE_SIZE = 50


@hr_required
def hr_list(request):
    filterset = VacancyFilter(request.GET or None, queryset=selectors.hr_vacancies(request.user))
    page = Paginator(filterset.qs, VACANCY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessments/hr_list.html", {"filter": filterset, "page": page, "vacancies": page})


@hr_required
def seat_picker(request):
    """Picker endpoint: vacant seats with no selection running, with their OPD and unit."""
    rows = selectors.seat_matches(request.user, picker_query(request), limit=PICKER_LIMIT)
    return picker_response(request, [PickerOption(p.code, p.title, p.place) for p in rows])


@hr_required
def assessor_picker(request):
    """Picker endpoint: active assessors by name or user name."""
    rows = selectors.assessor_matches(request.user, picker_query(request), limit=PICKER_LIMIT)
    return picker_response(request, [PickerOption(u.username, u.get_full_name() or u.username, u.email) for u in rows])


@hr_required
def hr_create(request):
    form = forms.VacancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(vacancy=form.save(commit=False), stages=form.stages(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draf lowongan disimpan."))
            return redirect("assessments:hr_detail", vacancy.pk)
    return render(request, "assessments/hr_form.html", {"form": form, "level_rules": _level_rules()})


@hr_required
def hr_edit(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    if vacancy.is_published:
        # Frozen: no edit form at all; a posted change is refused by the service, which audits it.
        if request.method == "POST":
            try:
                services.vacancy_update(vacancy=vacancy, stages=[], actor=request.user)
            except ValidationError as exc:
                flash_service_errors(request, exc)
        else:
            messages.warning(
                request,
                _("Lowongan sudah diumumkan: persyaratan, tahap, bobot dan nilai ambang tidak dapat diubah lagi."),
            )
        return redirect("assessments:hr_detail", pk)
    form = forms.VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(
                vacancy=form.save(commit=False),
                stages=form.stages(),
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Lowongan diperbarui."))
            return redirect("assessments:hr_detail", pk)
    return render(
        request, "assessments/hr_form.html", {"form": form, "vacancy": vacancy, "level_rules": _level_rules()}
    )


@hr_required
def hr_detail(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    members = list(vacancy.committee.all())
    stages = list(vacancy.stages.all())
    running = vacancy.status == vacancy.Status.PUBLISHED
    context = {
        "vacancy": vacancy,
        "stages": stages,
        "can_add_external": running and all(s.state == Stage.State.PENDING for s in stages),
        "can_announce_admin": running
        and vacancy.admin_announced_at is None
        and vacancy.registration_closes < timezone.localdate(),
        "can_propose": running and bool(stages) and all(s.state == Stage.State.ANNOUNCED for s in stages),
        "members": members,
        "committee_rule": services.committee_rule_for(vacancy),
        "applications": selectors.hr_applications(vacancy),
        "objections": selectors.hr_objections(vacancy),
        "member_form": forms.CommitteeMemberForm(),
        "verify_form": forms.VerifyForm(),
        "answer_form": forms.AnswerForm(),
        "can_cancel": vacancy.status not in (vacancy.Status.APPOINTED, vacancy.Status.CANCELLED),
        "tie_break": rules.tie_break_text(),
        "too_few": selectors.too_few_applicants(vacancy),
    }
    return render(request, "assessments/hr_detail.html", context)


@hr_required
@require_POST
def hr_publish(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    if not is_confirmed(request):
        stages = ", ".join(f"{s.get_kind_display()} {s.weight.normalize()}%" for s in vacancy.stages.all())
        return confirmation_page(
            request,
            title=_("Umumkan lowongan?"),
            summary=[
                (_("Lowongan"), vacancy.title),
                (_("Jabatan"), f"{vacancy.position.code} · {vacancy.position.title} — {vacancy.position.place}"),
                (_("Pendaftaran"), f"{vacancy.registration_opens:%d-%m-%Y} – {vacancy.registration_closes:%d-%m-%Y}"),
                (_("Tahap dan bobot"), stages),
            ],
            frozen=[
                _("Persyaratan, tahap, bobot dan nilai ambang dibekukan dan tidak dapat diubah lagi."),
                _("Lowongan tampil di halaman publik dan pendaftaran dibuka sesuai jadwal."),
            ],
            action_label=_("Ya, umumkan"),
            cancel_url=reverse("assessments:hr_detail", args=[pk]),
        )
    try:
        services.vacancy_publish(vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Lowongan diumumkan di halaman publik."))
    return redirect("assessments:hr_detail", pk)


@hr_required
@require_POST
def hr_cancel(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        if not is_confirmed(request):
            return confirmation_page(
                request,
                title=_("Batalkan seleksi?"),
                summary=[(_("Lowongan"), vacancy.title), (_("Alasan pembatalan"), form.cleaned_data["reason"])],
                frozen=[
                    _("Seleksi ditutup tanpa pengangkatan dan alasannya tampil di halaman publik."),
                    _("Pendaftaran, penilaian dan hasil seleksi ini tidak dapat dilanjutkan."),
                ],
                action_label=_("Ya, batalkan seleksi"),
                cancel_url=reverse("assessments:hr_detail", args=[pk]),
            )
        try:
            services.vacancy_cancel(vacancy=vacancy, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Seleksi dibatalkan; jabatan dapat dibuka kembali dengan lowongan baru."))
    else:
        action_refused(request, _("Tulis alasan pembatalan."))
    return redirect("assessments:hr_detail", pk)


@hr_required
@require_POST
def hr_admin_announce(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    try:
        services.administration_announce(vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Hasil seleksi administrasi diumumkan."))
    return redirect("assessments:hr_detail", pk)


@hr_required
@require_POST
def hr_committee_add(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    form = forms.CommitteeMemberForm(request.POST)
    if form.is_valid():
        try:
            services.committee_member_add(vacancy=vacancy, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Anggota pansel ditambahkan."))
    else:
        action_refused(request, _("Pilih asesor."))
    return redirect("assessments:hr_detail", pk)


@hr_required
@require_POST
def hr_committee_remove(request, pk: int, member_pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    member = get_object_or_404(CommitteeMember, pk=member_pk, vacancy=vacancy)
    try:
        services.committee_member_remove(member=member, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    return redirect("assessments:hr_detail", pk)


@hr_required
@require_POST
def hr_committee_confirm(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    try:
        services.committee_confirm(vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Pansel ditetapkan."))
    return redirect("assessments:hr_detail", pk)


@hr_required
def hr_external(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    form = forms.ExternalCandidateForm(request.POST or None, request.FILES or None, vacancy=vacancy)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "lhkpn"}
        try:
            services.application_register_external(
                vacancy=vacancy, documents=form.documents(), actor=request.user, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pelamar dari instansi lain didaftarkan."))
            return redirect("assessments:hr_applicants", pk)
    return render(request, "assessments/hr_external.html", {"vacancy": vacancy, "form": form})


APPLICANT_PAGE_SIZE = 100


@hr_required
def hr_applicants(request, pk: int):
    """HR's applicant list of one vacancy: search, filters, sort, pages, and verification of
    the ticked applicants in one action."""
    vacancy = selectors.hr_vacancy(request.user, pk)
    filterset = ApplicantFilter(request.GET or None, queryset=selectors.hr_applications(vacancy))
    form = forms.BulkVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.applications_verify(vacancy=vacancy, actor=request.user, **_bulk_verify_args(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Verifikasi administrasi %(n)s pelamar disimpan.") % {"n": intcomma(n)})
            return redirect(request.get_full_path())
    page = Paginator(filterset.qs, APPLICANT_PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = set(form.cleaned_data.get("application", [])) if form.is_bound else set()
    context = {
        "vacancy": vacancy,
        "filter": filterset,
        "page": page,
        "form": form,
        "chosen": chosen,
        "can_verify": vacancy.status == vacancy.Status.PUBLISHED and vacancy.admin_announced_at is None,
    }
    return render(request, "assessments/hr_applicants.html", context, status=400 if form.is_bound else 200)


def _bulk_verify_args(form) -> dict:
    data = form.cleaned_data
    return {
        "application_ids": data["application"],
        "passed": data["passed"],
        "reason": data["reason"],
        "training_certificate_ok": data["training_certificate_ok"] or None,
    }


@hr_required
@require_POST
def hr_verify(request, pk: int, app_pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    application = get_object_or_404(selectors.hr_applications(vacancy), pk=app_pk)
    form = forms.VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.application_verify(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Verifikasi administrasi %s disimpan.") % application.registration_number)
    else:
        action_refused(request, _("Pilih hasil verifikasi."))
    return redirect("assessments:hr_detail", pk)


@hr_required
def hr_stage(request, pk: int):
    stage = selectors.hr_stage(request.user, pk)
    context = {
        "stage": stage,
        "vacancy": stage.vacancy,
        "board": selectors.stage_board(stage, request.user),
        "adjust_form": forms.AdjustForm(),
    }
    return render(request, "assessments/hr_stage.html", context)


STAGE_ACTIONS = {
    "open": (services.stage_open, _("Penilaian tahap dimulai.")),
    "lock": (services.stage_lock, _("Tahap dikunci; hasil tahap dihitung.")),
    "announce": (services.stage_announce, _("Hasil tahap diumumkan; masa sanggah dimulai.")),
}


STAGE_FREEZES = {
    "lock": (
        gettext_lazy("Kunci tahap?"),
        gettext_lazy(
            "Semua nilai tahap ini dibekukan, nilai akhir tahap dihitung, dan asesor tidak dapat mengirim nilai lagi."
        ),
    ),
    "announce": (
        gettext_lazy("Umumkan hasil tahap?"),
        gettext_lazy("Hasil tahap tampil di halaman publik, pelamar yang tidak lulus gugur, dan masa sanggah dimulai."),
    ),
}


@hr_required
@require_POST
def hr_stage_action(request, pk: int, action: str):
    stage = selectors.hr_stage(request.user, pk)
    if action not in STAGE_ACTIONS:
        raise Http404
    service, done = STAGE_ACTIONS[action]
    if action in STAGE_FREEZES and not is_confirmed(request):
        title, frozen = STAGE_FREEZES[action]
        return confirmation_page(
            request,
            title=title,
            summary=[(_("Tahap"), f"{stage.get_kind_display()} — {stage.vacancy.title}")],
            frozen=[str(frozen)],
            action_label=_("Ya, lanjutkan"),
            cancel_url=reverse("assessments:hr_stage", args=[pk]),
        )
    try:
        service(stage=stage, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("assessments:hr_stage", pk)


@hr_required
@require_POST
def hr_score_adjust(request, pk: int):
    score = get_object_or_404(Score.objects.select_related("stage"), pk=pk)
    form = forms.AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.score_adjust(score=score, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Nilai dikalibrasi."))
    else:
        action_refused(request, _("Isi nilai dan alasan kalibrasi."))
    return redirect("assessments:hr_stage", score.stage_id)


@hr_required
def hr_stage_export(request, pk: int, fmt: str):
    stage = selectors.hr_stage(request.user, pk)
    return export_response(
        fmt=fmt,
        filename=f"nilai-{stage.vacancy.code}-{stage.kind}",
        sheet=_("Nilai"),
        headers=[_("No. pendaftaran"), _("Nama"), _("Asesor"), _("Nilai"), _("Nilai sebelum kalibrasi"), _("Catatan")],
        rows=selectors.stage_export_rows(stage, request.user),
    )


@hr_required
@require_POST
def hr_objection_answer(request, pk: int):
    objection = get_object_or_404(Objection.objects.select_related("application"), pk=pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(objection=objection, answer=form.cleaned_data["answer"], actor=request.user)
        except ValidationError as exc:
            flash_service_errors(request, exc)
        else:
            messages.success(request, _("Jawaban sanggahan disimpan."))
    else:
        action_refused(request, _("Tulis jawaban sanggahan."))
    return redirect("assessments:hr_detail", objection.application.vacancy_id)


@hr_required
@require_POST
def hr_propose(request, pk: int):
    vacancy = selectors.hr_vacancy(request.user, pk)
    try:
        services.vacancy_propose(vacancy=vacancy, actor=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        messages.success(request, _("Nama terbaik diusulkan ke PPK."))
    return redirect("assessments:hr_detail", pk)


# Assessor -----------------------------------------------------------------------------------


@assessor_required
def committee_list(request):
    return render(
        request, "assessments/committee_list.html", {"vacancies": selectors.committee_vacancies(request.user)}
    )


@assessor_required
def committee_detail(request, pk: int):
    member = selectors.member_for(request.user, pk)
    stages = list(member.vacancy.stages.order_by("order"))
    applicants = list(selectors.assessor_applicants(member))
    for app in applicants:
        mine = {s.stage_id: s for s in app.my_scores}
        app.my_stage_scores = [mine.get(stage.pk) for stage in stages]
    context = {
        "member": member,
        "vacancy": member.vacancy,
        "stages": stages,
        "applicants": applicants,
        "recused": selectors.recused_count(member),
    }
    return render(request, "assessments/committee_detail.html", context)


@assessor_required
def committee_applicant(request, pk: int, app_pk: int):
    member = selectors.member_for(request.user, pk)
    application = selectors.assessor_application(member, app_pk)
    if not application.declared:
        return _declare(request, member, application)
    stage = member.vacancy.stages.filter(state=Stage.State.SCORING).first()
    mine = next((s for s in application.my_scores if stage and s.stage_id == stage.pk), None)
    form = forms.ScoreForm(request.POST or None) if stage and mine is None and application.is_active else None
    if request.method == "POST" and form is None:
        # A second submission (back button, second tab) or a closed stage: say so, change nothing.
        if mine is not None:
            action_refused(request, _("Nilai Anda untuk pelamar ini sudah dikirim dan terkunci."))
        elif stage is None:
            action_refused(request, _("Tidak ada tahap yang sedang dinilai."))
        else:
            action_refused(request, _("Pelamar ini tidak lagi mengikuti seleksi."))
        return redirect("assessments:committee_applicant", pk, app_pk)
    if form is not None and request.method == "POST" and form.is_valid():
        if not is_confirmed(request):
            return confirmation_page(
                request,
                title=_("Kirim nilai?"),
                summary=[
                    (_("Pelamar"), f"{application.registration_number} {application.name}"),
                    (_("Tahap"), stage.get_kind_display()),
                    (_("Nilai"), formats.localize(form.cleaned_data["value"])),
                    (_("Catatan penilaian"), form.cleaned_data["comment"]),
                ],
                frozen=[_("Nilai dan catatan Anda untuk pelamar ini pada tahap ini terkunci dan tidak dapat diubah.")],
                action_label=_("Ya, kirim nilai"),
                cancel_url=reverse("assessments:committee_applicant", args=[pk, app_pk]),
            )
        try:
            services.score_submit(
                stage=stage, application=application, member=member, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nilai dikirim dan terkunci."))
            return redirect("assessments:committee_applicant", pk, app_pk)
    visible = selectors.assessor_visible_scores(member).filter(application=application)
    context = {
        "member": member,
        "vacancy": member.vacancy,
        "application": application,
        "stage": stage,
        "mine": mine,
        "form": form,
        "visible_scores": visible,
        "documents": application.documents.all(),
    }
    return render(request, "assessments/committee_applicant.html", context)


def _declare(request, member, application):
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not is_confirmed(request):
            conflict = form.cleaned_data["has_conflict"]
            return confirmation_page(
                request,
                title=_("Kirim pernyataan konflik kepentingan?"),
                summary=[
                    (_("Pelamar"), f"{application.registration_number} {application.name}"),
                    (_("Pernyataan"), _("Ada konflik kepentingan") if conflict else _("Tidak ada konflik kepentingan")),
                ],
                frozen=[
                    _("Pernyataan Anda untuk pelamar ini tercatat dan tidak dapat diubah.")
                    if not conflict
                    else _("Anda mengundurkan diri dari penilaian pelamar ini dan tidak dapat menilainya lagi.")
                ],
                action_label=_("Ya, kirim pernyataan"),
                cancel_url=reverse("assessments:committee_applicant", args=[member.vacancy_id, application.pk]),
            )
        try:
            declaration = services.conflict_declare(
                member=member, application=application, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if declaration.has_conflict:
                messages.info(request, _("Anda mengundurkan diri dari penilaian pelamar ini."))
                return redirect("assessments:committee_detail", member.vacancy_id)
            return redirect("assessments:committee_applicant", member.vacancy_id, application.pk)
    context = {"member": member, "vacancy": member.vacancy, "application": application, "form": form}
    return render(request, "assessments/committee_declare.html", context)


@assessor_required
def committee_export(request, pk: int, fmt: str):
    member = selectors.member_for(request.user, pk)
    rows = [
        [s.stage.get_kind_display(), s.application.registration_number, s.member.name, s.value, s.comment]
        for s in selectors.assessor_visible_scores(member)
    ]
    return export_response(
        fmt=fmt,
        filename=f"nilai-{member.vacancy.code}",
        sheet=_("Nilai"),
        headers=[_("Tahap"), _("No. pendaftaran"), _("Asesor"), _("Nilai"), _("Catatan")],
        rows=rows,
    )


# Appointing official --------------------------------------------------------------------------


@appointing_official_required
def official_list(request):
    return render(request, "assessments/official_list.html", {"vacancies": selectors.official_vacancies(request.user)})


@appointing_official_required
def official_decide(request, pk: int):
    vacancy = selectors.official_vacancy(request.user, pk)
    applications = selectors.proposed_applications(vacancy)
    form = forms.DecisionForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "application"}
        if not is_confirmed(request):
            chosen = form.chosen()
            return confirmation_page(
                request,
                title=_("Tetapkan pengangkatan?"),
                summary=[
                    (_("Nama yang dipilih"), f"{chosen.final_rank}. {chosen.name} ({chosen.registration_number})"),
                    (_("Jabatan"), vacancy.position.title),
                    (_("TMT pelantikan"), f"{data['start_date']:%d-%m-%Y}"),
                    (_("Alasan"), data.get("reason") or "—"),
                ],
                frozen=[
                    _("Keputusan tercatat di jejak audit dan seleksi selesai."),
                    _("Yang dipilih menduduki jabatan ini secara definitif sejak TMT pelantikan."),
                ],
                action_label=_("Ya, tetapkan"),
                cancel_url=reverse("assessments:official_decide", args=[pk]),
            )
        try:
            services.appointment_decide(vacancy=vacancy, application=form.chosen(), actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Keputusan disimpan; jabatan terisi secara definitif."))
            return redirect("assessments:official_decide", pk)
    context = {"vacancy": vacancy, "applications": applications, "stages": list(vacancy.stages.all()), "form": form}
    return render(request, "assessments/official_decide.html", context)
