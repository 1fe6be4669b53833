"""Workers submit video entries during a contest's submission phase; entries wait for a moderator.

The form checks everything a worker can get wrong and says so in their language: the video's real type and
size, the link's platform, the poster image, one video source only, and the contest's limit per worker.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from django_ratelimit.core import is_ratelimited

from accounts import roles

from .models import EntryStatus, VideoEntry
from .videos import validate_captions_file, validate_video_file, validate_video_link

POSTER_COLLECTION = "参赛作品封面"


class EntrySubmissionForm(forms.ModelForm):
    poster = WagtailImageField(label=gettext_lazy("Poster image"), required=True)

    class Meta:
        model = VideoEntry
        fields = ["title", "category", "description", "video", "external_url", "captions", "poster_alt"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "external_url": gettext_lazy("Or a link to your video on 抖音, 快手, B站, 西瓜视频 or 视频号."),
        }

    def __init__(self, *args, contest, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.user = user
        self.fields["category"].queryset = contest.categories.all()
        self.fields["category"].required = True
        self.fields["category"].empty_label = None
        self.fields["video"].help_text = _("MP4 or WebM, up to %(mb)s MB.") % {"mb": contest.max_video_mb}
        self.fields["video"].widget.attrs["accept"] = "video/mp4,video/webm"
        self.fields["captions"].widget.attrs["accept"] = ".vtt,text/vtt"

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video:
            self.video_type = validate_video_file(video, self.contest.max_video_mb)
        return video

    def clean_external_url(self):
        url = self.cleaned_data.get("external_url")
        return validate_video_link(url) if url else url

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions:
            validate_captions_file(captions)
        return captions

    def clean(self):
        # "A file or a link, not both" is the model's check constraint, validated after this method.
        cleaned = super().clean()
        already = VideoEntry.objects.filter(contest=self.contest, author=self.user).exclude(status=EntryStatus.REJECTED)
        if already.count() >= self.contest.max_entries_per_worker:
            raise ValidationError(
                _("You have already submitted %(count)d entries, the most this contest accepts from one worker.")
                % {"count": self.contest.max_entries_per_worker}
            )
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        entry = super().save(commit=False)
        entry.contest = self.contest
        entry.author = self.user
        entry.author_name = self.user.public_name
        entry.work_unit = self.user.work_unit
        entry.status = EntryStatus.PENDING
        if entry.video:
            entry.video_type = self.video_type
        entry.poster = self.save_poster()
        entry.save()
        return entry

    def save_poster(self):
        upload = self.cleaned_data["poster"]
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=POSTER_COLLECTION).first() or root.add_child(
            name=POSTER_COLLECTION
        )
        image = get_image_model()(
            title=_("Poster: %(title)s") % {"title": self.cleaned_data["title"]},
            collection=collection,
            uploaded_by_user=self.user,
        )
        image.file = upload
        image.save()
        return image


@never_cache
def submit_entry(request, contest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = contest.get_context(request)
    context["is_worker"] = request.user.groups.filter(name=roles.WORKERS).exists()
    if not contest.is_open_for_submissions():
        messages.error(request, _("This contest is not taking entries now."))
        return redirect(contest.url)
    if not context["is_worker"]:
        messages.error(request, _("Only union members' accounts can submit entries."))
        return redirect(contest.url)
    form = EntrySubmissionForm(request.POST or None, request.FILES or None, contest=contest, user=request.user)
    if request.method == "POST":
        limited = is_ratelimited(
            request, group="entry:submit", key="user", rate=settings.ENTRY_SUBMIT_RATE, method="POST", increment=True
        )
        if limited:
            form.add_error(None, _("You are submitting too fast. Please wait a while and try again."))
        elif form.is_valid():
            entry = form.save()
            messages.success(
                request,
                _("Thank you! “%(title)s” is waiting for review; it appears on the contest page once approved.")
                % {"title": entry.title},
            )
            return redirect("campaigns:my_entries")
    context["form"] = form
    return TemplateResponse(request, "campaigns/submit_entry.html", context)
