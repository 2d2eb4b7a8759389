from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from semarang_asn.celery import app as celery_app

from . import help, roles, services
from .filters import AuditFilter
from .jobs import job_progress
from .models import AuditEvent, IssuedDocument, Job, Notification
from .paging import ShortListPaginator
from .roles import hr_required


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@never_cache
def healthz(request):
    """For load balancers: 200 when the database and the broker answer, 503 otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error", **{k: "ok" if v else "error" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


NOTIFICATION_PAGE_SIZE = 25
NOTIFICATION_FILTERS = {
    "aktif": (gettext_lazy("Aktif"), {"done_at__isnull": True}),
    "belum-dibaca": (gettext_lazy("Belum dibaca"), {"read_at__isnull": True, "done_at__isnull": True}),
    "selesai": (gettext_lazy("Selesai"), {"done_at__isnull": False}),
    "semua": (gettext_lazy("Semua"), {}),
}
AUDIT_PAGE_SIZE = 100


@login_required
def notification_list(request):
    """The centre: the user's own notifications, filtered and paged (25 a page)."""
    chosen = request.GET.get("tampil") if request.GET.get("tampil") in NOTIFICATION_FILTERS else "aktif"
    notes = request.user.notifications.filter(**NOTIFICATION_FILTERS[chosen][1])
    page = ShortListPaginator(notes, NOTIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = [(key, label) for key, (label, _lookup) in NOTIFICATION_FILTERS.items()]
    context = {"page": page, "filters": filters, "chosen": chosen, "query": f"tampil={chosen}"}
    return render(request, "core/notifications.html", context)


@login_required
@require_POST
def notification_mark_read(request):
    """Mark the ticked notifications read, or all of them with "semua"."""
    ids = None if request.POST.get("semua") else [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    count = services.notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, _("%(n)s notifikasi ditandai dibaca.") % {"n": count})
    return redirect(f"{reverse('core:notifications')}?tampil={request.POST.get('tampil', 'aktif')}")


@login_required
@require_POST
def notification_read(request, pk: int):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(user=request.user, ids=[note.pk])
    return redirect(note.url or "core:notifications")


def _roles_of(user) -> list[str]:
    """The help pages that concern this user, most specific first."""
    if not user.is_authenticated:
        return ["publik"]
    slugs = []
    if roles.is_hr(user):
        slugs.append("hr")
    if roles.is_assessor(user):
        slugs.append("asesor")
    if roles.is_appointing_official(user):
        slugs.append("ppk")
    if getattr(user, "employee", None) is not None:
        slugs += ["atasan", "pegawai"]
    return slugs or ["publik"]


def help_index(request):
    """Help for the user's own role(s), with links to every other role's page and the glossary."""
    mine = _roles_of(request.user)
    return render(
        request, "core/help/index.html", {"mine": [(s, *help.ROLE_HELP[s]) for s in mine], "all": help.ROLE_HELP}
    )


def help_role(request, role: str):
    if role not in help.ROLE_HELP:
        raise Http404
    title, steps = help.ROLE_HELP[role]
    return render(request, "core/help/role.html", {"slug": role, "title": title, "steps": steps, "all": help.ROLE_HELP})


def glossary(request):
    return render(request, "core/help/glossary.html", {"terms": help.GLOSSARY, "all": help.ROLE_HELP})


@hr_required
def audit_list(request):
    """HR's audit log: who changed what, when and why; searchable, filtered, sorted, paged."""
    events = AuditEvent.objects.select_related("actor", "target_type")
    filterset = AuditFilter(request.GET or None, queryset=events)
    page = Paginator(filterset.qs, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"filter": filterset, "page": page})


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked username or address: the product's own login page with
    an Indonesian message, status 429. The password is never checked while locked."""
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    message = _(
        "Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci sementara; "
        "coba lagi nanti atau hubungi administrator untuk membukanya."
    )
    context = {"form": form, "locked_out_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


# --- long jobs ("Pekerjaan saya") ----------------------------------------------------------

JOBS_PAGE_SIZE = 25


def _own_job(request, pk: int) -> Job:
    """A job is its owner's alone: anyone else gets a 404."""
    return get_object_or_404(Job, pk=pk, owner=request.user)


def _job_context(job: Job) -> dict:
    done, total, message = job_progress(job)
    percent = int(done * 100 / total) if total else (100 if job.finished else 0)
    return {"job": job, "done": done, "total": total, "progress_message": message, "percent": percent}


@login_required
def job_list(request):
    jobs = Job.objects.filter(owner=request.user).defer("result", "params")
    page = Paginator(jobs, JOBS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/jobs.html", {"page": page})


@login_required
def job_detail(request, pk: int):
    return render(request, "core/job.html", _job_context(_own_job(request, pk)))


@login_required
def job_progress_partial(request, pk: int):
    """What the page polls (htmx) while the job runs; it stops polling once the job ends."""
    return render(request, "core/_job_progress.html", _job_context(_own_job(request, pk)))


@login_required
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "hasil")


# --- verification of issued documents (public) ----------------------------------------------


def document_verify(request):
    code = request.GET.get("kode", "").strip()
    if code:
        return redirect("core:document_verify_code", code.upper())
    return render(request, "core/document_verify.html", {"searched": False})


def document_verify_code(request, code: str):
    """Whether a printed document is authentic: its kind, subject, date and the public facts
    stored when it was issued. Unknown code: 404; revoked or superseded: says so, nothing more."""
    document = IssuedDocument.objects.filter(code=code.upper()).first()
    context = {"searched": True, "code": code.upper(), "document": document}
    return render(request, "core/document_verify.html", context, status=200 if document else 404)
