from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from semarang_asn.core.admin_mixins import ServiceOnlyAdminMixin

from .eligibility import services as eligibility_services
from .models import (
    CoachingAction,
    CreditPoint,
    EligibilityRuleSet,
    EligibilitySnapshot,
    Evaluation,
    EvaluationCycle,
    HasilKerja,
    Objection,
    PerilakuKerja,
    ServiceExamPass,
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


# --- eligibility rules, service exams, snapshots ---------------------------------------------


class RuleSetForm(forms.ModelForm):
    note = forms.CharField(label=_("Alasan perubahan"), max_length=300)

    class Meta:
        model = EligibilityRuleSet
        fields = [f.name for f in EligibilityRuleSet._meta.fields if f.editable and f.name not in ("id", "note")]


@admin.register(EligibilityRuleSet)
class EligibilityRuleSetAdmin(admin.ModelAdmin):
    """Typed, validated thresholds. Saving the version in force creates the next version (the
    old one stays, so past results remain explained); older versions are read-only."""

    form = RuleSetForm
    list_display = ["version", "created_at", "created_by", "note"]
    readonly_fields = ["version", "created_at", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        latest = EligibilityRuleSet.objects.order_by("-version").values_list("pk", flat=True).first()
        return super().has_change_permission(request, obj) and (obj is None or obj.pk == latest)

    def save_model(self, request, obj, form, change):
        saved = eligibility_services.rule_set_save(actor=request.user, rule_set=obj, note=form.cleaned_data["note"])
        obj.pk, obj.version = saved.pk, saved.version


@admin.register(ServiceExamPass)
class ServiceExamPassAdmin(admin.ModelAdmin):
    list_display = ["employee", "tingkat", "passed_on", "decree_number"]
    list_filter = ["tingkat"]
    search_fields = ["employee__nip", "employee__name"]
    raw_id_fields = ["employee"]

    def save_model(self, request, obj, form, change):
        eligibility_services.service_exam_save(actor=request.user, exam=obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EligibilitySnapshot)
class EligibilitySnapshotAdmin(admin.ModelAdmin):
    list_display = ["reference_date", "created_at", "rule_set", "is_current", "employees", "results", "talent_year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
