"""Admin for every positions model. Saves of units, positions and employees go through the
services so that derived fields (a unit's OPD) and rules hold here too."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from semarang_asn.core.admin_mixins import ServiceOnlyAdminMixin

from . import services
from .models import (
    AssessedCompetency,
    Assignment,
    Competency,
    CompetencyAssessment,
    DisciplinaryRecord,
    Employee,
    OrgUnit,
    Position,
    PositionCompetency,
    Rank,
    RankHistory,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "opd", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "opd"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["opd"]

    def save_model(self, request, obj, form, change):
        services.orgunit_save(unit=obj)


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    search_fields = ["code", "name"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "field"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "field"]


class PositionCompetencyInline(admin.TabularInline):
    model = PositionCompetency
    extra = 0
    autocomplete_fields = ["competency"]


class PositionAdminForm(forms.ModelForm):
    """The service's formasi rule as a form error: a ValidationError in ``save_model`` would be a 500."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("formasi") is not None:
            try:
                services.check_formasi(position_id=self.instance.pk, formasi=cleaned["formasi"])
            except ValidationError as e:
                self.add_error(None, e)
        return cleaned


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    form = PositionAdminForm
    list_display = [
        "code",
        "title",
        "org_unit",
        "opd",
        "type",
        "level",
        "kelas_jabatan",
        "formasi",
        "bezetting",
        "vacant_seats",
        "acting",
        "is_active",
    ]
    list_filter = ["type", "level", "is_active", "kelas_jabatan"]
    search_fields = ["code", "title", "org_unit__name", "org_unit__code"]
    list_select_related = ["org_unit", "org_unit__opd"]
    autocomplete_fields = ["org_unit", "reports_to"]
    readonly_fields = ["opd", "bezetting", "vacant_seats", "acting"]
    inlines = [PositionCompetencyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_seat_counts()

    @admin.display(description=_("OPD"))
    def opd(self, obj):
        return obj.org_unit.opd or obj.org_unit if obj.org_unit_id else "—"

    @admin.display(description=_("bezetting"), ordering="bezetting")
    def bezetting(self, obj):
        return getattr(obj, "bezetting", "—")

    @admin.display(description=_("kosong"), ordering="vacant")
    def vacant_seats(self, obj):
        vacant = getattr(obj, "vacant", None)
        return max(vacant, 0) if vacant is not None else "—"

    @admin.display(description=_("Plt"), ordering="acting")
    def acting(self, obj):
        return getattr(obj, "acting", "—")

    def save_model(self, request, obj, form, change):
        services.position_save(position=obj, actor=request.user)


class ServiceOnlyMixin(ServiceOnlyAdminMixin):
    """The record of appointments, ranks and discipline changes only through the HR pages,
    whose services check the rules and write the audit trail; admin shows it read-only."""


class RankHistoryInline(ServiceOnlyMixin, admin.TabularInline):
    model = RankHistory
    extra = 0
    fields = ["rank", "tmt", "kind", "decree_number"]


class AssignmentInline(ServiceOnlyMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["position", "kind", "start_date", "end_date", "decree_number"]
    autocomplete_fields = ["position"]


class DisciplinaryRecordInline(ServiceOnlyMixin, admin.TabularInline):
    model = DisciplinaryRecord
    extra = 0
    fields = ["level", "sanction", "decided_on", "start_date", "end_date"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["nip", "name", "front_title", "back_title", "employment_type", "education", "status", "user"]
    list_filter = ["status", "employment_type", "education", "sex"]
    search_fields = ["nip", "name", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [RankHistoryInline, AssignmentInline, DisciplinaryRecordInline]

    def save_model(self, request, obj, form, change):
        services.employee_save(employee=obj, actor=request.user)


@admin.register(Assignment)
class AssignmentAdmin(ServiceOnlyMixin, admin.ModelAdmin):
    list_display = ["employee", "position", "opd", "kind", "start_date", "end_date", "decree_number"]
    list_filter = ["kind", "position__type", ("end_date", admin.EmptyFieldListFilter)]
    search_fields = ["employee__nip", "employee__name", "position__code", "position__title"]
    list_select_related = ["employee", "position__org_unit__opd"]
    autocomplete_fields = ["employee", "position"]
    readonly_fields = ["opd"]
    date_hierarchy = "start_date"

    @admin.display(description=_("OPD"))
    def opd(self, obj):
        unit = obj.position.org_unit
        return unit.opd or unit


@admin.register(RankHistory)
class RankHistoryAdmin(ServiceOnlyMixin, admin.ModelAdmin):
    list_display = ["employee", "rank", "tmt", "kind", "decree_number"]
    list_filter = ["kind", "rank"]
    search_fields = ["employee__nip", "employee__name", "decree_number"]
    list_select_related = ["employee", "rank"]
    autocomplete_fields = ["employee"]
    date_hierarchy = "tmt"


@admin.register(DisciplinaryRecord)
class DisciplinaryRecordAdmin(ServiceOnlyMixin, admin.ModelAdmin):
    list_display = ["employee", "level", "sanction", "decided_on", "start_date", "end_date"]
    list_filter = ["level"]
    search_fields = ["employee__nip", "employee__name", "sanction", "decree_number"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    date_hierarchy = "decided_on"


class AssessedCompetencyInline(admin.TabularInline):
    model = AssessedCompetency
    extra = 0
    autocomplete_fields = ["competency"]


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "method", "assessed_on", "potential", "institution", "recorded_by"]
    list_filter = ["method", "potential"]
    search_fields = ["employee__nip", "employee__name", "institution"]
    list_select_related = ["employee", "recorded_by"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["recorded_by", "created_at"]
    inlines = [AssessedCompetencyInline]
    date_hierarchy = "assessed_on"
