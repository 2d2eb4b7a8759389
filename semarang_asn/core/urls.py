from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("bantuan/", views.help_index, name="help"),
    path("bantuan/istilah/", views.glossary, name="glossary"),
    path("bantuan/<slug:role>/", views.help_role, name="help_role"),
    path("notifikasi/tandai-dibaca/", views.notifications_mark_read, name="notifications_mark_read"),
    path("audit/", views.audit_list, name="audit_list"),
]
