from wagtail.admin.forms import WagtailAdminModelForm

from .models import VideoEntry
from .videos import validate_captions_file, validate_video_file, validate_video_link


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

    # Saving goes through Wagtail's edit action for entries (campaigns.moderation.EditEntry): a status change
    # made here is recorded by the same moderation action as the queue's bulk buttons.
