"""Run the site for development with demo content: the second half of `./run.sh`.

Prepares the database and demo content, then serves with `runserver`. Each step runs as its own
`manage.py` process so that every step sees the same environment the server will.
"""

import contextlib
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load demo content and run the development server (the run command of the README)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=os.environ.get("ADDRPORT", "127.0.0.1:8000"))
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")

    def manage(self, *args, env):
        subprocess.run([sys.executable, "manage.py", *args], check=True, env=env, cwd=settings.BASE_DIR)  # noqa: S603

    def handle(self, *args, addrport, no_serve, **options):
        env = dict(os.environ)
        self.manage("migrate", "--no-input", "-v0", env=env)
        self.manage("load_demo", env=env)
        self.banner(addrport)
        if no_serve:
            return
        with contextlib.suppress(KeyboardInterrupt):
            self.manage("runserver", addrport, env=env)

    def banner(self, addrport):
        from accounts.demo import describe

        url = f"http://{addrport}/"
        lines = [
            "",
            "职工之家 (Workers' Home) is ready.",
            f"  Site:   {url}          English interface: {url}en/",
            f"  Admin:  {url}admin/",
            "  Demo logins (username / password):",
            *(f"    {line}" for line in describe()),
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
