"""Django's makemessages, leaving out vendored minified libraries (``*.min.js``, such as the statistics' ECharts
in stats/static/stats/js/): their strings are theirs, not the site's to translate."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*(options.get("ignore_patterns") or []), "*.min.js"]
        return super().handle(*args, **options)
