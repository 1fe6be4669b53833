"""Generate a year of records for the statistics dashboard's timing (stats/generate.py). Never on a real site."""

from django.core.management.base import BaseCommand, CommandError

from stats.generate import generate_year


class Command(BaseCommand):
    help = "Generate a year of campaign records (sessions, entries, votes, rooms, festivals, comments, searches)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2022)
        parser.add_argument("--sessions", type=int, default=2000)
        parser.add_argument("--entries", type=int, default=5000)
        parser.add_argument("--votes", type=int, default=500_000)
        parser.add_argument("--voters", type=int, default=2000)

    def handle(self, *args, **options):
        if not 2000 <= options["year"] <= 2100:
            raise CommandError("The year is between 2000 and 2100.")
        try:
            result = generate_year(
                options["year"],
                sessions=options["sessions"],
                entries=options["entries"],
                votes=options["votes"],
                voters=options["voters"],
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Generated the year {options['year']}: {result['valid_votes']} votes."))
