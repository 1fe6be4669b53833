"""一键下线 from the command line: ``manage.py take_down page 42 --user moderator --reason "…"``.

Runs ``core.takedown.TakeDown`` as the named staff member, so the permission, the audit log, the cache and CDN purge
and the search update are the same as the admin's button.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.takedown import TakeDown


def find(kind, pk):
    from wagtail.models import Page

    from campaigns.models import VideoEntry
    from comments.models import Comment

    model = {"page": Page, "entry": VideoEntry, "comment": Comment}[kind]
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise CommandError(f"No {kind} with id {pk}.")
    return instance


class Command(BaseCommand):
    help = "Take a page (with the pages below it), a video entry or a comment off the site at once, with a reason."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["page", "entry", "comment"])
        parser.add_argument("id", type=int)
        parser.add_argument("--user", required=True, help="the username of the moderator who decides")
        parser.add_argument("--reason", required=True, help="kept in the audit log")

    def handle(self, *args, kind, id, user, reason, **options):
        staff = get_user_model().objects.filter(username=user, is_active=True).first()
        if staff is None:
            raise CommandError(f"No active user {user!r}.")
        instance = find(kind, id)
        try:
            TakeDown(instance, user=staff, reason=reason).execute()
        except PermissionDenied as error:
            raise CommandError(f"{user} may not take this {kind} down.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{kind} {id} taken down."))
