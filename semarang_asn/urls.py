from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from semarang_asn.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("semarang_asn.core.urls")),
    path("", include("positions.urls")),
    path("seleksi/", include("assessments.urls")),
    path("pelatihan/", include("training.urls")),
    path("", include("performance.urls")),
    path("", include("semarang_asn.dashboard.urls")),
]

# No public /media/ route, not even with DEBUG: uploads (evidence, application documents) are
# served only by views that check who is asking.

admin.site.site_header = "Sistem Merit ASN Kota Semarang"
admin.site.site_title = "Sistem Merit ASN"
