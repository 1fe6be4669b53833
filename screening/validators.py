"""Screening as a form validator: text with a *reject* word is refused, naming the categories matched.

Comments go through ``comments.policy`` (which also holds *hold* words for review); the other public text that
workers write uses this validator: video entry titles and descriptions (``campaigns.submissions``) and the
display name shown beside their comments and entries (``accounts.forms``), so the same folding (see
``screening.normalize``) guards every field.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .matcher import screen
from .models import Action, Category


def category_labels(screening):
    return "、".join(str(Category(c).label) for c in screening.categories)


def validate_no_rejected_words(value):
    screening = screen(value or "")
    if screening.action == Action.REJECT:
        from .review import findings_in_text

        marked = "；".join(f["text"] for f in findings_in_text("", value) if f["action"] == Action.REJECT)
        raise ValidationError(
            _("This text contains words that are not allowed here (%(categories)s): %(marked)s. Please rewrite it.")
            % {"categories": category_labels(screening), "marked": marked},
            code="rejected_words",
        )
