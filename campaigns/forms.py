from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import EntryStatus, VideoEntry
from .moderation import APPROVE_ACTION, REJECT_ACTION
from .videos import validate_captions_file, validate_video_file, validate_video_link


class VideoEntryAdminForm(WagtailAdminModelForm):
    """The moderators' form: checks the video by content and records who moderated the entry."""

    class Meta:
        model = VideoEntry
        fields = [
            "contest", "category", "title", "description", "author_name", "work_unit", "poster", "poster_alt",
            "video", "captions", "external_url", "status", "rejection_reason", "award", "award_note",
        ]  # fmt: skip

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video and hasattr(video, "content_type"):  # a new upload, not the stored file
            contest = self.cleaned_data.get("contest") or getattr(self.instance, "contest", None)
            max_mb = contest.max_video_mb if contest else 200
            self.instance.video_type = validate_video_file(video, max_mb)
        return video

    def clean_external_url(self):
        url = self.cleaned_data.get("external_url")
        return validate_video_link(url) if url else url

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and hasattr(captions, "content_type"):  # a new upload, not the stored file
            validate_captions_file(captions)
        return captions

    def save(self, commit=True):
        from django.utils import timezone

        from wagtail.log_actions import log

        entry = super().save(commit=False)
        status_changed = "status" in self.changed_data
        if status_changed and entry.status != EntryStatus.PENDING:
            entry.moderated_by = self.for_user
            entry.moderated_at = timezone.now()
        if entry.status != EntryStatus.REJECTED:
            entry.rejection_reason = ""
        if commit:
            entry.save()
            self.save_m2m()
            if status_changed and entry.status != EntryStatus.PENDING:
                action = APPROVE_ACTION if entry.status == EntryStatus.APPROVED else REJECT_ACTION
                log(entry, action, user=self.for_user, data={"reason": entry.rejection_reason})
        return entry


class RejectEntriesForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the authors see it)"), max_length=200, widget=forms.TextInput(attrs={"autofocus": True})
    )
