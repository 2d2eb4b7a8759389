from django.urls import path

from . import views
from .eligibility import views as eligibility_views

app_name = "performance"

urlpatterns = [
    path("kinerja/tim/", views.team, name="team"),
    path("kinerja/saya/", views.mine, name="mine"),
    path("kinerja/keberatan/", views.objections, name="objections"),
    path("kinerja/penilaian/<int:pk>/", views.evaluation, name="evaluation"),
    path("kinerja/penilaian/<int:pk>/dokumen.pdf", views.evaluation_document, name="evaluation_document"),
    path("kinerja/penilaian/<int:pk>/hasil-kerja/", views.row_add, name="row_add"),
    path("kinerja/penilaian/<int:pk>/hasil-kerja/<int:row_pk>/realisasi/", views.row_report, name="row_report"),
    path("kinerja/penilaian/<int:pk>/hasil-kerja/<int:row_pk>/bukti/", views.evidence, name="evidence"),
    path("kinerja/penilaian/<int:pk>/hasil-kerja/<int:row_pk>/umpan-balik/", views.row_review, name="row_review"),
    path("kinerja/penilaian/<int:pk>/perilaku/<slug:value>/", views.perilaku, name="perilaku"),
    path("kinerja/penilaian/<int:pk>/nilai/", views.rate, name="rate"),
    path("kinerja/penilaian/<int:pk>/keberatan/", views.objection_file, name="objection_file"),
    path("kinerja/penilaian/<int:pk>/keberatan/putuskan/", views.objection_decide, name="objection_decide"),
    path("kinerja/penilaian/<int:pk>/bimbingan/", views.coaching_add, name="coaching_add"),
    path("kinerja/penilaian/<int:pk>/bimbingan/<int:item_pk>/", views.coaching_status, name="coaching_status"),
    path("kinerja/siklus/", views.cycle_list, name="cycles"),
    path("kinerja/siklus/<int:pk>/", views.cycle_detail, name="cycle"),
    path("kinerja/siklus/<int:pk>/aksi/<str:action>/", views.cycle_action, name="cycle_action"),
    path("kinerja/siklus/<int:pk>/penilai/", views.bulk_rater, name="bulk_rater"),
    path("kinerja/siklus/<int:pk>/penilai/<int:evaluation_pk>/", views.set_rater, name="set_rater"),
    path("kinerja/siklus/<int:pk>/monitoring-pengisian/", views.pengisian, name="pengisian"),
    path("kinerja/siklus/<int:pk>/monitoring-kurva/", views.kurva, name="kurva"),
    path("kinerja/siklus/<int:pk>/ekspor.<str:fmt>", views.export, name="export"),
    path("kinerja/kalibrasi/", views.calibrations_mine, name="calibrations_mine"),
    path("kinerja/kalibrasi/<int:pk>/", views.calibration, name="calibration"),
]

urlpatterns += [
    path("kinerja/kelayakan/saya/", eligibility_views.mine, name="eligibility_mine"),
    path("kinerja/kelayakan/", eligibility_views.promotion_list, name="promotion_list"),
    path("kinerja/kelayakan/ekspor.<str:fmt>", eligibility_views.promotion_export, name="promotion_export"),
    path("kinerja/kelayakan/hitung-ulang/", eligibility_views.recompute, name="eligibility_recompute"),
    path("kinerja/kelayakan/pegawai/<int:pk>/", eligibility_views.employee, name="eligibility_employee"),
    path("kinerja/talenta/", eligibility_views.nine_box, name="nine_box"),
    path("kinerja/talenta/kotak/<int:box>/", eligibility_views.box_list, name="box_list"),
    path("kinerja/suksesi/", eligibility_views.succession, name="succession"),
    path("kinerja/suksesi/<int:pk>/", eligibility_views.succession_position, name="succession_position"),
    path("kinerja/suksesi/<int:pk>/tandai/", eligibility_views.successor_mark, name="successor_mark"),
    path("kinerja/suksesi/<int:pk>/batal/<int:mark_pk>/", eligibility_views.successor_unmark, name="successor_unmark"),
]
