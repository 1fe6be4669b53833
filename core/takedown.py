"""一键下线 (emergency take-down): one action that takes a page, a video entry or a comment off the whole site at
once, with a reason, in the audit log.

``TakeDown(instance, user, reason).execute()`` is the only way it is done: the admin's button (a confirmation
form asking the reason, ``core.views.take_down``), the comment and entry queues' bulk action and ``manage.py
take_down`` all run it. In one transaction it

- takes the record down with the record's own decision: a page (and the pages below it) is unpublished with
  Wagtail's unpublish action, and a review in progress is cancelled so no pending approval can put it back; a video
  entry is rejected (``campaigns.moderation.RejectEntry``) and a comment removed (``comments.moderation.
  RemoveComment``), which tell their authors and forget the pages that showed them;
- writes ``core.take_down`` with the reason in the audit log (beside the record's own entry);

and after the commit it forgets the cached pages here and purges them from the CDN (the page signals and the
records' actions do, through ``core.pagecache``), and syncs the search index at once (``search.sync.drain``)
instead of waiting for the worker; if the engine does not answer, the outbox keeps the update for the worker.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.actions.base import BaseAction
from wagtail.log_actions import log
from wagtail.models import Page

logger = logging.getLogger(__name__)

LOG_ACTION = "core.take_down"
PERMISSION = "core.take_down"


class TakeDownPermissionError(PermissionDenied):
    pass


class TakeDown(BaseAction):
    permission_error_class = TakeDownPermissionError

    def __init__(self, instance, user=None, reason=""):
        if isinstance(instance, Page):
            instance = instance.specific
        super().__init__(instance, user=user)
        self.reason = (reason or "").strip()

    # -- what kind of record --------------------------------------------------------------------------------
    def kind(self):
        from campaigns.models import VideoEntry
        from comments.models import Comment

        if isinstance(self.instance, Page):
            return "page"
        if isinstance(self.instance, VideoEntry):
            return "entry"
        if isinstance(self.instance, Comment):
            return "comment"
        raise TypeError(f"cannot take down a {type(self.instance).__name__}")

    def record_action(self):
        """The record's own moderation decision (entries and comments)."""
        if self.kind() == "entry":
            from campaigns.moderation import RejectEntry

            return RejectEntry(self.instance, user=self.user, reason=self.reason)
        from comments.moderation import RemoveComment

        return RemoveComment(self.instance, user=self.user, reason=self.reason)

    def is_up(self):
        if self.kind() == "page":
            return self.instance.live
        return self.instance.status != self.record_action().target_status

    # -- checking --------------------------------------------------------------------------------------------
    def user_has_permission(self):
        """``core.take_down`` (the moderators, 审核员), whatever the record, and whatever locks a review in
        progress puts on a page: an emergency does not wait for the reviewer who holds the lock."""
        self.kind()  # a record of another kind is a programming error, not a refusal
        return self.user is not None and self.user.is_active and self.user.has_perm(PERMISSION)

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if not self.reason:
            raise ValidationError(_("Give a reason: it is kept in the audit log."), code="reason_required")

    # -- doing -----------------------------------------------------------------------------------------------
    def _take_down_page(self):
        from wagtail.actions.unpublish_page import UnpublishPageAction

        page = self.instance
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=self.user)  # an approval still pending must not put the page back
        if page.live or page.get_descendants().live().exists():
            UnpublishPageAction(page, user=self.user, include_descendants=True).execute(skip_permission_checks=True)

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            if self.kind() == "page":
                self._take_down_page()
            elif self.is_up():
                self.record_action().execute(skip_permission_checks=True)  # permission checked above
            log(self.instance, LOG_ACTION, user=self.user, data={"reason": self.reason})
            transaction.on_commit(sync_search_now)
        return self.instance

    @classmethod
    def execute_many(cls, instances, user, reason="", skip_permission_checks=False):
        with transaction.atomic():
            for instance in instances:
                cls(instance, user=user, reason=reason).execute(skip_permission_checks=skip_permission_checks)
        return len(instances)


def sync_search_now():
    """Write what the take-down queued in the search outbox to the engine now (the worker would within seconds,
    but taken-down content must leave the search results at once)."""
    from search.sync import drain

    try:
        drain()
    except Exception:  # the outbox keeps the rows; search_worker retries them
        logger.exception("Take-down: the search index could not be updated at once; the outbox keeps the update")


# ---- the admin: a bulk action for the comment and entry queues, a confirmation view for one record -----------


def bulk_action_for(model, item_template):
    """The queue's "一键下线" bulk action for ``model``: the reason form, then ``TakeDown`` on each record."""
    from types import SimpleNamespace

    from django.utils.translation import ngettext_lazy

    from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

    from .moderation import ReasonForm

    labels = SimpleNamespace(
        title=_("Take down at once"),
        label=_("Take down"),
        question=ngettext_lazy(
            "Take this record off the site at once? It disappears from every page, the CDN and search.",
            "Take these %(count)d records off the site at once? They disappear from every page, the CDN and search.",
            "count",
        ),
    )

    class TakeDownBulkAction(SnippetBulkAction):
        display_name = _("Take down")
        action_type = "take_down"
        aria_label = _("Take the selected records off the site at once")
        action_priority = 90
        template_name = "core/admin/confirm_moderation.html"
        form_class = ReasonForm
        models = [model]

        def check_perm(self, obj):
            return TakeDown(obj, user=self.request.user).user_has_permission()

        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            return {
                **context,
                "moderation_action": labels,
                "question": labels.question % {"count": len(context["items"])},
                "item_template": item_template,
                "asks_reason": True,
            }

        def get_execution_context(self):
            return {**super().get_execution_context(), "reason": self.cleaned_form.cleaned_data["reason"]}

        @classmethod
        def execute_action(cls, objects, user=None, reason="", **kwargs):
            user = kwargs["self"].request.user
            return TakeDown.execute_many(list(objects), user, reason), 0

        def get_success_message(self, num_parent_objects, num_child_objects):
            return ngettext_lazy("%(count)d record taken down.", "%(count)d records taken down.", "count") % {
                "count": num_parent_objects
            }

    TakeDownBulkAction.__name__ = f"TakeDown{model.__name__}BulkAction"
    return TakeDownBulkAction
