from django import forms
from django.utils.translation import gettext_lazy as _

from .aspects import ASPECT_CHOICES, SCORE_CHOICES


class MeritScoreForm(forms.Form):
    aspect = forms.ChoiceField(choices=ASPECT_CHOICES, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(label=_("Nilai mandiri"), choices=SCORE_CHOICES, coerce=int)
    note = forms.CharField(
        label=_("Catatan bukti"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
