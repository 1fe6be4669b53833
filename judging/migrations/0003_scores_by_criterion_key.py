"""Judges' points were stored under each criterion's name, so renaming a criterion lost its scores: store them
under the criterion's key instead (its row's id, or the fixed word of a default criterion; see
``campaigns.models.Criterion``). Points under a name the contest no longer has are left as they are."""

from django.db import migrations

# As in campaigns.models.contests at the time of this migration (a migration keeps its own copy).
DEFAULTS = {"主题": "theme", "创意": "creativity", "制作": "production", "感染力": "appeal"}


def contest_keys(apps, contest_id):
    """{name: key} of the contest's criteria as they are now."""
    rows = apps.get_model("campaigns", "ContestCriterion").objects.filter(contest_id=contest_id)
    own = {name: str(pk) for pk, name in rows.order_by("sort_order", "pk").values_list("pk", "name")}
    return own or dict(DEFAULTS)


def rekey(apps, forwards):
    Scorecard = apps.get_model("judging", "Scorecard")
    keys = {}
    for card in Scorecard.objects.order_by("pk").iterator():
        if card.contest_id not in keys:
            by_name = contest_keys(apps, card.contest_id)
            keys[card.contest_id] = by_name if forwards else {key: name for name, key in by_name.items()}
        mapping = keys[card.contest_id]
        points = {mapping.get(old, old): value for old, value in (card.points or {}).items()}
        if points != card.points:
            card.points = points
            card.save(update_fields=["points"])


def forwards(apps, schema_editor):
    rekey(apps, forwards=True)


def backwards(apps, schema_editor):
    rekey(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0008_judging_ballots_and_notice"),
        ("judging", "0002_judges_role_and_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
