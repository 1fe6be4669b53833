"""Replace Wagtail's placeholder "Welcome" page with the site's HomePage, so a fresh deployment has a home."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()  # its Site goes with it

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    taken = set(Page.objects.filter(depth=2).values_list("path", flat=True))
    number = 1
    while f"{root.path}{number:04d}" in taken:
        number += 1
    homepage = HomePage.objects.create(
        title="职工之家",
        draft_title="职工之家",
        slug="home",
        content_type=homepage_type,
        path=f"{root.path}{number:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
        hero_title="职工之家",
        hero_text="全市工会会员的网上家园：新闻资讯、宣讲活动、职工书屋、文体赛事和维权服务。",
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=homepage.pk, is_default_site=True, site_name="职工之家"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
