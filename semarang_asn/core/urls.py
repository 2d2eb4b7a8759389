from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("notifikasi/tandai-dibaca/", views.notifications_mark_read, name="notifications_mark_read"),
    path("audit/", views.audit_list, name="audit_list"),
]
