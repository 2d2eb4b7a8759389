from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules, selectors


class PromotionFilterForm(forms.Form):
    window = forms.TypedChoiceField(label=_("Periode"), required=False, coerce=str)
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=selectors.opd_choices(), required=False)
    rule = forms.ChoiceField(
        label=_("Jenis"),
        required=False,
        choices=[("", _("Semua"))] + [(c, label) for c, label in rules.RULE_CHOICES if c in selectors.PROMOTION_RULES],
    )

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = selectors.opd_choices()
        self.fields["window"].choices = [("", _("Semua"))] + [(w.isoformat(), w.strftime("%d-%m-%Y")) for w in windows]


class OpdFilterForm(forms.Form):
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=selectors.opd_choices(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = selectors.opd_choices()


class SuccessorForm(forms.Form):
    employee = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class SuccessorUnmarkForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=1000)
