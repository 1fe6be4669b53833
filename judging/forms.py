from django import forms
from django.utils.translation import gettext_lazy as _


class ScoreForm(forms.Form):
    """One field per criterion of the contest (whole points from 0 to the criterion's maximum) and a comment."""

    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for index, (_key, name, maximum) in enumerate(self.criteria):
            fields[f"c{index}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)d)") % {"name": name, "max": maximum},
                min_value=0,
                max_value=maximum,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": maximum}),
            )
        self.fields = {**fields, "comment": self.fields["comment"]}

    def points(self):
        """The points by criterion key (``campaigns.models.Criterion``)."""
        return {criterion.key: self.cleaned_data[f"c{index}"] for index, criterion in enumerate(self.criteria)}

    @classmethod
    def initial_for(cls, criteria, card):
        if card is None:
            return {}
        initial = {f"c{index}": card.points.get(criterion.key) for index, criterion in enumerate(criteria)}
        initial["comment"] = card.comment
        return initial


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label=_("Entry concerned (optional)"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(
        label=_("Your objection"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say what is wrong with the results and why. A moderator answers; the answer is on your account page."
        ),
        error_messages={"required": _("Give the reason for your objection.")},
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("The results as a whole"))] + [(e.pk, e.title) for e in entries]
