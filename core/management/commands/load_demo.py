"""Load the demo content of every app, in order. Idempotent: a second run changes nothing."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo users, pages and pictures written from the union's 2022 work report (idempotent)."

    def handle(self, *args, **options):
        created_total = 0
        for dotted in settings.DEMO_LOADERS:
            module = import_module(dotted)
            with transaction.atomic():
                created = module.load(self.log) or 0
            created_total += created
            self.log(f"{dotted}: {created} created")
        if created_total == 0:
            self.stdout.write(self.style.SUCCESS("Demo content already loaded; nothing changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created_total} objects created."))

    def log(self, message):
        if self.verbosity >= 2 or not message.endswith(": 0 created"):
            self.stdout.write(f"  {message}")

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)
