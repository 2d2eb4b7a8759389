"""Permission-scoped reads of open selection.

The public sees only what is published; an employee only their own applications; an
assessor only the committees they sit on, only applicants they are not recused from, and
no other assessor's score until they have submitted their own for that stage and applicant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from positions import selectors as position_selectors
from semarang_asn.core import roles
from semarang_asn.core.prepared import Prepared
from semarang_asn.core.services import setting_value

from .models import (
    Application,
    ApplicationDocument,
    CommitteeMember,
    ConflictDeclaration,
    Objection,
    Score,
    Stage,
    StageResult,
    Vacancy,
)

VACANCY_RELATED = ("position__org_unit__opd", "position__org_unit", "min_rank")


def _get_or_404(qs: QuerySet, **lookup):
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404 from None


# Public ----------------------------------------------------------------------------------


def public_vacancies() -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.published()
        .with_phase()
        .select_related(*VACANCY_RELATED)
        .annotate(applicant_count=Count("applications"))
        .order_by("-published_at", "-id")
    )


def public_vacancy(pk: int) -> Vacancy:
    """A published vacancy with its stages (and the decision once appointed); 404 for a draft."""
    return _get_or_404(
        public_vacancies()
        .select_related("decision__application")
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order"))),
        pk=pk,
    )


def public_results(vacancy: Vacancy) -> dict:
    """Announced stages with their results by registration number, and the final ranking
    (per-stage scores) once the last stage is announced. Nothing of an unannounced stage."""
    stages = list(vacancy.stages.all())
    announced = [s for s in stages if s.state == Stage.State.ANNOUNCED]
    by_stage: dict[int, list[StageResult]] = defaultdict(list)
    per_app: dict[int, dict[str, StageResult]] = defaultdict(dict)
    for result in (
        StageResult.objects.filter(stage__in=announced)
        .select_related("application")
        .order_by("stage__order", "application__seq")
    ):
        by_stage[result.stage_id].append(result)
        per_app[result.application_id][result.stage_id] = result
    final_announced = bool(stages) and stages[-1].state == Stage.State.ANNOUNCED
    ranking = []
    if final_announced:
        for app in Application.objects.filter(vacancy=vacancy, final_rank__isnull=False).order_by("final_rank"):
            app.stage_values = [per_app[app.pk].get(s.pk) for s in stages]
            ranking.append(app)
    administration = []
    if vacancy.admin_announced_at is not None:
        administration = list(
            Application.objects.filter(vacancy=vacancy)
            .only("registration_number", "name", "admin_status")
            .order_by("seq")
        )
    return {
        "administration": administration,
        "announcements": [(s, by_stage.get(s.pk, [])) for s in announced],
        "ranking": ranking,
        "final_announced": final_announced,
        "stages": stages,
    }


# HR ---------------------------------------------------------------------------------------


def hr_vacancies(user) -> QuerySet[Vacancy]:
    if not roles.is_hr(user):
        return Vacancy.objects.none()
    return (
        Vacancy.objects.with_phase()
        .select_related(*VACANCY_RELATED)
        .annotate(
            applicant_count=Count("applications", distinct=True),
            pending_count=Count(
                "applications", filter=Q(applications__admin_status=Application.Admin.PENDING), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )


def hr_vacancy(user, pk: int) -> Vacancy:
    if not roles.is_hr(user):
        raise Http404
    return _get_or_404(
        Vacancy.objects.select_related(*VACANCY_RELATED, "decision__application").prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("order")),
            Prefetch("committee", queryset=CommitteeMember.objects.select_related("user")),
        ),
        pk=pk,
    )


def hr_applications(vacancy: Vacancy) -> QuerySet[Application]:
    return (
        Application.objects.filter(vacancy=vacancy)
        .select_related("employee", "stopped_at")
        .prefetch_related("documents")
        .order_by("seq")
    )


def too_few_applicants(vacancy: Vacancy) -> int | None:
    """The configured usual minimum when a closed registration drew fewer applicants, else None."""
    minimum = int(setting_value("assessments.min_applicants"))
    if vacancy.published_at is None or vacancy.registration_closes >= timezone.localdate():
        return None
    return minimum if vacancy.applications.count() < minimum else None


def pending_objections(user) -> QuerySet[Objection]:
    """Every sanggahan HR has not answered yet, over all selections, oldest first. HR only."""
    if not roles.is_hr(user):
        return Objection.objects.none()
    return (
        Objection.objects.filter(answered_at__isnull=True)
        .select_related("application__vacancy", "stage")
        .order_by("filed_at", "pk")
    )


def hr_objections(vacancy: Vacancy) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(application__vacancy=vacancy)
        .select_related("stage", "application", "answered_by")
        .order_by("answered_at", "-filed_at")
    )


def hr_stage(user, pk: int) -> Stage:
    if not roles.is_hr(user):
        raise Http404
    return _get_or_404(Stage.objects.select_related("vacancy__position__org_unit"), pk=pk)


def stage_board(stage: Stage, viewer=None) -> dict:
    """HR's view of a stage: the committee as columns and every candidate as a row with each
    member's score (None when missing), who is recused, mean, spread flag and who is missing.

    Blind scoring holds for HR staff too: a viewer who sits on this committee sees, while the
    stage is being scored, only their own score for an applicant until they have submitted it
    (and nothing of an applicant they are recused from)."""
    from .services.scoring import stage_candidates, stage_progress

    threshold = setting_value("assessments.score_spread_flag")
    progress = stage_progress(stage) if stage.state == Stage.State.SCORING else {}
    members = list(CommitteeMember.objects.filter(vacancy_id=stage.vacancy_id).order_by("name"))
    viewer_member = next((m for m in members if viewer is not None and m.user_id == viewer.pk), None)
    if stage.state == Stage.State.PENDING:
        apps = list(stage_candidates(stage).order_by("seq"))
    else:
        apps = list(
            Application.objects.filter(
                Q(pk__in=stage_candidates(stage).values("pk")) | Q(stage_results__stage=stage) | Q(stopped_at=stage)
            )
            .distinct()
            .order_by("seq")
        )
    scores: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(stage=stage):
        scores[score.application_id][score.member_id] = score
    recused: dict[int, set[int]] = defaultdict(set)
    for app_id, member_id in ConflictDeclaration.objects.filter(
        member__vacancy_id=stage.vacancy_id, has_conflict=True
    ).values_list("application_id", "member_id"):
        recused[app_id].add(member_id)
    results = {r.application_id: r for r in StageResult.objects.filter(stage=stage)}
    names = {m.pk: m.name for m in members}
    for app in apps:
        mine = scores.get(app.pk, {})
        app.board_blind = (
            stage.state == Stage.State.SCORING
            and viewer_member is not None
            and (viewer_member.pk not in mine or viewer_member.pk in recused[app.pk])
        )
        if app.board_blind:
            mine = {k: v for k, v in mine.items() if k == viewer_member.pk}
        app.board_cells = [(mine.get(m.pk), m.pk in recused[app.pk]) for m in members]
        app.board_scores = [s for s, _recused in app.board_cells if s is not None]
        values = [s.value for s in app.board_scores]
        app.board_spread = (max(values) - min(values)) if len(values) > 1 else 0
        app.board_flagged = app.board_spread > threshold
        app.board_mean = sum(values) / len(values) if values and not app.board_blind else None
        app.board_result = results.get(app.pk)
        missing = progress.get(app.pk, {}).get("missing", set())
        app.board_missing = [names[m] for m in sorted(missing) if m in names]
    return {"members": members, "rows": apps, "threshold": threshold, "viewer_member": viewer_member}


def stage_export_rows(stage: Stage, viewer=None) -> list[list]:
    board = stage_board(stage, viewer)
    names = {m.pk: m.name for m in board["members"]}
    return [
        [app.registration_number, app.name, names[s.member_id], s.value, s.original_value, s.comment]
        for app in board["rows"]
        for s in app.board_scores
    ]


# Assessor -----------------------------------------------------------------------------------


def committee_vacancies(user) -> QuerySet[Vacancy]:
    """The vacancies whose committee the user sits on."""
    if not roles.is_assessor(user):
        return Vacancy.objects.none()
    return vacancies_on_committee_of(user.pk).select_related(*VACANCY_RELATED).order_by("-published_at")


def vacancies_on_committee_of(user_id: int) -> QuerySet[Vacancy]:
    return Vacancy.objects.published().filter(committee__user_id=user_id)


def running_selections_on_committee_of(user_id: int) -> QuerySet[Vacancy]:
    """The committees the user sits on whose selection is neither decided nor cancelled."""
    return vacancies_on_committee_of(user_id).exclude(status__in=[Vacancy.Status.APPOINTED, Vacancy.Status.CANCELLED])


def member_for(user, vacancy_pk: int) -> CommitteeMember:
    """The user's seat on this vacancy's committee; 404 when they do not sit on it."""
    if not roles.is_assessor(user):
        raise Http404
    return _get_or_404(
        CommitteeMember.objects.select_related("vacancy__position__org_unit").filter(
            vacancy__published_at__isnull=False
        ),
        vacancy_id=vacancy_pk,
        user=user,
    )


def _declaration_of(member: CommitteeMember):
    return ConflictDeclaration.objects.filter(member=member, application=OuterRef("pk"))


def assessor_applicants(member: CommitteeMember) -> QuerySet[Application]:
    """Applicants in the running that the member is not recused from, with their declaration
    state and the member's own scores (never anyone else's)."""
    return (
        Application.objects.filter(vacancy_id=member.vacancy_id, admin_status=Application.Admin.PASSED)
        .exclude(pk__in=ConflictDeclaration.objects.filter(member=member, has_conflict=True).values("application_id"))
        .annotate(declared=Exists(_declaration_of(member)))
        .prefetch_related(Prefetch("scores", queryset=Score.objects.filter(member=member), to_attr="my_scores"))
        .order_by("seq")
    )


def recused_count(member: CommitteeMember) -> int:
    return ConflictDeclaration.objects.filter(member=member, has_conflict=True).count()


def assessor_application(member: CommitteeMember, pk: int) -> Application:
    return _get_or_404(assessor_applicants(member).select_related("employee"), pk=pk)


def assessor_visible_scores(member: CommitteeMember) -> QuerySet[Score]:
    """Scores the member may read: their own, and others' for a (stage, applicant) only
    after submitting their own for it; never for an applicant they are recused from."""
    own = Score.objects.filter(member=member, stage=OuterRef("stage"), application=OuterRef("application"))
    recused = ConflictDeclaration.objects.filter(member=member, has_conflict=True).values("application_id")
    return (
        Score.objects.filter(stage__vacancy_id=member.vacancy_id)
        .filter(Exists(own))
        .exclude(application_id__in=recused)
        .select_related("member", "stage", "application")
        .order_by("stage__order", "application__seq", "member__name")
    )


def declared_without_conflict(member: CommitteeMember, application: Application) -> bool:
    return ConflictDeclaration.objects.filter(member=member, application=application, has_conflict=False).exists()


# Employee ----------------------------------------------------------------------------------


def my_applications(user) -> QuerySet[Application]:
    employee = position_selectors.employee_for_user(user)
    if employee is None:
        return Application.objects.none()
    return (
        applications_of(employee.pk)
        .select_related(*(f"vacancy__{r}" for r in VACANCY_RELATED), "stopped_at")
        .order_by("-submitted_at")
    )


def applications_of(employee_id: int) -> QuerySet[Application]:
    return Application.objects.filter(employee_id=employee_id)


def my_application_list(user) -> QuerySet[Application]:
    """ "Lamaran saya": with each selection's stages for its announced phase (Vacancy.phase)."""
    return my_applications(user).prefetch_related("vacancy__stages")


def my_application(user, pk: int) -> Application:
    """The employee's own application with the results of announced stages only."""
    return _get_or_404(
        my_applications(user).prefetch_related(
            "documents",
            Prefetch(
                "stage_results",
                queryset=StageResult.objects.filter(stage__state=Stage.State.ANNOUNCED).select_related("stage"),
                to_attr="announced_results",
            ),
            Prefetch("objections", queryset=Objection.objects.select_related("stage")),
            Prefetch("vacancy__stages", queryset=Stage.objects.order_by("order")),
        ),
        pk=pk,
    )


def registration_card_for(user, pk: int) -> Application:
    """An application for its registration card: the applicant's own, or any for HR; 404 for
    anyone else."""
    qs = Application.objects.all() if roles.is_hr(user) else my_applications(user)
    return _get_or_404(
        qs.select_related(*(f"vacancy__{r}" for r in VACANCY_RELATED)).prefetch_related(
            "documents", Prefetch("vacancy__stages", queryset=Stage.objects.order_by("order"))
        ),
        pk=pk,
    )


def has_applied(user, vacancy: Vacancy) -> bool:
    employee = position_selectors.employee_for_user(user)
    return employee is not None and Application.objects.filter(vacancy=vacancy, employee=employee).exists()


# Appointing official ------------------------------------------------------------------------


def official_vacancies(user) -> QuerySet[Vacancy]:
    if not roles.is_appointing_official(user):
        return Vacancy.objects.none()
    return (
        Vacancy.objects.filter(status__in=[Vacancy.Status.PROPOSED, Vacancy.Status.APPOINTED])
        .select_related(*VACANCY_RELATED, "decision__application")
        .annotate(proposed_count=Count("applications", filter=Q(applications__proposed=True)))
        .order_by("-proposed_at")
    )


def official_vacancy(user, pk: int) -> Vacancy:
    return _get_or_404(
        official_vacancies(user).prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order"))),
        pk=pk,
    )


def proposed_applications(vacancy: Vacancy) -> list[Application]:
    stages = list(vacancy.stages.all())
    apps = list(
        Application.objects.filter(vacancy=vacancy, proposed=True)
        .select_related("employee")
        .prefetch_related("stage_results")
        .order_by("final_rank")
    )
    for app in apps:
        by_stage = {r.stage_id: r for r in app.stage_results.all()}
        app.stage_values = [by_stage.get(s.pk) for s in stages]
    return apps


# Documents ---------------------------------------------------------------------------------


def document_for(user, pk: int) -> ApplicationDocument:
    """HR, the applicant, or a committee member who declared no conflict for that applicant."""
    doc = _get_or_404(ApplicationDocument.objects.select_related("application__employee"), pk=pk)
    app = doc.application
    if roles.is_hr(user):
        return doc
    if app.employee_id and app.employee.user_id == user.pk:
        return doc
    member = CommitteeMember.objects.filter(vacancy_id=app.vacancy_id, user=user).first()
    if member and roles.is_assessor(user) and declared_without_conflict(member, app):
        return doc
    raise Http404


def vacancies_open_on(day: dt.date) -> QuerySet[Vacancy]:
    """Published vacancies whose registration is open on ``day`` (counted on an employee's home
    page: the public list's rows, without the columns and annotations it shows)."""
    return Vacancy.objects.published().filter(
        status=Vacancy.Status.PUBLISHED, registration_opens__lte=day, registration_closes__gte=day
    )


def applications_to_verify() -> QuerySet[Application]:
    """Applications to published vacancies whose documents HR has not verified yet."""
    return Application.objects.filter(admin_status=Application.Admin.PENDING, vacancy__status=Vacancy.Status.PUBLISHED)


def vacancies_proposed() -> QuerySet[Vacancy]:
    """Selections whose names went to the appointing official: counted for the PPK's home
    page, they are ``official_vacancies`` of that status (one row per vacancy there too)
    without the columns, joins and annotation its list shows."""
    return Vacancy.objects.filter(status=Vacancy.Status.PROPOSED)


def vacancies_appointed() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=Vacancy.Status.APPOINTED)


def home_summary(user) -> dict:
    """Counts for the role home page: open vacancies, my applications, committees, HR and PPK
    to-dos. They are prepared figures, read together with the other apps' by the home page
    (core.figures.read_together)."""
    employee = position_selectors.employee_for_user(user)
    return {
        "open_count": Prepared(vacancies_open_on, timezone.localdate()),
        "my_count": Prepared(applications_of, employee.pk) if employee is not None else 0,
        "committee_count": Prepared(running_selections_on_committee_of, user.pk) if roles.is_assessor(user) else 0,
        "hr_pending": Prepared(applications_to_verify) if roles.is_hr(user) else 0,
        "to_decide": Prepared(vacancies_proposed) if roles.is_appointing_official(user) else 0,
    }


def seats_open_for_selection(*, keep: Vacancy | None = None) -> QuerySet:
    """Vacant seats with no selection running on them (``keep``'s own seat stays in)."""
    running = Vacancy.objects.exclude(status__in=[Vacancy.Status.APPOINTED, Vacancy.Status.CANCELLED])
    if keep is not None and keep.pk:
        running = running.exclude(pk=keep.pk)
    return position_selectors.vacant_positions().exclude(pk__in=running.values("position_id"))


def seat_matches(user, text: str, *, limit: int) -> list:
    """Seats open for selection matching the search, OPD and unit attached; HR only."""
    return position_selectors.position_matches(user, text, limit=limit, positions=seats_open_for_selection())


def assessors() -> QuerySet:
    return (
        get_user_model().objects.filter(groups__name=roles.ASSESSOR, is_active=True).order_by("first_name", "username")
    )


def assessor_matches(user, text: str, *, limit: int) -> list:
    """Active assessors whose name or user name contains every word; HR only."""
    if not text or not roles.is_hr(user):
        return []
    condition = Q()
    for word in text.split():
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
    return list(assessors().filter(condition)[:limit])


def official_home(user) -> dict | None:
    """The PPK's work on their home page: proposals waiting for a decision (the oldest first)
    and how many were decided; None for anyone who is not an appointing official. The counts
    are prepared figures, read together by the home page (core.figures.read_together)."""
    if not roles.is_appointing_official(user):
        return None
    pending = official_vacancies(user).filter(status=Vacancy.Status.PROPOSED).order_by("proposed_at", "id")
    return {
        "pending": list(pending[:5]),
        "pending_count": Prepared(vacancies_proposed),
        "decided_count": Prepared(vacancies_appointed),
    }


def merit_figures() -> dict:
    """Open, competitive filling for the merit dashboard: vacancies by status and the average
    days from announcement to appointment; selection objections and how many were answered.
    The counts are querysets, read together with the other apps' figures by the dashboard
    (core.figures.read_together)."""
    by_status = {code: Vacancy.objects.filter(status=code) for code, _label in Vacancy.Status.choices}
    appointed = list(
        Vacancy.objects.filter(
            status=Vacancy.Status.APPOINTED, published_at__isnull=False, closed_at__isnull=False
        ).values_list("published_at", "closed_at")
    )
    days = [(closed - published).days for published, closed in appointed]
    objections = {"total": Objection.objects.all(), "answered": Objection.objects.exclude(answer="")}
    return {
        "by_status": by_status,
        "labels": dict(Vacancy.Status.choices),
        "avg_days_to_fill": round(sum(days) / len(days)) if days else None,
        "appointed": len(days),
        "objections": objections,
    }
