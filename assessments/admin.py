from django.contrib import admin

from semarang_asn.core.admin_mixins import ServiceOnlyAdminMixin

from .models import (
    Application,
    ApplicationDocument,
    CommitteeMember,
    ConflictDeclaration,
    Decision,
    Objection,
    Score,
    Stage,
    StageResult,
    Vacancy,
)


class _FrozenOncePublished:
    """Stages and the committee of a published vacancy change only through the services."""

    def _editable(self, obj) -> bool:
        return obj is None or obj.published_at is None

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StageInline(_FrozenOncePublished, admin.TabularInline):
    model = Stage
    extra = 0
    readonly_fields = ["state", "locked_at", "announced_at", "objection_until"]


class CommitteeInline(_FrozenOncePublished, admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "position", "status", "registration_opens", "registration_closes"]
    list_filter = ["status"]
    search_fields = ["code", "title", "position__title"]
    list_select_related = ["position__org_unit"]
    raw_id_fields = ["position"]
    inlines = [StageInline, CommitteeInline]
    # Publication freezes a vacancy: its changes go through the services, which audit them.
    readonly_fields = ["status", "published_at", "committee_confirmed_at", "proposed_at", "closed_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.published_at is None

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None


class ReadOnlyAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """Applications, scores, declarations, results and decisions are written by services and audited."""


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "name", "vacancy", "admin_status", "final_rank", "proposed"]
    list_filter = ["admin_status", "is_external", "proposed"]
    search_fields = ["registration_number", "name", "nip"]
    list_select_related = ["vacancy"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["stage", "application", "member", "value", "original_value", "submitted_at"]
    list_select_related = ["stage", "application", "member"]


@admin.register(StageResult)
class StageResultAdmin(ReadOnlyAdmin):
    list_display = ["stage", "application", "value", "passed", "spread"]
    list_select_related = ["stage", "application"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["member", "application", "has_conflict", "declared_at"]
    list_select_related = ["member", "application"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["application", "stage", "filed_at", "answered_at"]
    list_select_related = ["application", "stage"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["vacancy", "application", "decided_by", "decided_at", "start_date"]
    list_select_related = ["vacancy", "application", "decided_by"]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "original_name", "uploaded_at"]
    list_select_related = ["application"]
