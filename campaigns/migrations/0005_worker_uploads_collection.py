"""Workers' uploads (entry posters) live in their own collection, 参赛作品封面, which is now private.

A collection view restriction (moderators and editors) is Wagtail's own mark of a private collection; the site's
rule of what is public (core.visibility) keeps the images filed there out of public listings and the API until
each is the poster of a public entry. Submissions have always filed posters there; this restricts the collection
where it exists already. Where it does not, campaigns.submissions.worker_uploads_collection makes it (private)
with the first submission, in its place in the collection tree.
"""

from django.db import migrations

NAME = "参赛作品封面"
GROUPS = ["审核员", "编辑"]  # accounts.roles.MODERATORS, EDITORS


def make_private(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")

    for collection in Collection.objects.filter(name=NAME, depth=2):
        if not CollectionViewRestriction.objects.filter(collection=collection).exists():
            restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type="groups")
            restriction.groups.set(Group.objects.filter(name__in=GROUPS))


def lift_restriction(apps, schema_editor):
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    CollectionViewRestriction.objects.filter(collection__name=NAME, collection__depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_festivalpage_comments_mode_and_more"),
        ("accounts", "0002_roles_and_publishing_workflow"),
        ("wagtailcore", "0039_collectionviewrestriction"),
    ]

    operations = [migrations.RunPython(make_private, lift_restriction)]
