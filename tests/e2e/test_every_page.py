"""Every page, for every role, at 1280 and 390 px: axe-core (WCAG 2.0/2.1 A and AA) reports no
violation of any impact, and no page scrolls sideways on a phone. Error pages (403, 404) and
forms re-rendered with errors are checked too, and an invalid POST answers 400.

The page list comes from the URL resolver: every named route is either a page (with the
role(s) who see it and the seeded objects its URL needs, in PAGES), an action that only takes
POST (found by looking at the view's decorators), or a download (NOT_HTML). A new route that is
none of these fails the test with its name, so new pages cannot slip through unchecked.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js), never a CDN.
Runtime is bounded: one browser context per role, one tab reused for every page.
"""

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import axe_playwright_python
import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments import demo as assessments_demo
from assessments import documents as assessments_documents
from assessments.models import Application, CommitteeMember, Stage, Vacancy
from assessments.services import applications as application_services
from assessments.services import vacancies as vacancy_services
from performance.models import EvaluationCycle, UnitCalibration
from positions import columns as position_columns
from positions import selectors as position_selectors
from positions import services as position_services
from positions import tasks as position_tasks
from positions.models import Assignment, DisciplinaryRecord, Employee, OrgUnit, Position, RankHistory
from semarang_asn.core.jobs import job_start
from semarang_asn.core.models import IssuedDocument, Job
from semarang_asn.core.services import document_issue
from training.models import Certificate, ExternalTraining, QuizAttempt, SocialisationMaterial

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PASSWORD = "merit-semarang-2026"
ROLES = ("anonymous", "admin", "hr", "atasan", "kabid", "pegawai", "asesor", "ppk")
WIDTHS = (1280, 390)

# Routes that are not pages of the product's look, with the reason.
NOT_HTML = {
    "healthz": "JSON health check",
    "set_language": "language switch (POST)",
    "logout": "log out (POST)",
    "positions:position_export": "CSV/XLSX download",
    "positions:employee_export": "CSV/XLSX download",
    "positions:import_template": "CSV template download",
    "positions:import_template_xlsx": "XLSX template download",
    "core:job_download": "the job's result file",
    "core:job_progress": "htmx fragment polled by the job page",
    "positions:employee_picker": "htmx fragment of picker results",
    "positions:position_picker": "htmx fragment of picker results",
    "assessments:seat_picker": "htmx fragment of picker results",
    "assessments:assessor_picker": "htmx fragment of picker results",
    "positions:competency_import_template": "CSV template download",
    "performance:export": "CSV/XLSX download",
    "positions:my_profile": "redirects an employee to their own page (checked as employee_detail); "
    "for others the not-an-employee page, walked by tests/security/test_non_employees.py",
    "training:lesson_video": "lesson video file",
    "training:lesson_pdf": "lesson PDF file",
    "training:certificate_pdf": "certificate PDF",
    "training:external_file": "uploaded certificate file",
    "training:hr_compliance_export": "CSV/XLSX download",
    "performance:promotion_export": "CSV/XLSX download",
    "dashboard:merit_export": "CSV/XLSX download",
    "performance:evidence": "uploaded evidence file",
    "assessments:document": "uploaded application document",
    "assessments:hr_stage_export": "CSV download",
    "assessments:committee_export": "CSV download",
    # --- issue 12: printable documents (their verification pages are in PAGES) ---
    "performance:evaluation_document": "PDF download (Dokumen Evaluasi Kinerja Pegawai)",
    "assessments:announcement_pdf": "PDF download (selection announcement)",
    "assessments:registration_card": "PDF download (registration card)",
    "training:hr_lesson_video": "lesson video file (HR's preview)",
    "training:hr_lesson_pdf": "lesson PDF file (HR's preview)",
    # --- end of issue 12 ---
}
SKIPPED_NAMESPACES = {"admin": "Django's own admin site, outside the product's look"}


@dataclass
class Seeded:
    """The demo's objects that page URLs need, looked up once."""

    def __post_init__(self):
        self.pegawai = Employee.objects.get(user__username="pegawai")
        self.opd = OrgUnit.objects.get(code="BKPP")
        self.unit = OrgUnit.objects.filter(opd=self.opd).first()
        self.assignment = Assignment.objects.filter(employee=self.pegawai).first()
        self.position = self.assignment.position
        self.rank = RankHistory.objects.filter(employee=self.pegawai).first()
        self.discipline = DisciplinaryRecord.objects.first()
        self.cycle = EvaluationCycle.objects.get(status="open")
        self.evaluation = self.pegawai.evaluations.get(cycle=self.cycle)
        self.calibration = UnitCalibration.objects.filter(opd=self.opd).order_by("-cycle__period_end").first()
        self.draft_vacancy = Vacancy.objects.filter(status="draft").first()
        self.open_vacancy = Vacancy.objects.filter(applications__employee=self.pegawai).first()
        self.scoring_vacancy = Vacancy.objects.filter(stages__state="scoring").first()
        self.finished_vacancy = Vacancy.objects.filter(status="appointed").first()
        self.stage = Stage.objects.filter(vacancy=self.scoring_vacancy, state="scoring").first()
        self.member = CommitteeMember.objects.filter(vacancy=self.scoring_vacancy, user__username="asesor").first()
        self.application = Application.objects.filter(vacancy=self.scoring_vacancy).first()
        self.my_application = Application.objects.filter(employee=self.pegawai).first()
        self.attempt = (
            QuizAttempt.objects.filter(enrollment__employee=self.pegawai).select_related("enrollment").first()
        )
        self.course = self.attempt.enrollment.course if self.attempt else None
        self.lesson = self.course.lessons.first() if self.course else None
        self.question = self.course.questions.first() if self.course else None
        self.certificate = Certificate.objects.filter(revoked_at__isnull=True).first()
        self.external = (
            ExternalTraining.objects.filter(status=ExternalTraining.Status.SUBMITTED).first()
            or ExternalTraining.objects.first()
        )
        self.socialisation = SocialisationMaterial.objects.first()
        self.key_position = Position.objects.filter(level__in=("jpt_pratama", "administrator"), is_active=True).first()
        self.job = Job.objects.filter(kind=Job.Kind.IMPORT_CHECK, owner__username="hr", status="done").first()
        self.document = IssuedDocument.objects.filter(revoked_at__isnull=True).first()
        self.superseded_document = IssuedDocument.objects.filter(revoked_at__isnull=False).first()


def pk(attr):
    return lambda s: {"pk": getattr(s, attr).pk}


# url name -> [(role, kwargs from the seeded objects or None)]
PAGES = {
    "login": [("anonymous", None)],
    "password_change": [("pegawai", None)],
    "password_change_done": [("pegawai", None)],
    "dashboard:home": [(role, None) for role in ROLES],
    "dashboard:objections": [("hr", None)],
    "core:notifications": [("atasan", None), ("asesor", None)],
    "core:help": [(role, None) for role in ROLES],
    "core:help_role": [
        ("anonymous", lambda s: {"role": slug}) for slug in ("pegawai", "atasan", "hr", "asesor", "ppk", "publik")
    ],
    "core:glossary": [("anonymous", None), ("pegawai", None)],
    "core:audit_list": [("hr", None)],
    "core:jobs": [("hr", None)],
    "positions:position_list": [("hr", None)],
    "assessments:hr_applicants": [("hr", pk("scoring_vacancy"))],
    "performance:bulk_rater": [("hr", pk("cycle"))],
    "positions:opd_list": [("hr", None)],
    "positions:opd_detail": [("hr", pk("opd"))],
    "positions:orgunit_create": [("hr", None)],
    "positions:orgunit_edit": [("hr", pk("unit"))],
    "positions:position_create": [("hr", None)],
    "positions:position_detail": [("hr", pk("position"))],
    "positions:position_edit": [("hr", pk("position"))],
    "positions:position_standard": [("hr", pk("position"))],
    "positions:employee_list": [("hr", None)],
    "positions:employee_create": [("hr", None)],
    "positions:employee_detail": [("hr", pk("pegawai")), ("pegawai", pk("pegawai"))],
    "positions:employee_edit": [("hr", pk("pegawai"))],
    "positions:assignment_add": [("hr", pk("pegawai"))],
    "positions:rank_add": [("hr", pk("pegawai"))],
    "positions:discipline_add": [("hr", pk("pegawai"))],
    "positions:assignment_end": [("hr", pk("assignment"))],
    "positions:assignment_edit": [("hr", pk("assignment"))],
    "positions:rank_edit": [("hr", pk("rank"))],
    "positions:discipline_edit": [("hr", pk("discipline"))],
    "positions:import": [("hr", None)],
    "positions:competency_list": [("hr", pk("pegawai")), ("pegawai", pk("pegawai"))],
    "positions:competency_record": [("hr", pk("pegawai"))],
    "positions:competency_import": [("hr", None)],
    "performance:team": [("atasan", None)],
    "performance:mine": [("pegawai", None)],
    "performance:objections": [("kabid", None)],
    "performance:evaluation": [("pegawai", pk("evaluation")), ("atasan", pk("evaluation"))],
    "performance:cycles": [("hr", None)],
    "performance:cycle": [("hr", pk("cycle"))],
    "performance:pengisian": [("hr", pk("cycle"))],
    "performance:kurva": [("hr", pk("cycle"))],
    "performance:calibrations_mine": [("hr", None), ("kabid", None)],
    "performance:calibration": [("hr", pk("calibration"))],
    "assessments:public_list": [("anonymous", None)],
    "assessments:public_detail": [("anonymous", pk("finished_vacancy")), ("anonymous", pk("open_vacancy"))],
    "assessments:apply": [("pegawai", pk("open_vacancy"))],
    "assessments:my_applications": [("pegawai", None)],
    "assessments:my_application": [("pegawai", pk("my_application"))],
    "assessments:hr_list": [("hr", None)],
    "assessments:hr_create": [("hr", None)],
    "assessments:hr_detail": [("hr", pk("scoring_vacancy")), ("hr", pk("finished_vacancy"))],
    "assessments:hr_edit": [("hr", pk("draft_vacancy"))],
    "assessments:hr_external": [("hr", pk("open_vacancy"))],
    "assessments:hr_stage": [("hr", pk("stage"))],
    "assessments:committee_list": [("asesor", None)],
    "assessments:committee_detail": [("asesor", pk("scoring_vacancy"))],
    "assessments:committee_applicant": [("asesor", lambda s: {"pk": s.scoring_vacancy.pk, "app_pk": s.application.pk})],
    "assessments:official_list": [("ppk", None)],
    "training:catalogue": [("pegawai", None), ("anonymous", None)],
    "performance:eligibility_mine": [("pegawai", None)],
    "performance:promotion_list": [("hr", None)],
    "performance:eligibility_employee": [("hr", pk("pegawai"))],
    "performance:nine_box": [("hr", None)],
    "performance:box_list": [("hr", lambda s: {"box": 9})],
    "performance:succession": [("hr", None)],
    "performance:succession_position": [("hr", pk("key_position"))],
    "dashboard:merit": [("hr", None)],
    "training:course": [("pegawai", pk("course"))],
    "training:lesson": [("pegawai", lambda s: {"pk": s.course.pk, "lesson_pk": s.lesson.pk})],
    "training:quiz": [("pegawai", pk("course"))],
    "training:attempt": [("pegawai", lambda s: {"pk": s.course.pk, "attempt_pk": s.attempt.pk})],
    "training:mine": [("pegawai", None)],
    "training:recommendations": [("pegawai", None)],
    "training:verify": [("anonymous", None)],
    "training:verify_code": [("anonymous", lambda s: {"code": s.certificate.code})],
    "training:external_new": [("pegawai", None)],
    "training:socialisation_detail": [("pegawai", pk("socialisation"))],
    "training:hr_courses": [("hr", None)],
    "training:hr_course_new": [("hr", None)],
    "training:hr_course": [("hr", pk("course"))],
    "training:hr_course_edit": [("hr", pk("course"))],
    "training:hr_lesson_new": [("hr", pk("course"))],
    "training:hr_lesson_edit": [("hr", lambda s: {"pk": s.course.pk, "lesson_pk": s.lesson.pk})],
    "training:hr_question_new": [("hr", pk("course"))],
    "training:hr_question_edit": [("hr", lambda s: {"pk": s.course.pk, "question_pk": s.question.pk})],
    "training:hr_participants": [("hr", pk("course"))],
    "training:hr_certificate_revoke": [("hr", pk("certificate"))],
    "training:hr_external": [("hr", None)],
    "training:hr_external_decide": [("hr", pk("external"))],
    "training:hr_compliance": [("hr", None)],
    "training:hr_socialisation": [("hr", None)],
    "training:hr_socialisation_new": [("hr", None)],
    "training:hr_socialisation_coverage": [("hr", pk("socialisation"))],
    "training:hr_socialisation_edit": [("hr", pk("socialisation"))],
    "assessments:official_decide": [("ppk", pk("finished_vacancy"))],
    # --- issue 12: document verification; the job and import preview of a seeded import ---
    "core:document_verify": [("anonymous", None)],
    "core:document_verify_code": [
        ("anonymous", lambda s: {"code": s.document.code}),
        ("anonymous", lambda s: {"code": s.superseded_document.code}),
    ],
    "core:job": [("hr", pk("job"))],
    "positions:import_preview": [("hr", pk("job"))],
    "training:hr_lesson_preview": [("hr", lambda s: {"pk": s.course.pk, "lesson_pk": s.lesson.pk})],
    # --- end of issue 12 ---
}


def _routes(resolver=None, prefix=""):
    """(name, view) of every named route, namespaces included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _routes(entry, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry.callback


def _allowed_methods(view) -> set[str] | None:
    """The methods a view's require_http_methods decorator allows, None when it has none."""
    func = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None


def _classify_routes():
    """Pages to visit, and the routes that are neither a page nor known (a failure)."""
    unknown = []
    for name, view in _routes():
        if name in PAGES or name in NOT_HTML:
            continue
        methods = _allowed_methods(view)
        if methods is not None and "GET" not in methods:
            continue  # an action: it answers a form on some page, which is checked there
        unknown.append(name)
    return unknown


def _visits(seeded, problems):
    """role -> [(label, url)], from PAGES; a page whose objects the demo lacks is a problem."""
    visits = {role: [] for role in ROLES}
    for name, entries in PAGES.items():
        for role, kwargs_for in entries:
            try:
                kwargs = kwargs_for(seeded) if kwargs_for else {}
            except AttributeError:
                kwargs = None
            if kwargs is None or any(v is None for v in kwargs.values()):
                problems.append(f"{name}: the seeded data has no object to show it to {role}; seed one")
                continue
            visits[role].append((name, reverse(name, kwargs=kwargs)))
    return visits


def _axe(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
    ]


def _too_wide(page) -> str | None:
    width = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    if width[0] > width[1]:
        return f"scrolls sideways ({width[0]} px of content in {width[1]} px)"
    return None


INVALIDATE_FORM = """form => {
  form.querySelectorAll('input, select, textarea').forEach(el => {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') return;
    if (el.type === 'checkbox' || el.type === 'radio') { el.checked = false; return; }
    if (el.tagName === 'SELECT') { el.selectedIndex = -1; return; }
    if (el.type === 'file') return;
    el.value = '';
  });
  // Through its own button, so a button's name (which form of several) is posted too.
  form.requestSubmit(form.querySelector('button[type=submit], button:not([type]), input[type=submit]'));
}"""


def _check(page, label, width, problems, *, expect_status=200, status=None):
    if status is not None and status != expect_status:
        problems.append(f"{label} at {width}px answered {status}, expected {expect_status}")
    for v in _axe(page):
        problems.append(f"{label} at {width}px: {v}")
    wide = _too_wide(page)
    if wide:
        problems.append(f"{label} at {width}px {wide}")


def _submit_invalid(page, label, width, problems, *, own_page=True):
    """Post the first form with a required field emptied: it must come back 400 and say why.
    A form that posts to its own page re-renders with an error summary that has focus and a
    title that says so; an action posted to another URL answers with its page and the reason."""
    scope = ":not([action])" if own_page else "[action]"
    form = page.locator(f"main form[method=post]{scope}:has([required])").first
    if form.count() == 0:
        return 0
    if not form.evaluate("f => f.noValidate"):
        problems.append(f"{label} at {width}px: the form lacks novalidate (the browser's bubbles would pre-empt ours)")
        return 0
    with page.expect_navigation(timeout=10_000) as nav:
        form.evaluate(INVALIDATE_FORM)
    status = nav.value.status if nav.value else None
    label = f"{label} ({'form' if own_page else 'action'} with errors)"
    _check(page, label, width, problems, expect_status=400, status=status)
    if not own_page:
        if page.locator(".error-summary, .alert-danger").count() == 0:
            problems.append(f"{label} at {width}px: the page does not say why the action was refused")
        return 1
    if not page.evaluate("!!document.activeElement.closest('.error-summary')"):
        problems.append(f"{label} at {width}px: the error summary does not have focus")
    if not page.title().startswith(("Kesalahan", "Error")):
        problems.append(f"{label} at {width}px: the title does not say there are errors: {page.title()!r}")
    return 1


def _navbar_focus_is_visible(page) -> bool:
    """Tab past the skip link to the brand in the navigation bar: its focus ring must show."""
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    return page.evaluate(
        """() => { const el = document.activeElement, st = getComputedStyle(el);
        return !!el.closest('.navbar') && st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2; }"""
    )


def _walk_in_english(page, base, role, pages, problems) -> int:
    """The same pages in English, chosen with the language switch as a user would, at the
    phone width only (where longer English labels would overflow first): axe, width, and the
    forms re-rendered with errors. Returns how many pages were walked."""
    page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
    page.goto(f"{base}/")
    with page.expect_navigation():  # the EN button of the switch (folded away in the phone menu)
        page.locator("form.lang-switch").evaluate("f => f.requestSubmit(f.querySelector('button[value=en]'))")
    if page.evaluate("document.documentElement.lang") != "en":
        problems.append(f"language switch as {role}: the page did not turn English")
        return 0
    for label, url in pages:
        expected = 404 if label == "404 page" else 403 if label == "403 page" else 200
        response = page.goto(f"{base}{url}")
        _check(
            page, f"{label} as {role} in English", WIDTHS[-1], problems, expect_status=expected, status=response.status
        )
        _submit_invalid(page, f"{label} as {role} in English", WIDTHS[-1], problems)
    return len(pages)


def _log_in(page, base, role):
    if role == "anonymous":
        return
    page.goto(f"{base}/masuk/")
    page.locator("input[name=username]").fill(role)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _seed_what_the_demo_lacks():
    """The demo has no disciplinary record, no draft vacancy and no application by a demo login:
    add them through the services, as HR and the employee would."""
    hr = User.objects.get(username="hr")
    pegawai = Employee.objects.get(user__username="pegawai")
    today = timezone.localdate()
    position_services.discipline_add(
        record=DisciplinaryRecord(
            employee=pegawai, level="ringan", sanction="Teguran lisan", decided_on=today, start_date=today
        ),
        actor=hr,
    )

    def draft(seat):
        vacancy = Vacancy(
            position=seat,
            title=f"Seleksi Terbuka {seat.title}",
            registration_opens=today,
            registration_closes=today + dt.timedelta(days=20),
            no_moderate_heavy_discipline=False,
            predikat_baik_two_years=False,
        )
        stages = [dict(stage) for stage in assessments_demo.STAGES]
        return vacancy_services.vacancy_create(vacancy=vacancy, stages=stages, actor=hr)

    seats = list(position_selectors.vacant_positions().filter(vacancies__isnull=True)[:2])
    first = draft(seats[0])
    from tests.assessments.conftest import make_committee

    make_committee(first, hr, prefix="pansel-halaman")  # a vacancy is published with its pansel seated
    open_to_all = vacancy_services.vacancy_publish(vacancy=first, actor=hr, on=today)
    application_services.application_submit(vacancy=open_to_all, employee=pegawai, documents={}, actor=pegawai.user)
    draft(seats[1])
    _seed_documents_and_an_import(hr, pegawai)


def _seed_documents_and_an_import(hr, pegawai):
    """A registration card issued (its code verifiable), an announcement re-issued (the old code
    superseded), and HR's checked import file with one good and one broken row."""
    application = Application.objects.filter(employee=pegawai).first()
    document_issue(**assessments_documents.registration_card_issue(application))
    announced = dict(
        kind=IssuedDocument.Kind.ANNOUNCEMENT, key="e2e:announcement", subject="Pengumuman", facts=[("Tahap", "1")]
    )
    document_issue(**announced, content=["first"])
    document_issue(**announced, content=["second"])

    good = "198501012010011001,Pegawai Impor,,,Semarang,1985-01-01,L,PNS,S1,aktif,III/a,2020-01-01,,"
    bad = "1985010,Baris Rusak,,,,,,,S1,,,,,"
    content = "\n".join([",".join(position_columns.EMPLOYEE_COLUMNS), good, bad]).encode()
    job_start(
        owner=hr,
        kind=Job.Kind.IMPORT_CHECK,
        title="Pemeriksaan impor pegawai",
        task=position_tasks.import_check,
        params={"kind": "employees", "ext": "csv", "update": False},
        input_file=ContentFile(content, name="impor.csv"),
    )


@pytest.fixture
def seeded(settings):
    settings.DEMO_LOGINS_ALLOWED = True
    call_command("seed_demo", employees=200, allow_demo_logins=True, stdout=io.StringIO())
    _seed_what_the_demo_lacks()
    return Seeded()


def test_every_page_for_every_role_passes_axe_and_fits_a_phone(seeded, browser, live_server):
    problems = [f"{name}: a route that is neither in PAGES nor NOT_HTML; add it" for name in _classify_routes()]
    visits = _visits(seeded, problems)
    submitted = {"forms": 0, "actions": 0, "english": 0}
    for role in ROLES:
        context = browser.new_context(locale="id-ID", viewport={"width": WIDTHS[0], "height": 900})
        page = context.new_page()
        _log_in(page, live_server.url, role)
        page.goto(f"{live_server.url}/")
        if not _navbar_focus_is_visible(page):
            problems.append(f"navigation bar as {role}: keyboard focus is not visible")
        page.emulate_media(media="print")
        if page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") != "none":
            problems.append(f"home page as {role}: the print stylesheet still prints the navigation bar")
        page.emulate_media(media="screen")
        pages = [*visits[role], ("404 page", "/halaman-yang-tidak-ada/")]
        if role not in ("anonymous", "hr", "admin"):
            pages.append(("403 page", reverse("positions:employee_list")))
        for label, url in pages:
            expected = 404 if label == "404 page" else 403 if label == "403 page" else 200
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(f"{live_server.url}{url}")
                if expected == 200 and not response.url.endswith(url):
                    problems.append(f"{label} as {role}: {url} redirected to {response.url}; seed an object it shows")
                _check(page, f"{label} as {role}", width, problems, expect_status=expected, status=response.status)
                has_action = page.locator("main form[method=post][action]:has([required])").count() > 0
                submitted["forms"] += _submit_invalid(page, f"{label} as {role}", width, problems)
            if has_action:
                page.goto(f"{live_server.url}{url}")
                submitted["actions"] += _submit_invalid(
                    page, f"{label} as {role}", WIDTHS[-1], problems, own_page=False
                )
        submitted["english"] += _walk_in_english(page, live_server.url, role, pages, problems)
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # The invalid posts really happened (some 24 own-page forms at two widths, a few actions).
    assert submitted["forms"] >= 40 and submitted["actions"] >= 4, submitted
    # Every page was also walked in English (the pages of all roles, some 130).
    assert submitted["english"] >= 100, submitted
