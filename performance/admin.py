from django.contrib import admin

from semarang_asn.core.admin_mixins import ServiceOnlyAdminMixin

from .models import (
    CoachingAction,
    CreditPoint,
    Evaluation,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    UnitCalibration,
)


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "open_date", "rating_deadline", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["name"]
    # Opening, calibrating and closing go through the audited services; an opened cycle holds
    # evaluations, which deleting it would erase.
    readonly_fields = ["status"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.status == EvaluationCycle.Status.DRAFT


class HasilKerjaInline(ServiceOnlyAdminMixin, admin.TabularInline):
    model = HasilKerja
    extra = 0


class PerilakuKerjaInline(ServiceOnlyAdminMixin, admin.TabularInline):
    model = PerilakuKerja
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the rater, the rows and the ratings change only through the services, which
    check who may act and audit it (a rater changed here would also open the SKP to them)."""

    list_display = ["employee", "cycle", "opd", "rater", "predikat", "status"]
    list_filter = ["cycle", "status", "predikat"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "cycle", "opd", "rater"]
    raw_id_fields = ["employee", "rater", "rater_superior", "position", "opd"]
    inlines = [HasilKerjaInline, PerilakuKerjaInline]


@admin.register(Objection)
class ObjectionAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["evaluation", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["evaluation"]


@admin.register(UnitCalibration)
class UnitCalibrationAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["opd", "cycle", "unit_predikat", "closed_at"]
    list_filter = ["cycle"]


@admin.register(CoachingAction)
class CoachingActionAdmin(admin.ModelAdmin):
    list_display = ["action", "evaluation", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["evaluation", "owner"]


@admin.register(CreditPoint)
class CreditPointAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["employee", "cycle", "level", "predikat", "amount"]
    list_filter = ["cycle", "level"]
    raw_id_fields = ["employee"]
