"""A worker's own part of a page's comments, for ``/accounts/me/``: their comments awaiting review (and those
they may still edit), rendered as the page lists them, and a block if a moderator blocked them.

The page itself is one cached copy for everyone (``comments.templatetags.comment_tags``); its script asks for
this with ``?target=<app.model:pk>`` and puts each comment in place. No query for a worker who has never commented
nor been blocked (``User.has_comment_history``, read with the user's row); one for a worker with no comment on
the target and no block (their comments on it and their active blocks, one UNION); the block, the comment
settings (site, settings) and the comments to render only when they have some, whatever their number.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Value
from django.template.loader import render_to_string
from django.utils import timezone

from core.inputs import parse_int

from .models import Comment, CommentBlock, ReportReason, Status
from .policy import comment_settings
from .views import COMMENTABLE

BLOCK_ROW = "-block-"  # the status column of a block's row in the query below (no comment has it)


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
    if not user.has_comment_history:  # never commented nor blocked (comments.signals): nothing to look up
        return {"block": "", "own": []}
    # One query: the worker's comments on the target (ids, states and times, cheap to build and read) and their
    # active blocks, as one UNION; whole comments only for those to render, the block itself only if there is one.
    own_rows = (
        Comment.objects.filter(
            content_type=content_type, target_id=pk, author=user, status__in=[Status.PENDING, Status.APPROVED]
        )
        .order_by()
        .values_list("pk", "parent_id", "status", "created_at")
    )
    block_rows = (
        CommentBlock.objects.active()
        .filter(user=user)
        .order_by()
        .values_list(
            "pk", Value(None, output_field=IntegerField()), Value(BLOCK_ROW, output_field=CharField()), "created_at"
        )
    )
    rows = sorted(own_rows.union(block_rows, all=True), key=lambda row: row[3], reverse=True)
    blocks = [row[0] for row in rows if row[2] == BLOCK_ROW]
    own = [row for row in rows if row[2] != BLOCK_ROW]
    # The latest active block, as ``policy.active_block`` picks it.
    block = CommentBlock.objects.filter(pk=blocks[0]).first() if blocks else None
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
