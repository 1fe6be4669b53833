"""Helpers for data migrations that give the site's roles their permissions.

They only use the historical models passed in as ``apps``, so migrations that call them keep working as the
models change. Every domain app grants its own permissions in its own data migration with ``grant``.
"""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps, *app_labels):
    """Create the Permission rows of the given apps now (Django normally does it after all migrations)."""
    for label in app_labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def get_permissions(apps, codenames):
    """``["home.add_category", …]`` -> Permission rows; fails loudly on a misspelt name."""
    Permission = apps.get_model("auth.Permission")
    found = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant(apps, group_name, codenames):
    Group = apps.get_model("auth.Group")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*get_permissions(apps, codenames))
    return group
