from django.urls import path

from . import views

app_name = "positions"

urlpatterns = [
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/<int:pk>/", views.opd_detail, name="opd_detail"),
    path("unit/baru/", views.orgunit_create, name="orgunit_create"),
    path("unit/<int:pk>/ubah/", views.orgunit_edit, name="orgunit_edit"),
    path("jabatan/", views.position_list, name="position_list"),
    path("jabatan/baru/", views.position_create, name="position_create"),
    path("jabatan/ekspor.<str:fmt>", views.position_export, name="position_export"),
    path("jabatan/<int:pk>/", views.position_detail, name="position_detail"),
    path("jabatan/<int:pk>/ubah/", views.position_edit, name="position_edit"),
    path("jabatan/<int:pk>/standar/", views.position_standard, name="position_standard"),
    path("pegawai/", views.employee_list, name="employee_list"),
    path("pegawai/cari/", views.employee_picker, name="employee_picker"),
    path("jabatan/cari/", views.position_picker, name="position_picker"),
    path("pegawai/ekspor.<str:fmt>", views.employee_export, name="employee_export"),
    path("pegawai/baru/", views.employee_create, name="employee_create"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("pegawai/<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("pegawai/<int:pk>/jabatan/tambah/", views.assignment_add, name="assignment_add"),
    path("pegawai/<int:pk>/pangkat/tambah/", views.rank_add, name="rank_add"),
    path("pegawai/<int:pk>/disiplin/tambah/", views.discipline_add, name="discipline_add"),
    path("riwayat-jabatan/<int:pk>/akhiri/", views.assignment_end, name="assignment_end"),
    path("riwayat-jabatan/<int:pk>/perbaiki/", views.assignment_edit, name="assignment_edit"),
    path("riwayat-pangkat/<int:pk>/perbaiki/", views.rank_edit, name="rank_edit"),
    path("hukuman-disiplin/<int:pk>/perbaiki/", views.discipline_edit, name="discipline_edit"),
    path("profil/", views.my_profile, name="my_profile"),
    path("impor/", views.import_upload, name="import"),
    path("impor/<int:pk>/pratinjau/", views.import_preview, name="import_preview"),
    path("impor/<int:pk>/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("impor/templat/<str:kind>.csv", views.import_template, {"fmt": "csv"}, name="import_template"),
    path("impor/templat/<str:kind>.xlsx", views.import_template, {"fmt": "xlsx"}, name="import_template_xlsx"),
]

# Competency assessment records (pemetaan kompetensi), in positions/competency_views.py.
from . import competency_views  # noqa: E402

urlpatterns += [
    path("pegawai/<int:pk>/kompetensi/", competency_views.competency_list, name="competency_list"),
    path("pegawai/<int:pk>/kompetensi/catat/", competency_views.competency_record, name="competency_record"),
    # Checked, previewed and applied through the common import pages (impor/<pk>/...).
    path("kompetensi/impor/", competency_views.competency_import, name="competency_import"),
    path(
        "kompetensi/impor/templat.csv",
        views.import_template,
        {"kind": "competencies", "fmt": "csv"},
        name="competency_import_template",
    ),
]
