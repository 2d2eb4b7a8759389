from django.urls import path

from . import hr_views, views

app_name = "training"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("kursus/<int:pk>/", views.course_detail, name="course"),
    path("kursus/<int:pk>/materi/<int:lesson_pk>/", views.lesson, name="lesson"),
    path("kursus/<int:pk>/materi/<int:lesson_pk>/video", views.lesson_video, name="lesson_video"),
    path("kursus/<int:pk>/materi/<int:lesson_pk>/pdf", views.lesson_pdf, name="lesson_pdf"),
    path("kursus/<int:pk>/kuis/", views.quiz, name="quiz"),
    path("kursus/<int:pk>/kuis/<int:attempt_pk>/", views.attempt, name="attempt"),
    path("saya/", views.mine, name="mine"),
    path("rekomendasi/", views.recommendations, name="recommendations"),
    path("sertifikat/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/<str:code>/", views.verify_code, name="verify_code"),
    path("eksternal/ajukan/", views.external_new, name="external_new"),
    path("eksternal/<int:pk>/sertifikat", views.external_file, name="external_file"),
    path("sosialisasi/<int:pk>/", views.socialisation_detail, name="socialisation_detail"),
    # HR
    path("kelola/", hr_views.courses, name="hr_courses"),
    path("kelola/baru/", hr_views.course_new, name="hr_course_new"),
    path("kelola/<int:pk>/", hr_views.course_manage, name="hr_course"),
    path("kelola/<int:pk>/ubah/", hr_views.course_edit, name="hr_course_edit"),
    path("kelola/<int:pk>/terbit/", hr_views.course_publish, name="hr_course_publish"),
    path("kelola/<int:pk>/materi/baru/", hr_views.lesson_new, name="hr_lesson_new"),
    path("kelola/<int:pk>/materi/<int:lesson_pk>/", hr_views.lesson_edit, name="hr_lesson_edit"),
    path("kelola/<int:pk>/materi/<int:lesson_pk>/pratinjau/", hr_views.lesson_preview, name="hr_lesson_preview"),
    path(
        "kelola/<int:pk>/materi/<int:lesson_pk>/pratinjau/video", hr_views.lesson_preview_video, name="hr_lesson_video"
    ),
    path("kelola/<int:pk>/materi/<int:lesson_pk>/pratinjau/pdf", hr_views.lesson_preview_pdf, name="hr_lesson_pdf"),
    path("kelola/<int:pk>/materi/<int:lesson_pk>/pindah/", hr_views.lesson_move, name="hr_lesson_move"),
    path("kelola/<int:pk>/materi/<int:lesson_pk>/hapus/", hr_views.lesson_delete, name="hr_lesson_delete"),
    path("kelola/<int:pk>/soal/baru/", hr_views.question_new, name="hr_question_new"),
    path("kelola/<int:pk>/soal/<int:question_pk>/", hr_views.question_edit, name="hr_question_edit"),
    path("kelola/<int:pk>/soal/<int:question_pk>/hapus/", hr_views.question_delete, name="hr_question_delete"),
    path("kelola/<int:pk>/peserta/", hr_views.participants, name="hr_participants"),
    path("kelola/sertifikat/<int:pk>/cabut/", hr_views.certificate_revoke, name="hr_certificate_revoke"),
    path("kelola/eksternal/", hr_views.external_queue, name="hr_external"),
    path("kelola/eksternal/<int:pk>/", hr_views.external_decide, name="hr_external_decide"),
    path("kelola/kepatuhan/", hr_views.compliance, name="hr_compliance"),
    path("kelola/kepatuhan/ekspor.<str:fmt>", hr_views.compliance_export, name="hr_compliance_export"),
    path("kelola/sosialisasi/", hr_views.socialisation_list, name="hr_socialisation"),
    path("kelola/sosialisasi/baru/", hr_views.socialisation_new, name="hr_socialisation_new"),
    path("kelola/sosialisasi/<int:pk>/", hr_views.socialisation_coverage, name="hr_socialisation_coverage"),
    path("kelola/sosialisasi/<int:pk>/ubah/", hr_views.socialisation_edit, name="hr_socialisation_edit"),
]
