from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/daftar/", views.apply, name="apply"),
    path("lamaran/", views.my_applications, name="my_applications"),
    path("lamaran/<int:pk>/", views.my_application, name="my_application"),
    path("lamaran/<int:pk>/sanggah/", views.objection_file, name="objection_file_admin"),
    path("lamaran/<int:pk>/sanggah/<int:stage_pk>/", views.objection_file, name="objection_file"),
    path("dokumen/<int:pk>/", views.document_download, name="document"),
    path("kelola/", views.hr_list, name="hr_list"),
    path("kelola/baru/", views.hr_create, name="hr_create"),
    path("kelola/cari-kursi/", views.seat_picker, name="seat_picker"),
    path("kelola/cari-asesor/", views.assessor_picker, name="assessor_picker"),
    path("kelola/<int:pk>/", views.hr_detail, name="hr_detail"),
    path("kelola/<int:pk>/ubah/", views.hr_edit, name="hr_edit"),
    path("kelola/<int:pk>/umumkan/", views.hr_publish, name="hr_publish"),
    path("kelola/<int:pk>/pansel/", views.hr_committee_add, name="hr_committee_add"),
    path("kelola/<int:pk>/pansel/<int:member_pk>/hapus/", views.hr_committee_remove, name="hr_committee_remove"),
    path("kelola/<int:pk>/pansel/tetapkan/", views.hr_committee_confirm, name="hr_committee_confirm"),
    path("kelola/<int:pk>/eksternal/", views.hr_external, name="hr_external"),
    path("kelola/<int:pk>/pelamar/", views.hr_applicants, name="hr_applicants"),
    path("kelola/<int:pk>/pelamar/<int:app_pk>/verifikasi/", views.hr_verify, name="hr_verify"),
    path("kelola/<int:pk>/usulkan/", views.hr_propose, name="hr_propose"),
    path("kelola/<int:pk>/batalkan/", views.hr_cancel, name="hr_cancel"),
    path("kelola/<int:pk>/umumkan-administrasi/", views.hr_admin_announce, name="hr_admin_announce"),
    path("kelola/tahap/<int:pk>/", views.hr_stage, name="hr_stage"),
    path("kelola/tahap/<int:pk>/ekspor.<str:fmt>", views.hr_stage_export, name="hr_stage_export"),
    path("kelola/tahap/<int:pk>/<slug:action>/", views.hr_stage_action, name="hr_stage_action"),
    path("kelola/nilai/<int:pk>/kalibrasi/", views.hr_score_adjust, name="hr_score_adjust"),
    path("kelola/sanggah/<int:pk>/jawab/", views.hr_objection_answer, name="hr_objection_answer"),
    path("pansel/", views.committee_list, name="committee_list"),
    path("pansel/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("pansel/<int:pk>/pelamar/<int:app_pk>/", views.committee_applicant, name="committee_applicant"),
    path("pansel/<int:pk>/ekspor.<str:fmt>", views.committee_export, name="committee_export"),
    path("ppk/", views.official_list, name="official_list"),
    path("ppk/<int:pk>/", views.official_decide, name="official_decide"),
]
