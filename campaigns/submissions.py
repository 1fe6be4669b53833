"""Workers submit video entries during a contest's submission phase; entries wait for a moderator.

The form checks everything a worker can get wrong and says so in their language: the video's real type and
size, the link's platform, the poster image, one video source only, and the contest's limit per worker.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection, CollectionViewRestriction

from accounts import roles
from core.inputs import PlainTextField
from core.throttle import hit
from screening.validators import validate_no_rejected_words

from .models import EntryStatus, VideoEntry, VideoUpload
from .transcode import start_processing
from .uploads import assemble, delete_upload
from .videos import contest_limits, inspect_video, validate_captions_file, validate_video_file, validate_video_link

POSTER_COLLECTION = "参赛作品封面"


def worker_uploads_collection():
    """The collection of workers' uploads (entry posters), kept private.

    Its view restriction (moderators and editors) is Wagtail's own mark of a private collection: the rule in
    ``core.visibility`` keeps every image filed here out of public listings and the API until it is the poster
    of a public entry, so a worker's picture is never public before a moderator approves the entry, nor after
    the entry is deleted. Created by a data migration; made again (and private) if someone renames or
    unrestricts it.
    """
    from django.contrib.auth.models import Group

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=POSTER_COLLECTION).first() or root.add_child(name=POSTER_COLLECTION)
    if not collection.get_view_restrictions().exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=[roles.MODERATORS, roles.EDITORS]))
    return collection


class EntrySubmissionForm(forms.ModelForm):
    poster = WagtailImageField(label=gettext_lazy("Poster image"), required=True)
    # The upload is kept as the entry's original; the task worker makes the video everyone plays from it.
    video = forms.FileField(label=gettext_lazy("video file"), required=False)
    # Or the id of a finished chunked upload (campaigns/uploads.py), set by the form's script.
    upload = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = VideoEntry
        fields = ["title", "category", "description", "external_url", "captions", "poster_alt"]
        field_classes = {"title": PlainTextField, "description": PlainTextField, "poster_alt": PlainTextField}
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
        self.fields["video"].help_text = _(
            "MP4, MOV, 3GP, WebM or MKV (what phones record), up to %(mb)s MB and %(seconds)s seconds."
        ) % {"mb": contest.max_video_mb, "seconds": contest.max_video_seconds}
        self.fields["video"].widget.attrs["accept"] = "video/*,.mov,.mkv,.3gp"
        self.order_fields(["title", "category", "description", "video", "external_url", "captions"])
        self.video_info = None
        self.fields["captions"].widget.attrs["accept"] = ".vtt,text/vtt"

    def clean_title(self):
        title = self.cleaned_data.get("title")
        validate_no_rejected_words(title)
        return title

    def clean_description(self):
        description = self.cleaned_data.get("description")
        validate_no_rejected_words(description)
        return description

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video:
            self.video_info = validate_video_file(video, **contest_limits(self.contest))
        return video

    def clean_upload(self):
        upload_id = self.cleaned_data.get("upload")
        if not upload_id:
            return None
        upload = VideoUpload.objects.filter(pk=upload_id, user=self.user, contest=self.contest).first()
        if upload is None:
            raise ValidationError(_("This upload has expired or is not yours. Choose the video file again."))
        if not upload.complete:
            raise ValidationError(_("The video has not finished uploading. Submit again to continue the upload."))
        self.assembled = assemble(upload)
        try:
            self.video_info = inspect_video(self.assembled.name, **contest_limits(self.contest))
        except ValidationError:
            self.assembled.close()
            delete_upload(upload)  # a file we refuse is not kept; the worker chooses another
            raise
        self.finished_upload = upload
        return upload

    def clean_external_url(self):
        url = self.cleaned_data.get("external_url")
        return validate_video_link(url) if url else url

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions:
            validate_captions_file(captions)
        return captions

    def clean(self):
        cleaned = super().clean()
        upload_errors = self.errors.pop("upload", [])  # a hidden field: its errors are shown above the form
        for message in upload_errors:
            self.add_error(None, message)
        has_file = bool(cleaned.get("video") or cleaned.get("upload") or upload_errors) or "video" in self.errors
        has_link = bool(cleaned.get("external_url")) or "external_url" in self.errors
        if has_file == has_link:  # the model's check constraint, which cannot see the file this form keeps apart
            raise ValidationError(_("Give either a video file or a link to a video platform, not both."))
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
        video = self.cleaned_data.get("video")
        if self.cleaned_data.get("upload"):
            video = File(self.assembled)
        if video:
            entry.original.save(f"original.{self.video_info.extension}", video, save=False)
            entry.duration, entry.width, entry.height = (
                self.video_info.duration,
                self.video_info.width,
                self.video_info.height,
            )
            start_processing(entry)
        entry.poster = self.save_poster()
        entry.save()
        if self.cleaned_data.get("upload"):
            self.assembled.close()
            upload = self.finished_upload
            transaction.on_commit(lambda: delete_upload(upload))
        return entry

    def save_poster(self):
        upload = self.cleaned_data["poster"]
        image = get_image_model()(
            title=_("Poster: %(title)s") % {"title": self.cleaned_data["title"]},
            collection=worker_uploads_collection(),
            uploaded_by_user=self.user,
        )
        image.file = upload
        image.save()
        return image


SUBMIT_ROUTE = "submit/"


def submission_body_limit(request):
    """The request-body cap for a contest's submission form (see core.uploads): the contest's video limit, a
    poster and the form's fields. None for every other route. One query, only for large posts to ``…/submit/``."""
    if request.method != "POST" or not request.path.endswith("/" + SUBMIT_ROUTE):
        return None
    from wagtail.models import Site

    from .models import VideoContestPage

    site = Site.find_for_request(request)
    if site is None:
        return None
    path = request.path_info[: -len(SUBMIT_ROUTE)]
    for language, _name in settings.LANGUAGES:  # the English interface: /en/<page path>
        if language != settings.LANGUAGE_CODE and path.startswith(f"/{language}/"):
            path = path[len(language) + 1 :]
    url_path = site.root_page.url_path.rstrip("/") + path
    max_mb = VideoContestPage.objects.filter(url_path=url_path).values_list("max_video_mb", flat=True).first()
    if max_mb is None:
        return None
    return (max_mb + 1) * 1024 * 1024 + settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


@never_cache
def submit_entry(request, contest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = contest.get_context(request)
    context["is_worker"] = request.user.is_worker
    if not contest.is_open_for_submissions():
        messages.error(request, _("This contest is not taking entries now."))
        return redirect(contest.url)
    if not context["is_worker"]:
        messages.error(request, _("Only union members' accounts can submit entries."))
        return redirect(contest.url)
    form = EntrySubmissionForm(request.POST or None, request.FILES or None, contest=contest, user=request.user)
    if request.method == "POST":
        if hit([("entry-submit", request.user.pk, settings.ENTRY_SUBMIT_RATE)]):
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
