"""Admin for records that change only through services.

Scores, ratings, objections, calibrations, applications, appointments and the like are
written by services that check the rules and leave an audit row. Django admin would bypass
both, so their admin pages show the record and nothing more: no add, no change, no delete
(also not through an inline or the "delete selected" action).
"""


class ServiceOnlyAdminMixin:
    """For a ModelAdmin or an inline: view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
