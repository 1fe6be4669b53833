"""The dashboard's filter: a year, optionally a district and a campaign. Anything else is a form error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from core.inputs import parse_int

from .models import MAX_YEAR, MIN_YEAR, this_year

CAMPAIGN_MODELS = ("lecturetourpage", "videocontestpage", "festivalpage", "readingroomindexpage")


class AsciiYearField(forms.IntegerField):
    """A year in ASCII digits (``core.inputs.parse_int``): "２０２２" or "2022²" is an error, not a guess."""

    def to_python(self, value):
        if value not in self.empty_values and parse_int(value) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiIdChoiceField(forms.ModelChoiceField):
    """A choice by database id in ASCII digits (``core.inputs.parse_int``)."""

    def to_python(self, value):
        if value not in self.empty_values and parse_int(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def campaign_label(page):
    return f"{page.title}（{page.specific_class._meta.verbose_name}）"


class FiguresFilterForm(forms.Form):
    year = AsciiYearField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    district = AsciiIdChoiceField(label=_("District"), queryset=None, required=False, empty_label=_("All"))
    campaign = AsciiIdChoiceField(label=_("Campaign"), queryset=None, required=False, empty_label=_("All"))

    def __init__(self, data=None, **kwargs):
        from campaigns.models import District

        data = data.copy() if data is not None else {}
        if not data.get("year"):
            data["year"] = this_year()
        super().__init__(data, **kwargs)
        self.fields["district"].queryset = District.objects.all()
        self.fields["campaign"].queryset = (
            Page.objects.filter(content_type__app_label="campaigns", content_type__model__in=CAMPAIGN_MODELS)
            .select_related("content_type")
            .order_by("content_type__model", "-first_published_at", "title")
        )
        self.fields["campaign"].label_from_instance = campaign_label

    def filters(self):
        """(year, district, campaign) of a valid form."""
        data = self.cleaned_data
        return data["year"], data.get("district"), data.get("campaign")

    def query_string(self):
        from urllib.parse import urlencode

        year, district, campaign = self.filters()
        params = {"year": year}
        if district:
            params["district"] = district.pk
        if campaign:
            params["campaign"] = campaign.pk
        return urlencode(params)
