"""Moderators verify and disable workers in the Wagtail admin (Workers), with every decision in the audit log."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.log_actions import log
from wagtail.models import Page, TaskState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Worker

MODERATE = "accounts.moderate_worker"
LOG_ACTIONS = {
    ("is_verified", True): ("accounts.worker.verify", _("Verify worker"), _("Membership verified")),
    ("is_verified", False): ("accounts.worker.unverify", _("Unverify worker"), _("Membership verification removed")),
    ("is_active", False): ("accounts.worker.disable", _("Disable worker"), _("Account disabled")),
    ("is_active", True): ("accounts.worker.enable", _("Enable worker"), _("Account enabled")),
}


class WorkerPolicy(ModelPermissionPolicy):
    """Moderators (with accounts.moderate_worker) may list, inspect and change workers; nobody adds or deletes
    them here (workers register themselves; accounts are disabled, not deleted, to keep their history)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return user.is_active and (user.is_superuser or user.has_perm(MODERATE))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(user_permissions__codename="moderate_worker")
                | Q(groups__permissions__codename="moderate_worker"),
                is_active=True,
            )
            .distinct()
        )


register_permission_policy(Worker, WorkerPolicy(Worker))


class WorkerModerationForm(WagtailAdminModelForm):
    reason = forms.CharField(
        label=_("Reason (recorded in the history)"),
        max_length=200,
        required=False,
        help_text=_("Required when disabling an account; the worker sees it when trying to sign in."),
    )

    class Meta:
        model = Worker
        fields = ["is_verified", "is_active", "deactivation_reason"]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("is_active") is False
            and self.instance.is_active
            and not (cleaned.get("reason") or cleaned.get("deactivation_reason"))
        ):
            raise forms.ValidationError(_("Say why the account is disabled."))
        return cleaned

    def save(self, commit=True):
        worker = super().save(commit=False)
        reason = self.cleaned_data.get("reason", "")
        if "is_verified" in self.changed_data:
            worker.verified_at = timezone.now() if worker.is_verified else None
            worker.verified_by = self.for_user if worker.is_verified else None
        if "is_active" in self.changed_data and not worker.is_active:
            worker.deactivation_reason = self.cleaned_data.get("deactivation_reason") or reason
        if "is_active" in self.changed_data and worker.is_active:
            worker.deactivation_reason = ""
        if commit:
            worker.save()
            for field in ("is_verified", "is_active"):
                if field in self.changed_data:
                    action = LOG_ACTIONS[(field, getattr(worker, field))][0]
                    log(worker, action, user=self.for_user, data={"reason": reason or worker.deactivation_reason})
        return worker


class WorkerViewSet(ModelViewSet):
    model = Worker
    icon = "group"
    menu_label = _("Workers")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        Column("display_name", label=_("display name")),
        "username",
        Column("work_unit", label=_("work unit")),
        Column("membership_number", label=_("membership number")),
        "phone",
        BooleanColumn("is_verified", label=_("verified")),
        BooleanColumn("is_active", label=_("active")),
        DateColumn("date_joined", label=_("registered")),
    ]
    list_filter = ["is_verified", "is_active", "work_unit"]
    search_fields = ["display_name", "username", "membership_number", "phone", "work_unit"]
    ordering = ["-date_joined"]
    inspect_view_fields = [
        "username",
        "display_name",
        "work_unit",
        "membership_number",
        "phone",
        "email",
        "is_verified",
        "verified_at",
        "verified_by",
        "is_active",
        "deactivation_reason",
        "date_joined",
        "last_login",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("is_verified")], heading=_("Membership")),
            MultiFieldPanel([FieldPanel("is_active"), FieldPanel("deactivation_reason")], heading=_("Account")),
            FieldPanel("reason"),
        ],
        base_form_class=WorkerModerationForm,
    )

    def get_queryset(self, request):
        return Worker.objects.all()


@hooks.register("register_admin_viewset")
def register_worker_viewset():
    return WorkerViewSet("workers")


@hooks.register("register_log_actions")
def register_worker_log_actions(actions):
    for action, label, message in LOG_ACTIONS.values():
        actions.register_action(action, label, message)


# ---- the publishing workflow: actions say what they did ---------------------------------------------------


class WorkflowActionWithConfirmation(WorkflowActionView):
    """Wagtail's workflow action (the dashboard's "approve" and "request changes" buttons) returns to the dashboard
    without a word, and the page just vanishes from the list. This one says what happened to which page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status == TaskState.STATUS_IN_PROGRESS:
            return response  # nothing done (a modal form with errors)
        page = Page.objects.get(pk=self.object.pk).specific
        title = get_latest_str(page)
        if self.task_state.status == TaskState.STATUS_REJECTED:
            message = _("Changes requested for “%(title)s”: it is back with its editor.") % {"title": title}
        elif page.live and not page.has_unpublished_changes:
            message = _("“%(title)s” is approved and published.") % {"title": title}
        elif page.scheduled_revision is not None:
            when = timezone.localtime(page.scheduled_revision.approved_go_live_at)
            message = _("“%(title)s” is approved and will be published at %(when)s.") % {
                "title": title,
                "when": when.strftime("%Y-%m-%d %H:%M"),
            }
        elif (state := self.task_state.workflow_state).status == state.STATUS_IN_PROGRESS:
            state.refresh_from_db()
            message = _("“%(title)s” passed %(done)s and now waits for %(next)s.") % {
                "title": title,
                "done": self.task_state.task.name,
                "next": state.current_task_state.task.name,
            }
        else:
            message = _("“%(title)s” is approved.") % {"title": title}
        messages.success(request, message)
        return response


class ProjectPageViewSet(PageViewSet):
    """The admin views of this project's page types: Wagtail's, with the workflow action above."""

    workflow_action_view_class = WorkflowActionWithConfirmation
    parent_models = ()  # keep Wagtail's page explorer listings as they are


@hooks.register("register_admin_viewset")
def register_page_viewsets():
    from wagtail.models import get_page_models

    return [
        ProjectPageViewSet(f"{model._meta.app_label}_{model._meta.model_name}_pages", model=model)
        for model in get_page_models()
        if model._meta.app_label in ("home", "campaigns")
    ]


# ---- staff second factor (accounts.two_factor) ----------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    from django.urls import path

    from . import two_factor

    return [
        path("2fa/setup/", two_factor.setup, name=two_factor.SETUP_URL_NAME),
        path("2fa/verify/", two_factor.verify, name=two_factor.VERIFY_URL_NAME),
    ]
