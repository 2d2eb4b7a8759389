from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEvent, Notification, Setting
from .services import user_deactivate, user_has_acted

User = get_user_model()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "actor_name", "action", "target_repr", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "reason", "actor_username", "actor_name"]
    date_hierarchy = "at"

    # The audit trail is append-only, even for administrators.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at"]
    search_fields = ["subject", "recipient__username"]
    list_filter = ["read_at"]
    list_select_related = ["recipient"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "description"]
    search_fields = ["key", "description"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Users who have acted (named in the audit trail) are deactivated, never deleted."""

    actions = ["deactivate_users"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and user_has_acted(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk delete would reach users who have acted; deactivation is offered instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Nonaktifkan pengguna terpilih"), permissions=["change"])
    def deactivate_users(self, request, queryset):
        count = sum(
            user_deactivate(user=user, actor=request.user, reason=str(_("Dinonaktifkan lewat admin")))
            for user in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d pengguna dinonaktifkan.", "%(count)d pengguna dinonaktifkan.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, object_id)
        if request.method == "GET" and user is not None and user_has_acted(user):
            self.message_user(
                request,
                _(
                    "Pengguna ini tercatat di jejak audit, jadi tidak dapat dihapus. "
                    'Untuk mencabut aksesnya, matikan "Aktif" atau pakai tindakan "Nonaktifkan".'
                ),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)
