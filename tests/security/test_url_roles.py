"""Every URL × every role: the whole surface, proven per role.

HOW TO ADD A URL (a new URL without an entry here fails ``test_every_url_has_an_entry``):

1. Add an entry to ``URLS`` keyed by its namespaced name (``"training:course"``):

       "training:course": Url(kw=lambda w: {"pk": w.course.pk}, expect=HR_ONLY),

   - ``kw`` builds the URL kwargs from the shared world (tests/security/world.py). Point
     it at an object that belongs to someone else than most roles: the employee's
     evaluation, application, notification… Add the object to ``world.py`` if needed.
   - ``method="post"`` for POST-only views (posted with ``data``, empty by default);
     each request runs in a savepoint that is rolled back, so a POST changes nothing for
     the next role.
   - ``expect``: the status each of the eleven roles in ``world.ROLES`` must get. Use a
     preset (``PUBLIC``, ``ANY_USER``, ``HR_ONLY``, ``ADMIN_ONLY``…) or
     ``roles_get(default, role=status, …)``. Statuses: ints (200, 403, 404, 405…),
     ``LOGIN`` (302 to the login page), ``REDIRECT`` (any other 302).

   A second object on the same URL (a draft beside a published course, a record of
   another owner) gets its own entry keyed ``"name#what"``: ``"training:course#draft"``.
   Every such variant needs the plain entry as well.

2. Run ``URL_ROLES_RECORD=1 pytest tests/security/test_url_roles.py -q -s -k NAME`` to print
   what each role gets today, and read it as an attacker would before copying it in.

3. A POST route (``method="post"``) must also be fuzzed: add it to ``FORMS`` in
   tests/security/test_bad_input.py (the role that may use it, the page that shows its form)
   (a button-only route too: give the button's page and ``extra`` names). ``NOT_FORMS``
   is for a route that truly takes no input, with the reason; it is empty today.

Admin internals (``admin:*`` other than ``admin:index``) are left to Django's own tests and
``tests/positions/test_admin.py``; ``admin:index`` is covered here.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.world import ROLES

LOGIN = "login"
REDIRECT = "redirect"


def roles_get(default, **overrides) -> dict[str, object]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


STAFF = ("hr", "admin")
PUBLIC = roles_get(200)
ANY_USER = roles_get(200, anonymous=LOGIN)
HR_ONLY = roles_get(403, anonymous=LOGIN, hr=200, admin=200)
HR_POST = roles_get(403, anonymous=LOGIN, hr=REDIRECT, admin=REDIRECT)
# An empty post HR may make but the service refuses: 400 with the page it came from (core.refusals).
HR_REFUSED = roles_get(403, anonymous=LOGIN, hr=400, admin=400)
# An irreversible action posted without "confirmed": the page saying what will be frozen (core.confirm).
HR_CONFIRM = roles_get(403, anonymous=LOGIN, hr=200, admin=200)
ADMIN_ONLY = roles_get(REDIRECT, admin=200)
# HR's pages on an object that does not exist: the role gate answers first, then 404.
HR_GATE = roles_get(403, anonymous=LOGIN, hr=404, admin=404)
MISSING_FOR_ALL = roles_get(404, anonymous=LOGIN)
MISSING = 999999  # an id no row has
# A page HR may read; for everyone else (signed in) the object does not exist.
HR_ONLY_ELSE_404 = roles_get(404, anonymous=LOGIN, hr=200, admin=200)
# A record of ``employee``'s, its file or download: the owner and HR; 404 for everyone else.
OWNER_AND_HR = roles_get(404, anonymous=LOGIN, employee=200, hr=200, admin=200)
# A course's lessons and quiz: the two employees enrolled in it; 404 for everyone else.
ENROLLED = roles_get(404, anonymous=LOGIN, employee=200, other_employee=200)
# Every user with an employee record (and HR); accounts with none get 404.
EMPLOYEES_AND_HR = roles_get(200, anonymous=LOGIN, assessor=404, outside_assessor=404, ppk=404)
# Who may read one employee's SKP: the employee, their rater, the rater's superior, HR
# and admin; everyone else gets 404 (not even told it exists).
SKP_READERS = ("employee", "supervisor", "superior", "hr", "admin")


def skp_write(**writers) -> dict[str, object]:
    """A write to an SKP with valid data: 403 for its readers who may not make that write,
    404 for everyone else; ``writers`` get what the SKP's state allows (200/400/redirect)."""
    return roles_get(404, anonymous=LOGIN, **{**dict.fromkeys(SKP_READERS, 403), **writers})


def skp(status) -> dict[str, object]:
    """An SKP page or action: ``status`` for its readers, 404 for everyone else."""
    return roles_get(404, anonymous=LOGIN, **dict.fromkeys(SKP_READERS, status))


@dataclass(frozen=True)
class Url:
    expect: dict[str, object]
    kw: Callable | None = None
    method: str = "get"
    data: dict | Callable = field(default_factory=dict)  # or data(world) -> dict


URLS: dict[str, Url] = {
    # project-level
    "healthz": Url(PUBLIC),
    "set_language": Url(roles_get(REDIRECT), method="post", data={"language": "en", "next": "/"}),
    "admin:index": Url(roles_get(LOGIN, admin=200)),
    "login": Url(roles_get(REDIRECT, anonymous=200)),
    "logout": Url(roles_get(REDIRECT), method="post"),
    "password_change": Url(ANY_USER),
    "password_change_done": Url(ANY_USER),
    "dashboard:home": Url(PUBLIC),
    "dashboard:objections": Url(HR_ONLY),
    "core:notifications": Url(ANY_USER),
    "core:notification_read": Url(
        roles_get(404, anonymous=LOGIN, employee=REDIRECT), kw=lambda w: {"pk": w.notification.pk}, method="post"
    ),
    # positions
    "positions:opd_list": Url(HR_ONLY),
    "positions:opd_detail": Url(HR_ONLY, kw=lambda w: {"pk": w.opd.pk}),
    "positions:orgunit_create": Url(HR_ONLY),
    "positions:orgunit_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.unit.pk}),
    "positions:position_create": Url(HR_ONLY),
    "positions:position_export": Url(HR_ONLY, kw=lambda w: {"fmt": "csv"}),
    "positions:position_detail": Url(HR_ONLY, kw=lambda w: {"pk": w.position.pk}),
    "positions:position_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.position.pk}),
    "positions:position_standard": Url(HR_ONLY, kw=lambda w: {"pk": w.position.pk}),
    "positions:employee_list": Url(HR_ONLY),
    "positions:employee_export": Url(HR_ONLY, kw=lambda w: {"fmt": "xlsx"}),
    "positions:employee_create": Url(HR_ONLY),
    "positions:employee_detail": Url(
        roles_get(404, anonymous=LOGIN, employee=200, hr=200, admin=200), kw=lambda w: {"pk": w.employee.pk}
    ),
    "positions:employee_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "positions:assignment_add": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "positions:rank_add": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "positions:discipline_add": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "positions:assignment_end": Url(HR_ONLY, kw=lambda w: {"pk": w.assignment.pk}),
    "positions:assignment_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.assignment.pk}),
    "positions:rank_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.rank.pk}),
    "positions:discipline_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.discipline.pk}),
    # An employee lands on their own page; anyone else is told the account has no employee record.
    "positions:my_profile": Url(
        roles_get(
            200,
            anonymous=LOGIN,
            **dict.fromkeys(("employee", "other_employee", "supervisor", "other_supervisor", "superior"), REDIRECT),
        )
    ),
    "positions:import": Url(HR_ONLY),
    # HR's own checked import: only its owner (the ``hr`` user) may preview or apply it;
    # the role gate answers non-HR first, and another HR account (admin) gets 404.
    "positions:import_confirm": Url(
        roles_get(403, anonymous=LOGIN, hr=REDIRECT, admin=404), kw=lambda w: {"pk": w.import_job.pk}, method="post"
    ),
    "positions:import_confirm#missing": Url(HR_GATE, kw=lambda w: {"pk": MISSING}, method="post"),
    "positions:import_preview": Url(
        roles_get(403, anonymous=LOGIN, hr=200, admin=404), kw=lambda w: {"pk": w.import_job.pk}
    ),
    "positions:import_template_xlsx": Url(HR_ONLY, kw=lambda w: {"kind": "employees"}),
    "positions:position_list": Url(HR_ONLY),
    "positions:employee_picker": Url(HR_ONLY),
    "positions:position_picker": Url(HR_ONLY),
    "positions:import_template": Url(HR_ONLY, kw=lambda w: {"kind": "employees"}),
    "positions:competency_list": Url(
        roles_get(404, anonymous=LOGIN, employee=200, hr=200, admin=200), kw=lambda w: {"pk": w.employee.pk}
    ),
    "positions:competency_record": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "positions:competency_import": Url(HR_ONLY),
    "positions:competency_import_template": Url(HR_ONLY),
    # performance. The SKP is rated and under objection: writes that its state refuses answer
    # 400 to their writer; what matters here is that every other reader gets 403.
    "performance:team": Url(ANY_USER),
    "performance:mine": Url(ANY_USER),
    "performance:objections": Url(ANY_USER),
    "performance:evaluation": Url(
        skp(200),
        kw=lambda w: {"pk": w.evaluation.pk},
    ),
    "performance:row_add": Url(
        skp_write(employee=400, supervisor=400),
        kw=lambda w: {"pk": w.evaluation.pk},
        method="post",
        data={"kind": "utama", "indicator": "Laporan bulanan", "target": "12 laporan"},
    ),
    "performance:row_report": Url(
        skp_write(employee=400),
        kw=lambda w: {"pk": w.evaluation.pk, "row_pk": w.row.pk},
        method="post",
        data={"realisation": "12 laporan selesai"},
    ),
    "performance:evidence": Url(
        skp(200),
        kw=lambda w: {"pk": w.evaluation.pk, "row_pk": w.row.pk},
    ),
    "performance:row_review": Url(
        skp_write(supervisor=400),
        kw=lambda w: {"pk": w.evaluation.pk, "row_pk": w.row.pk},
        method="post",
        data={"rating": "sesuai", "feedback": "Sesuai target"},
    ),
    "performance:perilaku": Url(
        skp_write(supervisor=REDIRECT),
        kw=lambda w: {"pk": w.evaluation.pk, "value": w.perilaku.value},
        method="post",
        data={"expectation": "Tepat waktu", "feedback": "Baik"},
    ),
    "performance:rate": Url(
        skp_write(supervisor=400),
        kw=lambda w: {"pk": w.evaluation.pk},
        method="post",
        data={"hasil": "di_atas", "perilaku": "sesuai", "reason": "Revisi"},
    ),
    "performance:objection_file": Url(
        skp_write(employee=400),
        kw=lambda w: {"pk": w.evaluation.pk},
        method="post",
        data={"reason": "Bukti belum dinilai"},
    ),
    "performance:objection_decide": Url(
        skp_write(superior=REDIRECT),
        kw=lambda w: {"pk": w.evaluation.pk},
        method="post",
        data={"decision": "reject", "decision_reason": "Rating sudah sesuai bukti"},
    ),
    "performance:coaching_add": Url(
        skp_write(supervisor=REDIRECT),
        kw=lambda w: {"pk": w.evaluation.pk},
        method="post",
        data=lambda w: {"action": "Pendampingan", "owner": w.employee.pk, "due_date": "2027-01-31"},
    ),
    "performance:coaching_status": Url(
        skp_write(employee=REDIRECT, supervisor=REDIRECT),
        kw=lambda w: {"pk": w.evaluation.pk, "item_pk": w.coaching.pk},
        method="post",
        data={"status": "done"},
    ),
    "performance:cycles": Url(HR_ONLY),
    "performance:cycle": Url(HR_ONLY, kw=lambda w: {"pk": w.cycle.pk}),
    "performance:cycle_action": Url(HR_CONFIRM, kw=lambda w: {"pk": w.cycle.pk, "action": "kalibrasi"}, method="post"),
    "performance:set_rater": Url(
        roles_get(403, anonymous=LOGIN, hr=404, admin=404),
        kw=lambda w: {"pk": w.cycle.pk, "evaluation_pk": w.other_evaluation.pk},
        method="post",
    ),
    "performance:pengisian": Url(HR_ONLY, kw=lambda w: {"pk": w.cycle.pk}),
    "performance:kurva": Url(HR_ONLY, kw=lambda w: {"pk": w.cycle.pk}),
    "performance:export": Url(HR_ONLY, kw=lambda w: {"pk": w.cycle.pk, "fmt": "csv"}),
    "performance:calibrations_mine": Url(ANY_USER),
    "performance:calibration": Url(
        roles_get(404, anonymous=LOGIN, hr=200, admin=200), kw=lambda w: {"pk": w.calibration.pk}
    ),
    # assessments (selection)
    "assessments:public_list": Url(PUBLIC),
    "assessments:public_detail": Url(PUBLIC, kw=lambda w: {"pk": w.vacancy.pk}),
    "assessments:apply": Url(
        roles_get(
            200,
            anonymous=LOGIN,
            assessor=REDIRECT,
            outside_assessor=REDIRECT,
            hr=REDIRECT,
            ppk=REDIRECT,
            admin=REDIRECT,
        ),
        kw=lambda w: {"pk": w.vacancy.pk},
    ),
    "assessments:my_applications": Url(ANY_USER),
    "assessments:my_application": Url(
        roles_get(404, anonymous=LOGIN, employee=200), kw=lambda w: {"pk": w.application.pk}
    ),
    "assessments:objection_file_admin": Url(
        roles_get(404, anonymous=LOGIN, employee=400), kw=lambda w: {"pk": w.application.pk}, method="post"
    ),
    "assessments:objection_file": Url(
        roles_get(404, anonymous=LOGIN, employee=400),
        kw=lambda w: {"pk": w.application.pk, "stage_pk": w.stage.pk},
        method="post",
    ),
    "assessments:document": Url(
        roles_get(404, anonymous=LOGIN, employee=200, assessor=200, hr=200, admin=200),
        kw=lambda w: {"pk": w.document.pk},
    ),
    "assessments:hr_list": Url(HR_ONLY),
    "assessments:hr_create": Url(HR_ONLY),
    "assessments:hr_detail": Url(HR_ONLY, kw=lambda w: {"pk": w.vacancy.pk}),
    "assessments:hr_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.draft_vacancy.pk}),
    "assessments:hr_publish": Url(HR_CONFIRM, kw=lambda w: {"pk": w.draft_vacancy.pk}, method="post"),
    "assessments:hr_committee_add": Url(HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk}, method="post"),
    "assessments:hr_committee_remove": Url(
        HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk, "member_pk": w.member.pk}, method="post"
    ),
    "assessments:hr_committee_confirm": Url(HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk}, method="post"),
    "assessments:hr_external": Url(HR_ONLY, kw=lambda w: {"pk": w.vacancy.pk}),
    "assessments:hr_verify": Url(
        HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk, "app_pk": w.application.pk}, method="post"
    ),
    "assessments:hr_propose": Url(HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk}, method="post"),
    "assessments:hr_cancel": Url(HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk}, method="post"),
    "assessments:hr_admin_announce": Url(HR_REFUSED, kw=lambda w: {"pk": w.vacancy.pk}, method="post"),
    "assessments:hr_stage": Url(HR_ONLY, kw=lambda w: {"pk": w.stage.pk}),
    "assessments:hr_stage_export": Url(HR_ONLY, kw=lambda w: {"pk": w.stage.pk, "fmt": "xlsx"}),
    "assessments:hr_stage_action": Url(
        HR_REFUSED, kw=lambda w: {"pk": w.next_stage.pk, "action": "open"}, method="post"
    ),
    "assessments:hr_score_adjust": Url(HR_REFUSED, kw=lambda w: {"pk": w.score.pk}, method="post"),
    "assessments:hr_objection_answer": Url(HR_REFUSED, kw=lambda w: {"pk": w.selection_objection.pk}, method="post"),
    "assessments:committee_list": Url(roles_get(403, anonymous=LOGIN, assessor=200, outside_assessor=200)),
    "assessments:committee_detail": Url(
        roles_get(403, anonymous=LOGIN, assessor=200, outside_assessor=404), kw=lambda w: {"pk": w.vacancy.pk}
    ),
    "assessments:committee_applicant": Url(
        roles_get(403, anonymous=LOGIN, assessor=200, outside_assessor=404),
        kw=lambda w: {"pk": w.vacancy.pk, "app_pk": w.application.pk},
    ),
    "assessments:committee_export": Url(
        roles_get(403, anonymous=LOGIN, assessor=200, outside_assessor=404),
        kw=lambda w: {"pk": w.vacancy.pk, "fmt": "csv"},
    ),
    "assessments:official_list": Url(roles_get(403, anonymous=LOGIN, ppk=200, admin=200)),
    "assessments:official_decide": Url(
        roles_get(403, anonymous=LOGIN, ppk=200, admin=200), kw=lambda w: {"pk": w.proposed_vacancy.pk}
    ),
    # eligibility, talent and succession (issue 9)
    "performance:eligibility_mine": Url(ANY_USER),
    "performance:promotion_list": Url(HR_ONLY),
    "performance:promotion_export": Url(HR_ONLY, kw=lambda w: {"fmt": "csv"}),
    "performance:eligibility_employee": Url(HR_ONLY, kw=lambda w: {"pk": w.employee.pk}),
    "performance:nine_box": Url(HR_ONLY),
    "performance:box_list": Url(HR_ONLY, kw=lambda w: {"box": 5}),
    "performance:succession": Url(HR_ONLY),
    "performance:eligibility_recompute": Url(HR_POST, method="post"),
    "performance:succession_position": Url(HR_ONLY, kw=lambda w: {"pk": w.key_position.pk}),
    # Not a key position (a Pelaksana seat): HR gets 404 too.
    "performance:succession_position#not_key": Url(HR_GATE, kw=lambda w: {"pk": w.position.pk}),
    # Posted empty: the form wants an employee and a reason.
    "performance:successor_mark": Url(HR_REFUSED, kw=lambda w: {"pk": w.key_position.pk}, method="post"),
    "performance:successor_unmark": Url(
        HR_REFUSED, kw=lambda w: {"pk": w.key_position.pk, "mark_pk": w.successor.pk}, method="post"
    ),
    # A mark under another post's URL: not found, even for HR.
    "performance:successor_unmark#other_post": Url(
        HR_GATE, kw=lambda w: {"pk": w.other_key_position.pk, "mark_pk": w.successor.pk}, method="post"
    ),
    "dashboard:merit": Url(HR_ONLY),
    "dashboard:merit_score": Url(roles_get(403, anonymous=LOGIN, hr=400, admin=400), method="post"),
    "dashboard:merit_export": Url(HR_ONLY, kw=lambda w: {"fmt": "csv"}),
    # training. The employee completed ``course`` (certificate, submitted attempt); the other
    # employee is enrolled in it with an open attempt; ``draft_course`` is unpublished.
    "training:catalogue": Url(ANY_USER),
    "training:course": Url(ANY_USER, kw=lambda w: {"pk": w.course.pk}),
    "training:course#draft": Url(HR_ONLY_ELSE_404, kw=lambda w: {"pk": w.draft_course.pk}),
    # Lessons are read by those enrolled; everyone else is not told the enrolment exists.
    "training:lesson": Url(ENROLLED, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.lesson.pk}),
    "training:lesson#other_course": Url(
        MISSING_FOR_ALL, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.draft_lesson.pk}
    ),
    "training:lesson_video": Url(ENROLLED, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.video_lesson.pk}),
    "training:lesson_video#not_a_video": Url(
        MISSING_FOR_ALL, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.pdf_lesson.pk}
    ),
    "training:lesson_pdf": Url(ENROLLED, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.pdf_lesson.pk}),
    "training:quiz": Url(ENROLLED, kw=lambda w: {"pk": w.course.pk}),
    # An attempt is its taker's only: the other employee, enrolled in the same course, gets 404.
    "training:attempt": Url(
        roles_get(404, anonymous=LOGIN, employee=200), kw=lambda w: {"pk": w.course.pk, "attempt_pk": w.attempt.pk}
    ),
    "training:attempt#other": Url(
        roles_get(404, anonymous=LOGIN, other_employee=200),
        kw=lambda w: {"pk": w.course.pk, "attempt_pk": w.other_attempt.pk},
    ),
    "training:mine": Url(ANY_USER),
    "training:recommendations": Url(ANY_USER),
    # The certificate's owner and HR; nobody else.
    "training:certificate_pdf": Url(OWNER_AND_HR, kw=lambda w: {"pk": w.certificate.pk}),
    "training:verify": Url(PUBLIC),
    "training:verify_code": Url(PUBLIC, kw=lambda w: {"code": w.certificate.code}),
    "training:verify_code#unknown": Url(roles_get(404), kw=lambda w: {"code": "TIDAKADA"}),
    "training:external_new": Url(ANY_USER),
    "training:external_file": Url(OWNER_AND_HR, kw=lambda w: {"pk": w.external.pk}),
    # Socialisation: a published material for everyone is read by every employee; one for
    # another OPD and an unpublished one only by HR.
    "training:socialisation_detail": Url(EMPLOYEES_AND_HR, kw=lambda w: {"pk": w.socialisation.pk}),
    "training:socialisation_detail#elsewhere": Url(HR_ONLY_ELSE_404, kw=lambda w: {"pk": w.socialisation_elsewhere.pk}),
    "training:socialisation_detail#draft": Url(HR_ONLY_ELSE_404, kw=lambda w: {"pk": w.socialisation_draft.pk}),
    "training:hr_courses": Url(HR_ONLY),
    "training:hr_course_new": Url(HR_ONLY),
    "training:hr_course": Url(HR_ONLY, kw=lambda w: {"pk": w.draft_course.pk}),
    "training:hr_course_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.draft_course.pk}),
    "training:hr_course_publish": Url(HR_POST, kw=lambda w: {"pk": w.course.pk}, method="post"),
    "training:hr_lesson_new": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk}),
    "training:hr_lesson_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.lesson.pk}),
    # A lesson of another course under this course's URL: not found, even for HR.
    "training:hr_lesson_edit#other_course": Url(
        HR_GATE, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.draft_lesson.pk}
    ),
    "training:hr_lesson_move": Url(
        HR_POST, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.pdf_lesson.pk}, method="post"
    ),
    "training:hr_lesson_delete": Url(
        HR_POST, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.video_lesson.pk}, method="post"
    ),
    "training:hr_question_new": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk}),
    "training:hr_question_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk, "question_pk": w.question.pk}),
    "training:hr_question_edit#other_course": Url(
        HR_GATE, kw=lambda w: {"pk": w.course.pk, "question_pk": w.draft_question.pk}
    ),
    "training:hr_question_delete": Url(
        HR_POST, kw=lambda w: {"pk": w.course.pk, "question_pk": w.question.pk}, method="post"
    ),
    "training:hr_participants": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk}),
    "training:hr_certificate_revoke": Url(
        HR_REFUSED, kw=lambda w: {"pk": w.certificate.pk}, method="post", data={"reason": ""}
    ),
    "training:hr_external": Url(HR_ONLY),
    "training:hr_external_decide": Url(HR_ONLY, kw=lambda w: {"pk": w.external.pk}),
    "training:hr_compliance": Url(HR_ONLY),
    "training:hr_compliance_export": Url(HR_ONLY, kw=lambda w: {"fmt": "csv"}),
    "training:hr_socialisation": Url(HR_ONLY),
    "training:hr_socialisation_new": Url(HR_ONLY),
    "training:hr_socialisation_coverage": Url(HR_ONLY, kw=lambda w: {"pk": w.socialisation_elsewhere.pk}),
    "training:hr_socialisation_edit": Url(HR_ONLY, kw=lambda w: {"pk": w.socialisation_draft.pk}),
    # merged from issues 11a, 11b and 12
    "assessments:seat_picker": Url(HR_ONLY),
    "assessments:assessor_picker": Url(HR_ONLY),
    "assessments:hr_applicants": Url(HR_ONLY, kw=lambda w: {"pk": w.vacancy.pk}),
    "performance:bulk_rater": Url(HR_ONLY, kw=lambda w: {"pk": w.cycle.pk}),
    "core:audit_list": Url(HR_ONLY),
    "core:help": Url(PUBLIC),
    "core:glossary": Url(PUBLIC),
    "core:help_role": Url(PUBLIC, kw=lambda w: {"role": "pegawai"}),
    "core:jobs": Url(ANY_USER),
    # A job belongs to its owner only (the employee's export): even HR gets 404.
    "core:job": Url(roles_get(404, anonymous=LOGIN, employee=200), kw=lambda w: {"pk": w.job.pk}),
    "core:job#missing": Url(MISSING_FOR_ALL, kw=lambda w: {"pk": MISSING}),
    "core:job_progress": Url(roles_get(404, anonymous=LOGIN, employee=200), kw=lambda w: {"pk": w.job.pk}),
    "core:job_download": Url(roles_get(404, anonymous=LOGIN, employee=200), kw=lambda w: {"pk": w.job.pk}),
    "core:notifications_mark_read": Url(roles_get(REDIRECT, anonymous=LOGIN), method="post"),
    # --- issue 12: printable documents and their verification ---------------------------------
    # The SKP document exists once the evaluation is final; the world's SKP is made final inside
    # each request's rolled-back savepoint (``data`` runs there). The employee, the rater and HR
    # get it; the rater's superior reads the SKP but not its document (403); others 404.
    "performance:evaluation_document": Url(
        roles_get(404, anonymous=LOGIN, employee=200, supervisor=200, superior=403, hr=200, admin=200),
        kw=lambda w: {"pk": w.evaluation.pk},
        data=lambda w: _final_skp(w),
    ),
    "assessments:announcement_pdf": Url(PUBLIC, kw=lambda w: {"pk": w.vacancy.pk, "part": "tahap-1"}),
    "assessments:registration_card": Url(
        roles_get(404, anonymous=LOGIN, employee=200, hr=200, admin=200), kw=lambda w: {"pk": w.application.pk}
    ),
    "core:document_verify": Url(PUBLIC),
    "core:document_verify_code": Url(roles_get(404), kw=lambda w: {"code": "TIDAK-ADA"}),
    # HR previews any lesson, a draft course's too, without enrolling; nobody else may.
    "training:hr_lesson_preview": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.lesson.pk}),
    "training:hr_lesson_preview#draft": Url(
        HR_ONLY, kw=lambda w: {"pk": w.draft_course.pk, "lesson_pk": w.draft_lesson.pk}
    ),
    "training:hr_lesson_preview#other_course": Url(
        HR_GATE, kw=lambda w: {"pk": w.draft_course.pk, "lesson_pk": w.lesson.pk}
    ),
    "training:hr_lesson_preview#missing": Url(HR_GATE, kw=lambda w: {"pk": MISSING, "lesson_pk": MISSING}),
    "training:hr_lesson_video": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.video_lesson.pk}),
    "training:hr_lesson_video#not_a_video": Url(
        HR_GATE, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.pdf_lesson.pk}
    ),
    "training:hr_lesson_pdf": Url(HR_ONLY, kw=lambda w: {"pk": w.course.pk, "lesson_pk": w.pdf_lesson.pk}),
    # --- end of issue 12 ----------------------------------------------------------------------
}


def _final_skp(world) -> dict:
    from performance.models import Evaluation

    Evaluation.objects.filter(pk=world.evaluation.pk).update(status=Evaluation.Status.FINAL)
    return {}


def base_name(key: str) -> str:
    """The URL name of a table key: ``"training:course#draft"`` → ``"training:course"``."""
    return key.split("#", 1)[0]


def url_names() -> list[str]:
    """Every named pattern Django can resolve, namespaced; admin internals left out."""
    names: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern):
                name = f"{prefix}{p.name}" if p.name else f"{prefix}<unnamed: {p.pattern}>"
                if name.startswith("admin:") and name != "admin:index":
                    continue
                names.append(name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def test_every_url_has_an_entry():
    missing = [name for name in url_names() if name not in URLS]
    orphans = sorted(key for key in URLS if base_name(key) not in URLS)
    assert not orphans, f"Variants without their plain entry: {orphans}"
    assert not missing, (
        "These URLs have no entry in tests/security/test_url_roles.py URLS (see its docstring): " + ", ".join(missing)
    )


def test_the_table_names_no_url_that_is_gone():
    gone = sorted({base_name(key) for key in URLS} - set(url_names()))
    assert not gone, f"Entries for URLs that no longer exist: {gone}"


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    made = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for role in ROLES[1:]:
            made[role] = Client()
            made[role].force_login(world.users[role])
    return made


def _outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(("/masuk/", "/admin/login/")) else REDIRECT
    return response.status_code


def _request(client, spec: Url, url: str, world):
    cookies = copy.deepcopy(client.cookies)  # logging out must not log the persona out for good
    with transaction.atomic():
        try:
            data = spec.data(world) if callable(spec.data) else spec.data
            response = getattr(client, spec.method)(url, data)
        except Exception as exc:  # a crash is a finding, reported with the rest
            return f"500 {type(exc).__name__}: {exc}"[:200]
        finally:
            transaction.set_rollback(True)
            client.cookies = cookies
    return _outcome(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_each_role_gets_the_expected_status(name, world, clients):
    spec = URLS[name]
    url = reverse(base_name(name), kwargs=spec.kw(world) if spec.kw else None)
    got = {role: _request(clients[role], spec, url, world) for role in ROLES}
    if os.environ.get("URL_ROLES_RECORD"):
        print(f"\n{name} {spec.method.upper()} {url}: {got}")
        return
    wrong = {role: f"expected {spec.expect[role]}, got {got[role]}" for role in ROLES if got[role] != spec.expect[role]}
    assert not wrong, f"{name} ({spec.method.upper()} {url}): {wrong}"
