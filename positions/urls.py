from django.urls import path

from . import views

app_name = "positions"

urlpatterns = [
    path("opd/", views.opd_list, name="opd_list"),
]
urlpatterns += [path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail")]
