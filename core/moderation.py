"""One moderation action per decision, used by every path that makes it.

The pattern is Wagtail's own (``wagtail.actions``): a class checks the permission, changes the record, writes the
audit-log entry and, once the transaction commits, tells the author and forgets cached pages. The queue's bulk
actions, the record's edit form (through the ``edit`` action registered for the model, which Wagtail's generic
edit view looks up), the API and management commands all run the same class, so no path can skip the reason,
the log or the notice.

A domain declares its decisions as subclasses of ``ModerationAction`` (``comments/moderation.py``,
``campaigns/moderation.py``), lists them in a ``ModeratedEditAction`` for its edit form, and offers them in the
queue with ``ModerationBulkAction`` (one confirmation template for every record type).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.actions.base import BaseAction
from wagtail.actions.edit import EditAction
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction


class ModerationPermissionError(PermissionDenied):
    pass


class ModerationAction(BaseAction):
    """A moderator's decision on one record: set ``status`` to ``target_status``, with a reason where needed.

    Subclasses set ``action_name`` (``approve``), ``log_action`` (the audit-log code, e.g.
    ``publiccomments.approve``), ``target_status``, ``permission`` (a Django permission), ``reason_required``, the
    labels the audit log and the queue show, and override ``apply`` / ``notify`` / ``invalidate`` as their record
    needs. ``reason_field`` names the field the reason is stored in.
    """

    model = None
    log_action = None
    target_status = None
    permission = None
    reason_required = False
    reason_field = "moderation_reason"
    label = ""  # the verb in the admin ("Approve")
    done_label = ""  # in the audit log ("Comment approved")
    bulk_label = ""  # the bulk button's accessible label
    title = ""  # the confirmation page's title ("Approve comments")
    question = ""  # the confirmation page's question, with %(count)d (an ngettext_lazy keyed on "count")
    success_message = ""  # an ngettext_lazy keyed on "count": "%(count)d comment approved."
    permission_error_class = ModerationPermissionError

    public_status = None  # the status in which the record shows on the site

    def __init__(self, instance, user=None, reason="", previous_status=None):
        super().__init__(instance, user=user)
        self.reason = (reason or "").strip()
        self.previous_status = previous_status  # when the caller has already saved the new status

    # -- checking ------------------------------------------------------------------------------------------
    def user_has_permission(self):
        return self.user.has_perm(self.permission)

    def check(self, skip_permission_checks=False):
        super().check(skip_permission_checks=skip_permission_checks)
        if self.reason_required and not self.reason:
            raise ValidationError(_("Give a reason: the author sees it."), code="reason_required")

    # -- doing ---------------------------------------------------------------------------------------------
    def apply(self):
        """Change the record (not saved yet). Returns the fields to save."""
        instance = self.instance
        instance.status = self.target_status
        instance.moderated_by = self.user
        instance.moderated_at = timezone.now()
        setattr(instance, self.reason_field, self.reason)
        return ["status", "moderated_by", "moderated_at", self.reason_field]

    def notify(self):
        """Tell the author (after the commit)."""

    def invalidate(self, was_public):
        """Forget cached pages that show the record (after the commit)."""

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            previous = self.previous_status
            if previous is None:
                previous = type(self.instance).objects.filter(pk=self.instance.pk).values_list("status", flat=True)[0]
            was_public = previous == self.public_status
            fields = self.apply()
            self.instance.save(update_fields=fields)
            log(self.instance, self.log_action, user=self.user, data={"reason": self.reason} if self.reason else {})
            transaction.on_commit(self.notify)
            transaction.on_commit(lambda: self.invalidate(was_public))
        return self.instance

    # -- many at once --------------------------------------------------------------------------------------
    @classmethod
    def is_done(cls, instance):
        """Whether the record already has this decision (a bulk action skips it)."""
        return instance.status == cls.target_status

    @classmethod
    def execute_many(cls, instances, user, reason="", skip_permission_checks=False):
        """Run the action on each record, all or nothing. Returns how many were changed."""
        with transaction.atomic():
            for instance in instances:
                cls(instance, user=user, reason=reason).execute(skip_permission_checks=skip_permission_checks)
        return len(instances)

    @classmethod
    def register_log_action(cls, actions):
        actions.register_action(cls.log_action, cls.label, cls.done_label)


class ModeratedEditAction(EditAction):
    """Wagtail's edit action for a moderated record: when the edit changes the record's status, the matching
    moderation action records the decision (who, when, why, audit log, notice, caches) exactly as the queue does.

    Subclasses set ``moderation_actions``: the ``ModerationAction`` classes by the status they set.
    """

    moderation_actions = ()

    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        before = type(self.instance).objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        instance = super().execute(skip_permission_checks=skip_permission_checks)
        if instance.status != before:
            action_class = next((a for a in self.moderation_actions if a.target_status == instance.status), None)
            if action_class is not None:
                reason = getattr(instance, action_class.reason_field, "")
                action = action_class(instance, user=self.user, reason=reason, previous_status=before)
                instance = action.execute(skip_permission_checks=skip_permission_checks)
        return instance


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the authors see it)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True}),
        error_messages={"required": _("Give a reason: the author sees it.")},
    )


class ModerationBulkAction(SnippetBulkAction):
    """A queue's bulk decision: the records' ``ModerationAction`` on each selected record, with one
    confirmation template; a reason is asked for when the action needs one.

    Subclasses set ``moderation_action``, ``action_type``, ``action_priority`` and ``item_template`` (how one
    record is listed on the confirmation page).
    """

    moderation_action = None
    template_name = "core/admin/confirm_moderation.html"
    item_template = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        action = cls.moderation_action
        if action is not None:
            cls.models = [action.model]
            cls.display_name = action.label
            cls.aria_label = action.bulk_label
            if action.reason_required:
                cls.form_class = ReasonForm

    def check_perm(self, obj):
        return self.moderation_action(obj, user=self.request.user).user_has_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "moderation_action": self.moderation_action,
            "question": self.moderation_action.question % {"count": len(context["items"])},
            "item_template": self.item_template,
            "asks_reason": self.moderation_action.reason_required,
        }

    def get_execution_context(self):
        context = {**super().get_execution_context(), "reason": ""}
        if self.moderation_action.reason_required:
            context["reason"] = self.cleaned_form.cleaned_data["reason"]
        return context

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        user = kwargs["self"].request.user
        todo = [obj for obj in objects if not cls.moderation_action.is_done(obj)]
        return cls.moderation_action.execute_many(todo, user, reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.moderation_action.success_message % {"count": num_parent_objects}
