from django.core.management.base import BaseCommand, CommandError

from voting.services import count_mismatches, repair_counts


class Command(BaseCommand):
    help = "Check that every entry's vote counter equals its number of valid votes (exit 1 if not)."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="set the counters from the votes")

    def handle(self, *args, repair=False, **options):
        mismatches = repair_counts() if repair else count_mismatches()
        for pk, counter, valid in mismatches:
            self.stdout.write(f"entry {pk}: counter {counter}, valid votes {valid}")
        if mismatches and not repair:
            raise CommandError(f"{len(mismatches)} entries have a vote counter that differs from their votes.")
        self.stdout.write(self.style.SUCCESS("Vote counters match the votes." if not repair else "Repaired."))
