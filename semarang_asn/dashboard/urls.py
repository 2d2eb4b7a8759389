from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("dasbor-merit/", views.merit, name="merit"),
    path("dasbor-merit/nilai/", views.merit_score, name="merit_score"),
    path("dasbor-merit/ekspor.<str:fmt>", views.merit_export, name="merit_export"),
    path("keberatan-dan-sanggahan/", views.objections, name="objections"),
]
