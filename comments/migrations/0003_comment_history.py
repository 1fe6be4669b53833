from django.db import migrations


def mark_existing(apps, schema_editor):
    """Workers who already have comments or blocks (comments.signals keeps the flag from now on)."""
    User = apps.get_model("accounts", "User")
    Comment = apps.get_model("publiccomments", "Comment")
    CommentBlock = apps.get_model("publiccomments", "CommentBlock")
    authors = Comment.objects.values("author_id")
    blocked = CommentBlock.objects.values("user_id")
    User.objects.filter(pk__in=authors).update(has_comment_history=True)
    User.objects.filter(pk__in=blocked).update(has_comment_history=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_comment_history"),
        ("publiccomments", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(mark_existing, migrations.RunPython.noop)]
