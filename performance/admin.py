from django.contrib import admin

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


class HasilKerjaInline(admin.TabularInline):
    model = HasilKerja
    extra = 0


class PerilakuKerjaInline(admin.TabularInline):
    model = PerilakuKerja
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-mostly: ratings change only through the services, which audit them."""

    list_display = ["employee", "cycle", "opd", "rater", "predikat", "status"]
    list_filter = ["cycle", "status", "predikat"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "cycle", "opd", "rater"]
    raw_id_fields = ["employee", "rater", "rater_superior", "position", "opd"]
    readonly_fields = ["hasil_rating", "perilaku_rating", "predikat", "rated_at", "status"]
    inlines = [HasilKerjaInline, PerilakuKerjaInline]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "status", "filed_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["evaluation"]
    readonly_fields = ["status", "decided_by", "decided_at", "decision_reason"]


@admin.register(UnitCalibration)
class UnitCalibrationAdmin(admin.ModelAdmin):
    list_display = ["opd", "cycle", "unit_predikat", "closed_at"]
    list_filter = ["cycle"]
    readonly_fields = ["breaches", "closed_at", "closed_by"]


@admin.register(CoachingAction)
class CoachingActionAdmin(admin.ModelAdmin):
    list_display = ["action", "evaluation", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["evaluation", "owner"]


@admin.register(CreditPoint)
class CreditPointAdmin(admin.ModelAdmin):
    list_display = ["employee", "cycle", "level", "predikat", "amount"]
    list_filter = ["cycle", "level"]
    raw_id_fields = ["employee"]
