from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from .models import Status


class CommentModerationForm(WagtailAdminModelForm):
    """A comment's edit view: its status and the reason (required to reject or remove, as in the queue)."""

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in (Status.REJECTED, Status.DELETED) and not (cleaned.get("moderation_reason") or "").strip():
            self.add_error("moderation_reason", _("Give a reason: the author sees it."))
        return cleaned
