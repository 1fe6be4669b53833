"""A worker's own part of a page's comments, for ``/accounts/me/``: their comments awaiting review (and those
they may still edit), rendered as the page lists them, and a block if a moderator blocked them.

The page itself is one cached copy for everyone (``comments.templatetags.comment_tags``); its script asks for
this with ``?target=<app.model:pk>`` and puts each comment in place. Two queries for a worker with no comment
on the target (their comments on it, an active block); the comment settings (site, settings) and the comments
to render only when they have some.
"""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone

from core.inputs import parse_int

from .models import Comment, ReportReason, Status
from .policy import active_block, comment_settings
from .views import COMMENTABLE


def parse_target(target_key):
    """``"app.model:pk"`` -> (content type, pk), or None; no query for the target itself."""
    label, _sep, pk = (target_key or "").partition(":")
    pk = parse_int(pk, minimum=1)
    if label not in COMMENTABLE or pk is None:
        return None
    app_label, model = label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model), pk  # cached by Django per process


def render_comment(request, comment, target_key, editable, max_length, next_url, block=None):
    context = {
        "comment": comment,
        "replies": None,
        "signed_in": True,
        "open": True,
        "block": block,
        "user": request.user,
        "editable_ids": {comment.pk} if editable else set(),
        "target_key": target_key,
        "next": next_url,
        "max_length": max_length,
        "report_reasons": ReportReason.choices,
    }
    return render_to_string("comments/comment.html", context, request=request)


def part(request):
    """The ``comments`` part: ``{"block": html or "", "own": [{"id", "parent", "status", "html"}]}``."""
    target_key = request.GET.get("target")
    parsed = parse_target(target_key)
    if parsed is None:
        return None
    content_type, pk = parsed
    user = request.user
    block = active_block(user)
    # Ids, states and times only (a cheap query to build and read); whole comments only for those to render.
    own = list(
        Comment.objects.filter(
            content_type=content_type, target_id=pk, author=user, status__in=[Status.PENDING, Status.APPROVED]
        )
        .order_by("-created_at")
        .values_list("pk", "parent_id", "status", "created_at")
    )
    if not own:
        return {"block": render_to_string("comments/block_notice.html", {"block": block}) if block else "", "own": []}
    now = timezone.now()
    limits = comment_settings()
    window = timezone.timedelta(minutes=limits.edit_window_minutes)
    editable = {cid for cid, _parent, _status, created_at in own if block is None and now <= created_at + window}
    shown = [cid for cid, _parent, status, _created in own if status == Status.PENDING or cid in editable]
    comments = Comment.objects.select_related("author").in_bulk(shown) if shown else {}
    next_url = request.GET.get("next", "")
    result = []
    for comment_id, parent_id, status, _created in own:
        html = ""
        if comment_id in comments:
            html = render_comment(
                request,
                comments[comment_id],
                target_key,
                comment_id in editable,
                limits.max_length,
                next_url,
                block=block,
            )
        result.append({"id": comment_id, "parent": parent_id, "status": status, "html": html})
    block_html = render_to_string("comments/block_notice.html", {"block": block}) if block else ""
    return {"block": block_html, "own": result}
