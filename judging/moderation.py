"""The moderators' decisions on objections to 公示 results (see core.moderation): uphold or dismiss, each with
the answer the author sees, in Wagtail's audit log like every other moderation decision."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.moderation import ModeratedEditAction, ModerationAction, ModerationBulkAction

from .models import Objection, ObjectionStatus

MODERATE_PERMISSION = "judging.change_objection"


class ObjectionModeration(ModerationAction):
    model = Objection
    permission = MODERATE_PERMISSION
    reason_field = "response"
    reason_required = True


class UpholdObjection(ObjectionModeration):
    action_name = "uphold"
    log_action = "judging.objection.uphold"
    target_status = ObjectionStatus.UPHELD
    label = _("Uphold")
    done_label = _("Objection upheld")
    bulk_label = _("Uphold the selected objections")
    title = _("Uphold objections")
    question = ngettext_lazy(
        "Uphold this objection? Correct the results as it says; its author sees your answer.",
        "Uphold these %(count)d objections? Correct the results as they say; their authors see your answer.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d objection upheld.", "%(count)d objections upheld.", "count")


class DismissObjection(ObjectionModeration):
    action_name = "dismiss"
    log_action = "judging.objection.dismiss"
    target_status = ObjectionStatus.DISMISSED
    label = _("Dismiss")
    done_label = _("Objection dismissed")
    bulk_label = _("Dismiss the selected objections")
    title = _("Dismiss objections")
    question = ngettext_lazy(
        "Dismiss this objection? Its author sees your answer.",
        "Dismiss these %(count)d objections? Their authors see your answer.",
        "count",
    )
    success_message = ngettext_lazy("%(count)d objection dismissed.", "%(count)d objections dismissed.", "count")


DECISIONS = (UpholdObjection, DismissObjection)


class EditObjection(ModeratedEditAction):
    moderation_actions = DECISIONS


class ObjectionBulkAction(ModerationBulkAction):
    item_template = "judging/admin/objection_item.html"


class UpholdObjectionsBulkAction(ObjectionBulkAction):
    moderation_action = UpholdObjection
    action_type = "uphold_objections"
    action_priority = 10


class DismissObjectionsBulkAction(ObjectionBulkAction):
    moderation_action = DismissObjection
    action_type = "dismiss_objections"
    action_priority = 20
