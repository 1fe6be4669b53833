"""``manage.py create_district_section 沙市区总工会``: a district's section of the news and its editors' group."""

from django.core.management.base import BaseCommand, CommandError

from accounts.districts import create_district_section


class Command(BaseCommand):
    help = "Create a district union's (县市区总工会) section under the news index, with a group for its editors."

    def add_arguments(self, parser):
        parser.add_argument("district", help="e.g. 沙市区总工会")
        parser.add_argument("--parent", type=int, help="the id of the news index to put it under (default: the first)")

    def handle(self, *args, district, parent, **options):
        from home.models import NewsIndexPage

        indexes = NewsIndexPage.objects.filter(depth=3)
        news = indexes.filter(pk=parent).first() if parent else indexes.order_by("path").first()
        if news is None:
            raise CommandError("No news index to put the section under.")
        section, group, created = create_district_section(district.strip(), news)
        verb = "Created" if created else "Found"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {section.title} ({section.url_path}); editors' group: {group.name}")
        )
