from django import forms
from django.utils.translation import gettext_lazy as _


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the authors see it)"), max_length=300, widget=forms.TextInput(attrs={"autofocus": True})
    )
