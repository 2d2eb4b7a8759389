from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="notifications"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
]
