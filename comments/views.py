"""The public side of comments: post, reply, edit, delete and report. JSON for the page's script; without
JavaScript, a redirect to the target's comment page (``write``: uncached, with the message and a fresh token)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from core import visibility
from core.inputs import local_path, parse_int
from core.net import client_ip

from . import policy
from .models import Comment, ReportReason, Status

COMMENTABLE = {
    "home.featurepage",
    "campaigns.lecturetourpage",
    "campaigns.videocontestpage",
    "campaigns.readingroompage",
    "campaigns.festivalpage",
    "campaigns.videoentry",
}


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "") or (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def public_target(target_key):
    """``"app.model:pk"`` -> the live, public object, or 404."""
    label, _sep, pk = (target_key or "").partition(":")
    pk = parse_int(pk)
    if label not in COMMENTABLE or pk is None:
        raise Http404
    app_label, model = label.split(".")
    model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    target = get_object_or_404(model_class, pk=pk)
    public = visibility.page_is_public(target) if isinstance(target, Page) else getattr(target, "is_public", False)
    if not public:
        raise Http404
    return target


def back(request, fallback):
    return local_path(request, request.POST.get("next")) or (fallback or "/") + "#comments"


def target_key(target):
    return f"{target._meta.app_label}.{target._meta.model_name}:{target.pk}"


def write_url(target, next_url):
    """The comment page of a target (see ``write``), remembering the page the worker came from."""
    return f"{reverse('comments:write')}?{urlencode({'target': target_key(target), 'next': next_url})}"


def respond(request, ok, message, fallback, status=200, target=None, **data):
    """JSON for the page's script; otherwise the message on the target's comment page (uncached, personal), not on
    the cached page the form came from, which is the same for everyone."""
    if wants_json(request):
        return JsonResponse({"ok": ok, "message": str(message), **data}, status=status)
    (messages.success if ok else messages.error)(request, message)
    if target is not None:
        return redirect(write_url(target, back(request, fallback)))
    return redirect(back(request, fallback))


def refused(request, refusal, fallback, target=None):
    return respond(request, False, refusal.message, fallback, status=refusal.status, target=target, code=refusal.code)


@require_http_methods(["GET", "HEAD"])
@never_cache
def write(request):
    """The no-JavaScript way to comment from a cached page: "Write a comment" leads here (through the sign-in form
    for visitors). The target's comments as this worker sees them, with their pending ones, the edit, delete, reply
    and report forms and a fresh token, on a small uncached page."""
    target = public_target(request.GET.get("target"))
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    fallback = policy.target_url(target)
    back_url = local_path(request, request.GET.get("next")) or fallback + "#comments"
    title = getattr(target, "title", "")
    return render(request, "comments/write.html", {"target": target, "back_url": back_url, "title": title})


@require_POST
def post(request):
    target = public_target(request.POST.get("target"))
    fallback = policy.target_url(target)
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": "not_signed_in", "message": _("Please sign in to comment.")}, status=401
            )
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(fallback)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(Comment, pk=parse_int(request.POST["parent"]))
    try:
        comment = policy.post_comment(request.user, target, request.POST.get("body"), parent, client_ip(request))
    except policy.CommentRefused as refusal:
        return refused(request, refusal, fallback, target)
    if comment.status == Status.APPROVED:
        message = _("Thank you! Your comment is published.")
    else:
        message = _(
            "Thank you! Your comment is awaiting review (待审核) and only you can see it until a moderator approves it."
        )
    extra = {"html": rendered(request, comment, target)} if wants_json(request) else {}
    return respond(
        request, True, message, fallback, status=201, target=target, id=comment.pk, status_code=comment.status, **extra
    )


def rendered(request, comment, target):
    """The new comment as the page lists it (with its author's edit and delete forms), for the page's script to
    show at once: the author sees it in place, marked as awaiting review, without reloading."""
    context = {
        "comment": comment,
        "replies": None,
        "signed_in": True,
        "open": True,
        "block": None,
        "user": request.user,
        "editable_ids": {comment.pk},
        "target_key": f"{target._meta.app_label}.{target._meta.model_name}:{target.pk}",
        "next": back(request, policy.target_url(target)),
        "max_length": policy.comment_settings().max_length,
        "report_reasons": ReportReason.choices,
    }
    return render_to_string("comments/comment.html", context, request=request)


@login_required
@require_POST
def edit(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, author=request.user)
    try:
        comment = policy.edit_comment(request.user, comment, request.POST.get("body"))
    except policy.CommentRefused as refusal:
        return refused(request, refusal, comment.target_url, comment.target)
    message = (
        _("Your comment is updated.")
        if comment.status == Status.APPROVED
        else _("Your comment is updated and awaiting review (待审核).")
    )
    return respond(request, True, message, comment.target_url, target=comment.target, status_code=comment.status)


@login_required
@require_POST
def delete(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, author=request.user)
    try:
        policy.delete_comment(request.user, comment)
    except policy.CommentRefused as refusal:
        return refused(request, refusal, comment.target_url, comment.target)
    return respond(request, True, _("Your comment is deleted."), comment.target_url, target=comment.target)


@login_required
@require_POST
def report(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id)
    reason = request.POST.get("reason")
    if reason not in ReportReason.values:
        return respond(
            request,
            False,
            _("Please choose a reason."),
            comment.target_url,
            status=400,
            target=comment.target,
            code="reason",
        )
    try:
        policy.report_comment(request.user, comment, reason, request.POST.get("detail", ""))
    except policy.CommentRefused as refusal:
        return refused(request, refusal, comment.target_url, comment.target)
    return respond(
        request, True, _("Thank you. Moderators will look at this comment."), comment.target_url, target=comment.target
    )
