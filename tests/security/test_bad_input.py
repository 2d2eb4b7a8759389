"""Bad input, property-based: random and hostile values posted to every form view, as the
role allowed to use it. No 5xx ever; when the form is refused (any answer but a redirect),
nothing is saved: no table gains or loses a row and the edited record is unchanged.

Field names are read from the page the form lives on (``page``), so a new field is fuzzed
without touching this file. Every POST route of the URL × role table is either in ``FORMS``
or in ``NOT_FORMS`` with the reason (``test_every_post_route_is_fuzzed_or_excused``).

Runtime is bounded: few examples per view, no deadline, derandomised for determinism.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semarang_asn.core.concurrency import record_version
from tests.security.test_url_roles import URLS, base_name

EXAMPLES = 12

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-0.0000001",
    "2026-02-30",
    "31/12/2026",
    "abc",
    "'; DROP TABLE positions_employee; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x"&A1,"Klik")',
    "{{ 7|add:7 }}{% debug %}",
    "../../etc/passwd",
    "\x00",
    "\u202eRTL\u202c",
    "１２３",
    "😀" * 50,
    "A" * 5000,
    "199001012015021001",
    "19900101 201502 1 001",
]

value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40), st.integers().map(str))


@dataclass(frozen=True)
class Form:
    role: str
    kw: Callable | None = None  # defaults to the URL table's kwargs
    page: tuple[str, Callable | None] | None = None  # where the form is shown, when not its own URL
    target: str | None = None  # world object the form edits: must be unchanged on error
    form_class: str | None = None  # "app.forms.Name": its fields, when the page shows no form now
    extra: tuple[str, ...] = ()  # more names to fuzz (a second form on the same URL, a button)


EVALUATION_PAGE = ("performance:evaluation", lambda w: {"pk": w.evaluation.pk})

FORMS: dict[str, Form] = {
    "login": Form("anonymous"),
    "password_change": Form("employee"),
    "positions:orgunit_create": Form("hr"),
    "positions:orgunit_edit": Form("hr", target="unit"),
    "positions:position_create": Form("hr"),
    "positions:position_edit": Form("hr", target="position"),
    "positions:position_standard": Form("hr", target="position"),
    "positions:employee_create": Form("hr"),
    "positions:employee_edit": Form("hr", target="employee"),
    "positions:assignment_add": Form("hr", target="employee"),
    "positions:rank_add": Form("hr", target="employee"),
    "positions:discipline_add": Form("hr", target="employee"),
    "positions:assignment_end": Form("hr", target="assignment"),
    "positions:assignment_edit": Form("hr", target="assignment"),
    "positions:rank_edit": Form("hr", target="rank"),
    "positions:discipline_edit": Form("hr", target="discipline"),
    "positions:import": Form("hr"),
    "positions:import_confirm": Form("hr", page=("positions:import", None)),
    "positions:competency_record": Form("hr", target="employee"),
    "positions:competency_import": Form("hr"),
    "performance:row_add": Form("employee", page=EVALUATION_PAGE, target="evaluation"),
    "performance:row_report": Form("employee", page=EVALUATION_PAGE, target="row"),
    "performance:row_review": Form("supervisor", page=EVALUATION_PAGE, target="row"),
    "performance:perilaku": Form("supervisor", page=EVALUATION_PAGE, target="perilaku"),
    "performance:rate": Form("supervisor", page=EVALUATION_PAGE, target="evaluation"),
    "performance:objection_file": Form("employee", page=EVALUATION_PAGE, target="evaluation"),
    "performance:objection_decide": Form("superior", page=EVALUATION_PAGE, target="objection"),
    "performance:coaching_add": Form("supervisor", page=EVALUATION_PAGE, target="evaluation"),
    "performance:coaching_status": Form("employee", page=EVALUATION_PAGE, target="coaching"),
    "performance:cycles": Form("hr"),
    "performance:set_rater": Form("hr", page=("performance:cycle", lambda w: {"pk": w.cycle.pk})),
    "performance:calibration": Form(
        "hr",
        target="calibration",
        form_class="performance.forms.CalibrationCloseForm",
        extra=("close", "unit_predikat"),
    ),
    # Registration closed in March: the page shows no form, the view still takes a POST.
    "assessments:apply": Form("employee", form_class="assessments.forms.ApplyForm"),
    "assessments:my_application": Form("employee", target="application"),  # document upload
    "assessments:objection_file": Form(
        "employee", page=("assessments:my_application", lambda w: {"pk": w.application.pk}), target="application"
    ),
    "assessments:objection_file_admin": Form(
        "employee", page=("assessments:my_application", lambda w: {"pk": w.application.pk}), target="application"
    ),
    "assessments:hr_create": Form("hr"),
    "assessments:hr_edit": Form("hr", target="draft_vacancy"),
    "assessments:hr_committee_add": Form(
        "hr", page=("assessments:hr_detail", lambda w: {"pk": w.vacancy.pk}), target="vacancy"
    ),
    "assessments:hr_external": Form("hr", target="vacancy"),
    "assessments:hr_verify": Form(
        "hr", page=("assessments:hr_detail", lambda w: {"pk": w.vacancy.pk}), target="application"
    ),
    "assessments:hr_score_adjust": Form("hr", target="score", form_class="assessments.forms.AdjustForm"),
    "assessments:hr_objection_answer": Form(
        "hr", page=("assessments:hr_detail", lambda w: {"pk": w.vacancy.pk}), target="selection_objection"
    ),
    "assessments:committee_applicant": Form("assessor", target="application", form_class="assessments.forms.ScoreForm"),
    "training:external_new": Form("employee"),
    "training:hr_course_new": Form("hr"),
    "training:hr_socialisation_new": Form("hr"),
    "dashboard:merit_score": Form("hr", page=("dashboard:merit", None)),
    "assessments:official_decide": Form("ppk", kw=lambda w: {"pk": w.proposed_vacancy.pk}, target="proposed_vacancy"),
}

HR_DETAIL = ("assessments:hr_detail", lambda w: {"pk": w.vacancy.pk})
HR_COURSE = ("training:hr_course", lambda w: {"pk": w.course.pk})
SUCCESSION_PAGE = ("performance:succession_position", lambda w: {"pk": w.key_position.pk})
NOTIFICATIONS = ("core:notifications", None)
# A form that is only a button: the fuzzer posts stray values beside it (``BUTTON``).
BUTTON = ("submit",)

FORMS.update(
    {
        # Buttons and confirmations: stray and hostile fields beside the button, "confirmed"
        # and the reason fuzzed too; a refusal (the confirmation page, a 400) saves nothing.
        "logout": Form("employee", page=("core:help", None), extra=("next",)),
        "set_language": Form("anonymous", page=("core:help", None), extra=("language", "next")),
        "core:notification_read": Form("employee", page=NOTIFICATIONS, target="notification", extra=("next",)),
        "core:notifications_mark_read": Form("employee", page=NOTIFICATIONS, target="notification"),
        "assessments:hr_applicants": Form("hr", target="application"),
        "performance:bulk_rater": Form("hr", target="evaluation"),
        "performance:eligibility_recompute": Form("hr", page=("performance:promotion_list", None), extra=BUTTON),
        "performance:cycle_action": Form(
            "hr", page=("performance:cycle", lambda w: {"pk": w.cycle.pk}), target="cycle", extra=("confirmed",)
        ),
        "assessments:hr_publish": Form(
            "hr",
            page=("assessments:hr_detail", lambda w: {"pk": w.draft_vacancy.pk}),
            target="draft_vacancy",
            extra=("confirmed",),
        ),
        "assessments:hr_cancel": Form("hr", page=HR_DETAIL, target="vacancy", extra=("confirmed", "reason")),
        "assessments:hr_admin_announce": Form("hr", page=HR_DETAIL, target="vacancy", extra=("confirmed",)),
        "assessments:hr_committee_remove": Form("hr", page=HR_DETAIL, target="member", extra=("confirmed",)),
        "assessments:hr_committee_confirm": Form("hr", page=HR_DETAIL, target="vacancy", extra=("confirmed",)),
        "assessments:hr_propose": Form("hr", page=HR_DETAIL, target="vacancy", extra=("confirmed",)),
        "assessments:hr_stage_action": Form(
            "hr",
            page=("assessments:hr_stage", lambda w: {"pk": w.next_stage.pk}),
            target="next_stage",
            extra=("confirmed", "reason"),
        ),
        # training: the employee's side
        "training:course": Form("supervisor", extra=BUTTON),  # enrol (the supervisor is not enrolled)
        "training:lesson": Form("other_employee", extra=BUTTON),  # mark read
        "training:quiz": Form("other_employee", target="other_attempt", extra=BUTTON),  # start / resume
        "training:attempt": Form(
            "other_employee", kw=lambda w: {"pk": w.course.pk, "attempt_pk": w.other_attempt.pk}, target="other_attempt"
        ),
        "training:socialisation_detail": Form("employee", extra=BUTTON),  # acknowledge
        # training: HR
        "training:hr_course_edit": Form("hr", target="draft_course"),
        "training:hr_course_publish": Form("hr", page=HR_COURSE, target="course"),
        "training:hr_lesson_new": Form("hr"),
        "training:hr_lesson_edit": Form("hr", target="lesson"),
        "training:hr_lesson_move": Form("hr", page=HR_COURSE, target="pdf_lesson", extra=("up",)),
        "training:hr_lesson_delete": Form("hr", page=HR_COURSE, target="video_lesson"),
        "training:hr_question_new": Form("hr"),
        "training:hr_question_edit": Form("hr", target="question"),
        "training:hr_question_delete": Form("hr", page=HR_COURSE, target="question"),
        "training:hr_certificate_revoke": Form("hr", target="certificate"),
        "training:hr_external_decide": Form("hr", target="external", extra=("verify", "reject")),
        "training:hr_socialisation_coverage": Form("hr", target="socialisation_elsewhere", extra=BUTTON),  # remind
        "training:hr_socialisation_edit": Form("hr", target="socialisation_draft"),
        # succession
        "performance:successor_mark": Form("hr", page=SUCCESSION_PAGE, target="key_position"),
        "performance:successor_unmark": Form("hr", page=SUCCESSION_PAGE, target="successor"),
    }
)

# POST routes excused from fuzzing, each with the reason. Keep it empty: a route that takes
# a POST takes input, if only stray fields beside a button.
NOT_FORMS: dict[str, str] = {}

NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"[^>]*>', re.IGNORECASE)
FILE = re.compile(r'<input\b[^>]*type="file"[^>]*name="([^"]+)"|<input\b[^>]*name="([^"]+)"[^>]*type="file"', re.I)
# Never fuzzed: the CSRF token (the test client does not check it) and the record version
# (a stale version is the concurrency drill's business, in tests/core/test_faults.py).
SKIP = {"csrfmiddlewaretoken", "version", "next", "language"}


def test_every_post_route_is_fuzzed_or_excused():
    posts = {base_name(name) for name, spec in URLS.items() if spec.method == "post"}
    missing = sorted(posts - set(FORMS) - set(NOT_FORMS))
    assert not missing, f"POST routes neither fuzzed (FORMS) nor excused (NOT_FORMS): {missing}"
    gone = sorted((set(FORMS) | set(NOT_FORMS)) - set(URLS))
    assert not gone, f"Entries for URLs that no longer exist: {gone}"


FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ACTION = re.compile(r'\baction="([^"]*)"', re.IGNORECASE)


def _posts_to_itself(html: str, url: str) -> bool:
    for tag in FORM_TAG.findall(html):
        if 'method="post"' not in tag.lower():
            continue
        action = ACTION.search(tag)
        if action is None or action.group(1) in ("", url):
            return True
    return False


@pytest.mark.django_db
def test_every_page_with_a_form_of_its_own_is_fuzzed(world):
    """A GET page that posts to itself is a form view: it must be in FORMS (or NOT_FORMS)."""
    clients = {}
    unfuzzed = []
    for name, spec in sorted(URLS.items()):
        if spec.method != "get" or name in FORMS or name in NOT_FORMS or "#" in name:
            continue  # a variant (another object on the same URL) is the same view
        url = reverse(name, kwargs=spec.kw(world) if spec.kw else None)
        role = next((r for r, status in spec.expect.items() if status == 200), None)
        if role is None:
            continue
        client = clients.setdefault(role, _client(world, role))
        response = client.get(url)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.status_code == 200 and _posts_to_itself(response.content.decode(errors="replace"), url):
            unfuzzed.append(name)
    assert not unfuzzed, f"Pages with a form of their own missing from FORMS / NOT_FORMS: {unfuzzed}"


SNAPSHOT_APPS = ("auth", "positions", "training", "performance", "assessments", "core")
NOT_SNAPSHOT = {"AuditEvent", "AuditChainHead"}  # a refused change may be audited (by design)


def _snapshot(world, target: str | None) -> dict:
    counts = {
        model._meta.label: model._default_manager.count()
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models()
        if model.__name__ not in NOT_SNAPSHOT
    }
    if target is not None:
        obj = getattr(world, target)
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        counts["target"] = record_version(fresh) if fresh is not None else None
    return counts


def _page(client, world, name: str, form: Form):
    page_name, page_kw = form.page or (name, form.kw or URLS[name].kw)
    return client.get(reverse(page_name, kwargs=page_kw(world) if page_kw else None))


def _field_names(page, form: Form) -> tuple[list[str], list[str]]:
    if form.form_class:
        from django import forms
        from django.utils.module_loading import import_string

        declared = import_string(form.form_class).base_fields
        files = sorted(f for f, field in declared.items() if isinstance(field, forms.FileField))
        return sorted(set(declared) - set(files) - SKIP | set(form.extra)), files
    html = page.content.decode()
    files = sorted({a or b for a, b in FILE.findall(html)} - SKIP)
    fields = sorted(set(NAME.findall(html)) - SKIP - set(files) | set(form.extra))
    return fields, files


def _valid_base(page) -> dict:
    """The values the page's forms would post back untouched: hostile values are then
    mixed into an otherwise valid submission, so they reach the services too."""
    from django.forms import BaseForm

    base = {}
    for context in page.context or []:
        for item in context.flatten().values() if hasattr(context, "flatten") else []:
            if not isinstance(item, BaseForm):
                continue
            for field in item:
                value = field.value()
                if value is None or value is False or value == "" or field.name in SKIP:
                    continue
                base[field.html_name] = "on" if value is True else value
    return base


def _client(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_never_crashes_and_a_refused_form_saves_nothing(name, world):
    form = FORMS[name]
    kw = form.kw or URLS[name].kw
    url = reverse(name, kwargs=kw(world) if kw else None)
    client = _client(world, form.role)
    page = _page(client, world, name, form)
    fields, files = _field_names(page, form)
    assert fields or files, f"{name}: no form fields found on its page"
    base = _valid_base(page)
    hostile = st.fixed_dictionaries(
        {},
        optional={
            **{f: st.one_of(value, st.lists(value, max_size=3)) for f in fields},
            **{f: st.binary(max_size=200) for f in files},
        },
    )
    # Half the time everything is random; half the time a valid form with a few fields
    # made hostile or left out.
    payload = st.one_of(
        hostile,
        st.tuples(hostile, st.sets(st.sampled_from(sorted(base) or [""]), max_size=2)).map(
            lambda pair: {**{k: v for k, v in base.items() if k not in pair[1]}, **pair[0]}
        ),
    )
    filenames = st.sampled_from(["bukti.pdf", "../../x.pdf", "a.xlsx", "data.csv", "x.pdf.exe", "", "é.docx"])

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=payload, filename=filenames)
    def post(data, filename):
        for f in files:
            if f in data:
                data[f] = SimpleUploadedFile(filename or "x", data[f])
        with transaction.atomic():
            before = _snapshot(world, form.target)
            try:
                response = client.post(url, data)
            finally:
                after = _snapshot(world, form.target)
                transaction.set_rollback(True)
        if os.environ.get("BAD_INPUT_TRACE"):
            print(name, response.status_code, sorted(data)[:6])
        assert response.status_code < 500, f"{name} answered {response.status_code} to {data!r}"
        if response.status_code != 302:
            changed = {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}
            assert not changed, f"{name} refused {data!r} ({response.status_code}) but saved: {changed}"

    post()
