"""District sections: each 县市区总工会 writes its own news in a section of the page tree.

``create_district_section("沙市区总工会", parent)`` makes (or finds) the section, a news index under the city's news
index, and the group of the district's editors (``沙市区总工会编辑``), with Wagtail's add and change permissions on
that section only and an image and document collection of their own (they may choose the city's shared pictures
too). Nothing is granted to publish: their pages go through the city's publishing workflow (三审, assigned to the tree
root). Run it from ``manage.py create_district_section`` or the demo loader.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from core.slugs import pinyin_slug

from . import roles

PAGE_PERMISSIONS = ["add_page", "change_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SHARED_PERMISSIONS = [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")]


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def create_district_section(district, parent, intro=""):
    """Returns ``(section page, editors group, created)``. Idempotent."""
    from home.models import NewsIndexPage

    section = NewsIndexPage.objects.child_of(parent).filter(title=district).first()
    created = section is None
    if created:
        section = NewsIndexPage(title=district, slug=pinyin_slug(district), intro=intro, show_in_menus=False)
        parent.add_child(instance=section)
        section.save_revision().publish(skip_permission_checks=True)

    group, _ = Group.objects.get_or_create(name=roles.district_editors(district))
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=section, permission=permission("wagtailcore", codename)
        )

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=district).first() or root.add_child(name=district)
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission(app_label, codename)
        )
    for app_label, codename in SHARED_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission(app_label, codename)
        )
    return section.specific, group, created
