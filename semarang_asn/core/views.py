from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from semarang_asn.celery import app as celery_app

from . import help, roles
from .models import Notification


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


@login_required
def notification_list(request):
    notes = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notification_read(request, pk: int):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
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
