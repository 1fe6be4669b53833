"""Run the site for development with demo content and working search: the second half of `./run.sh`.

Starts a local search engine (the osmem-server binary from PyPI, in memory) unless ELASTICSEARCH_URL names one,
prepares the database and the demo content, builds the search indexes (the site's and Wagtail's admin search),
then serves with `runserver`. Each step runs as its own `manage.py` process so that every step sees the same
environment as the server.
"""

import contextlib
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load demo content, index it and run the development server (the run command of the README)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=os.environ.get("ADDRPORT", "127.0.0.1:8000"))
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")

    def manage(self, *args, env):
        subprocess.run([sys.executable, "manage.py", *args], check=True, env=env, cwd=settings.BASE_DIR)  # noqa: S603

    def handle(self, *args, addrport, no_serve, **options):
        env = dict(os.environ)
        engine = None
        if not env.get("ELASTICSEARCH_URL"):
            engine = self.start_engine()
            env["ELASTICSEARCH_URL"] = engine.url
        try:
            self.manage("migrate", "--no-input", "-v0", env=env)
            self.manage("load_demo", env=env)
            self.stdout.write("Building the search indexes ...")
            self.manage("search_index", "rebuild", "--no-progress", env=env)
            self.manage("update_index", "-v0", env=env)  # Wagtail's admin search
            self.banner(addrport, env["ELASTICSEARCH_URL"], local_engine=engine is not None)
            if not no_serve:
                with contextlib.suppress(KeyboardInterrupt):
                    self.manage("runserver", addrport, env=env)
        finally:
            if engine is not None:
                engine.close()

    def start_engine(self):
        from osmem_server import OsmemServer

        self.stdout.write("Starting a local search engine (osmem-server) ...")
        return OsmemServer.start(japanese=False)

    def banner(self, addrport, engine_url, local_engine):
        from accounts.demo import describe

        url = f"http://{addrport}/"
        engine = f"{engine_url} (local, in memory)" if local_engine else engine_url
        lines = [
            "",
            "职工之家 (Workers' Home) is ready.",
            f"  Site:   {url}          English interface: {url}en/",
            f"  Admin:  {url}admin/",
            f"  Search: {url}search/?q=职工书屋   engine: {engine}",
            "  Demo logins (username / password):",
            *(f"    {line}" for line in describe()),
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
