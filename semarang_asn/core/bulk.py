"""Bulk actions on list pages: rows chosen with checkboxes named after the field, posted as ids."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

BULK_MAX = 500


class IdListField(forms.Field):
    """The ids of the rows ticked on a list page (``<input type=checkbox name=... value=id>``).
    Anything that is not a positive integer is refused; the service checks each id is in scope."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Pilih setidaknya satu baris."),
        "invalid": _("Pilihan baris tidak sah."),
        "too_many": _("Paling banyak %(max)s baris sekali proses."),
    }

    def __init__(self, *, max_rows: int = BULK_MAX, **kwargs):
        super().__init__(**kwargs)
        self.max_rows = max_rows

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for raw in values:
            text = str(raw).strip()
            if not text.isdigit() or not 0 < int(text) < 2**63:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(int(text))
        ids = sorted(set(ids))
        if len(ids) > self.max_rows:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many", params={"max": self.max_rows})
        return ids
