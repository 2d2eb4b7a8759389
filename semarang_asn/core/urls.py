from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/tandai-dibaca/", views.notification_mark_read, name="notifications_mark_read"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("bantuan/", views.help_index, name="help"),
    path("bantuan/istilah/", views.glossary, name="glossary"),
    path("bantuan/<slug:role>/", views.help_role, name="help_role"),
    path("dokumen/verifikasi/", views.document_verify, name="document_verify"),
    path("dokumen/verifikasi/<str:code>/", views.document_verify_code, name="document_verify_code"),
    path("audit/", views.audit_list, name="audit_list"),
    path("pekerjaan/", views.job_list, name="jobs"),
    path("pekerjaan/<int:pk>/", views.job_detail, name="job"),
    path("pekerjaan/<int:pk>/kemajuan/", views.job_progress_partial, name="job_progress"),
    path("pekerjaan/<int:pk>/unduh/", views.job_download, name="job_download"),
]
