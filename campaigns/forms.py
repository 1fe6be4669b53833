from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import VideoEntry
from .transcode import start_processing
from .videos import contest_limits, validate_captions_file, validate_video_file, validate_video_link


class VideoEntryAdminForm(WagtailAdminModelForm):
    """The moderators' form: checks an uploaded video by its content and a platform link by its host."""

    class Meta:
        model = VideoEntry
        fields = [
            "contest",
            "category",
            "title",
            "description",
            "author_name",
            "work_unit",
            "poster",
            "poster_alt",
            "video",
            "captions",
            "external_url",
            "status",
            "rejection_reason",
            "award",
            "award_note",
        ]

    video_upload = None

    def clean_video(self):
        """A new upload is checked, kept as the entry's original and converted by the task worker; the video the
        entry plays now (if any) stays until the new one is ready."""
        video = self.cleaned_data.get("video")
        if video and hasattr(video, "content_type"):  # a new upload, not the stored file
            contest = self.cleaned_data.get("contest") or getattr(self.instance, "contest", None)
            limits = contest_limits(contest) if contest else {"max_mb": 200}
            self.video_info = validate_video_file(video, **limits)
            self.video_upload = video
            return None  # the model's ``video`` is the converted file, set by the task
        return video

    def clean(self):
        cleaned = super().clean()
        has_file = bool(self.video_upload or cleaned.get("video") or self.instance.original or "video" in self.errors)
        has_link = bool(cleaned.get("external_url")) or "external_url" in self.errors
        if has_file == has_link:
            raise ValidationError(_("Give either a video file or a link to a video platform, not both."))
        return cleaned

    def save(self, commit=True):
        if self.video_upload is not None:
            info = self.video_info
            self.instance.original.save(f"original.{info.extension}", self.video_upload, save=False)
            self.instance.duration, self.instance.width, self.instance.height = info.duration, info.width, info.height
            start_processing(self.instance)
        return super().save(commit=commit)

    def clean_external_url(self):
        url = self.cleaned_data.get("external_url")
        return validate_video_link(url) if url else url

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and hasattr(captions, "content_type"):  # a new upload, not the stored file
            validate_captions_file(captions)
        return captions

    # Saving goes through Wagtail's edit action for entries (campaigns.moderation.EditEntry): a status change
    # made here is recorded by the same moderation action as the queue's bulk buttons.
