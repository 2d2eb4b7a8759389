from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from semarang_asn.celery import app as celery_app

from . import help, roles, services
from .bulk import IdListField
from .filters import AuditFilter, NotificationFilter
from .models import AuditEvent, Notification
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


NOTIFICATION_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100


class MarkReadForm(forms.Form):
    notification = IdListField(required=False)


@login_required
def notification_list(request):
    filterset = NotificationFilter(request.GET or None, queryset=request.user.notifications.all())
    page = Paginator(filterset.qs, NOTIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    unread = request.user.notifications.filter(read_at__isnull=True).count()
    context = {"filter": filterset, "page": page, "unread": unread, "query": request.GET.urlencode()}
    return render(request, "core/notifications.html", context)


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


@login_required
@require_POST
def notifications_mark_read(request):
    """The ticked notifications, or all of them ("all" button), marked read in one UPDATE."""
    form = MarkReadForm(request.POST)
    back = reverse("core:notifications") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["notification"]))
        return redirect(back)
    ids = None if "all" in request.POST else form.cleaned_data["notification"]
    if ids == []:
        messages.error(request, _("Centang notifikasi yang akan ditandai dibaca."))
        return redirect(back)
    n = services.notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, _("%(n)s notifikasi ditandai dibaca.") % {"n": intcomma(n)})
    return redirect(back)


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
