"""``{% comments_section target %}``: a page's approved comments and the comment form, the same for everyone.

Pages are one cached copy for every visitor, signed in or not, so the section holds nothing personal: the form
and the reply and report forms are there but hidden, with an empty CSRF field, and ``site/static/js/personal.js``
shows them, fills in the token and adds the worker's own pending comments from ``/accounts/me/``
(``comments.personal``). Without JavaScript, "Write a comment" leads to the comment page
(``comments:write``), which renders ``{% comments_section target personal=True %}``: the worker's own pending
comments, edit and delete forms and a fresh token, on an uncached page.
"""

from django import template
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import resolve_url
from django.utils import timezone

from ..models import Comment, CommentsMode, ReportReason, Status
from ..policy import active_block, comment_settings, target_mode

register = template.Library()
PER_PAGE = 10


def visible_to(user):
    if user is not None and user.is_authenticated:
        return Q(status=Status.APPROVED) | Q(status=Status.PENDING, author=user)
    return Q(status=Status.APPROVED)


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context, target, personal=False):
    request = context.get("request")
    user = getattr(request, "user", None) if personal else None
    mode = target_mode(target)
    if mode == CommentsMode.HIDDEN:
        return {"hidden": True}
    order = "oldest" if request is not None and request.GET.get("comments") == "oldest" else "newest"
    base = Comment.objects.for_target(target)
    replies = Prefetch(
        "replies",
        queryset=base.filter(visible_to(user)).select_related("author").order_by("created_at"),
        to_attr="visible_replies",
    )
    approved = (
        base.approved()
        .filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(replies)
        .order_by("created_at" if order == "oldest" else "-created_at")
    )
    page = Paginator(approved, PER_PAGE).get_page(request.GET.get("cpage") if request is not None else 1)
    comments = list(page.object_list) if page.paginator.count else []  # no second query for an empty list
    signed_in = bool(user and user.is_authenticated)
    own_pending = []
    if signed_in:
        own_pending = list(
            base.filter(author=user, status=Status.PENDING, parent__isnull=True).select_related("author")
        )
    now = timezone.now()
    editable_ids = set()
    limits = comment_settings() if signed_in or mode == CommentsMode.OPEN else None
    if signed_in:
        window = timezone.timedelta(minutes=limits.edit_window_minutes)
        shown = own_pending + comments + [reply for c in comments for reply in c.visible_replies]
        editable_ids = {
            c.pk
            for c in shown
            if c.author_id == user.pk and c.status in (Status.PENDING, Status.APPROVED) and now <= c.created_at + window
        }
    return {
        "editable_ids": editable_ids,
        "hidden": False,
        "request": request,
        "target": target,
        "target_key": f"{target._meta.app_label}.{target._meta.model_name}:{target.pk}",
        "open": mode == CommentsMode.OPEN,
        "signed_in": signed_in,
        "personal": personal,
        "user": user,
        "block": active_block(user) if signed_in else None,
        "page": page,
        "comments": comments,
        "order": order,
        "own_pending": own_pending,
        "now": now,
        "max_length": limits.max_length if limits else 0,
        "report_reasons": ReportReason.choices,
        "login_url": resolve_url(settings.LOGIN_URL),
        "next": request.get_full_path() if request is not None else "",
    }
