from django.contrib import admin
from django.db import transaction

from . import ledger
from .models import (
    Certificate,
    Course,
    CourseCompetency,
    CourseMandatoryLevel,
    Enrollment,
    ExternalTraining,
    JpCredit,
    Lesson,
    Option,
    Question,
    SocialisationMaterial,
)


class CourseCompetencyInline(admin.TabularInline):
    model = CourseCompetency
    extra = 0


class CourseMandatoryLevelInline(admin.TabularInline):
    model = CourseMandatoryLevel
    extra = 0


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "jp", "modality", "provider", "leadership", "is_published"]
    list_filter = ["is_published", "modality", "provider", "leadership"]
    search_fields = ["code", "title"]
    inlines = [CourseCompetencyInline, CourseMandatoryLevelInline, LessonInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "course"]
    list_filter = ["course"]
    inlines = [OptionInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Completions, certificates, credits and decisions change only through the services,
    which keep the JP ledger and the audit trail right."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["employee", "course", "enrolled_at", "completed_on"]
    list_filter = ["course"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "course"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "enrollment", "issued_on", "revoked_at"]
    search_fields = ["code", "enrollment__employee__nip"]
    list_select_related = ["enrollment__employee", "enrollment__course"]


@admin.register(ExternalTraining)
class ExternalTrainingAdmin(ReadOnlyAdmin):
    list_display = ["employee", "title", "jp", "end_date", "status"]
    list_filter = ["status", "leadership"]
    search_fields = ["employee__name", "employee__nip", "title"]
    list_select_related = ["employee"]


@admin.register(JpCredit)
class JpCreditAdmin(ReadOnlyAdmin):
    list_display = ["employee", "year", "credited_on", "jp", "source", "title"]
    list_filter = ["year", "source"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee"]


@admin.register(SocialisationMaterial)
class SocialisationMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "jp", "for_all", "published_at"]
    filter_horizontal = ["opds"]

    # Deleting a material deletes its acknowledgements and their JP credits: the readers'
    # yearly JP totals follow in the same transaction.
    def delete_model(self, request, obj):
        self.delete_queryset(request, SocialisationMaterial.objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        readers = list(
            JpCredit.objects.filter(acknowledgement__material__in=queryset).values_list("employee_id", flat=True)
        )
        super().delete_queryset(request, queryset)
        ledger.refresh(readers)
