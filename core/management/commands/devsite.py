"""Run the site for development with demo content and working search: the second half of `./run.sh`.

Starts a local search engine (the osmem-server binary from PyPI, in memory) unless ELASTICSEARCH_URL names one,
prepares the database (with a progress bar: a first run applies a few hundred migrations), builds the search
indexes, loads the demo content, then serves with `runserver`. Each step runs as its own `manage.py` process so
that every step sees the same environment as the server.

Everything this command starts ends with it. Each step runs in a process group of its own (runserver's
autoreloader is two processes), and Ctrl-C, SIGTERM or SIGHUP to this process end the step's whole group and the
search engine before it exits; otherwise a `kill` of ./run.sh would leave runserver serving with search dead.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

APPLYING = re.compile(r"^\s*Applying (\S+)\.\.\.")
MIGRATE_CHATTER = ("Operations to perform:", "Apply all migrations:", "Running migrations:")


class Stopped(Exception):
    """A signal asked this command to stop."""


def raise_stopped(signum, frame):
    raise Stopped(signal.Signals(signum).name)


class Command(BaseCommand):
    help = "Migrate, index, load demo content and run the development server (the run command of the README)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=os.environ.get("ADDRPORT", "127.0.0.1:8000"))
        parser.add_argument("--no-serve", action="store_true", help="prepare everything, then exit")

    def handle(self, *args, addrport, no_serve, **options):
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, raise_stopped)
        env = dict(os.environ)
        # The default site answers at the address served here (the migrate step applies SITE_URL, core/site_url.py).
        env["SITE_URL"] = env.get("SITE_URL") or f"http://{addrport}"
        # Steps before the server report through this command; their own INFO lines (a line per page created)
        # would bury the progress and the banner.
        quiet = {**env, "LOG_LEVEL": env.get("DEVSITE_LOG_LEVEL", "WARNING")}
        engine = None
        try:
            if not env.get("ELASTICSEARCH_URL"):
                engine = self.start_engine()
                env["ELASTICSEARCH_URL"] = quiet["ELASTICSEARCH_URL"] = engine.url
            self.migrate(quiet)
            # The index exists before the demo content is published into it, so its updates are indexed as they
            # come (an index built afterwards would leave them failing against a missing index first).
            self.stdout.write("Building the search indexes ...")
            self.manage("search_index", "rebuild", "--no-progress", env=quiet)
            self.manage("load_demo", env=quiet)
            self.manage("update_index", "-v0", env=quiet)  # Wagtail's admin search
            self.banner(addrport, env["ELASTICSEARCH_URL"], local_engine=engine is not None)
            if not no_serve:
                self.manage("runserver", addrport, env=env)
        except (KeyboardInterrupt, Stopped):
            self.stdout.write("Stopping ...")
        finally:
            if engine is not None:
                engine.close()

    # ---- child processes ------------------------------------------------------------------------------------

    def manage(self, *args, env, lines=None):
        """Run a manage.py command in a process group of its own and wait for it; the group ends with it, or
        with this command. ``lines``: a function that gets each line of the step's output instead of the console.
        """
        process = subprocess.Popen(  # noqa: S603 - our own manage.py with our own arguments
            [sys.executable, "manage.py", *args],
            env={**env, "PYTHONUNBUFFERED": "1"} if lines else env,
            cwd=settings.BASE_DIR,
            process_group=0,
            stdout=subprocess.PIPE if lines else None,
            text=True,
        )
        try:
            if lines:
                for line in process.stdout:
                    lines(line.rstrip("\n"))
            returncode = process.wait()
        finally:
            end_group(process)
        if returncode != 0:
            raise CommandError(f"manage.py {' '.join(args)} failed (exit status {returncode})")

    def migrate(self, env):
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        connection.close()
        if not plan:
            self.stdout.write("The database is up to date.")
            self.manage("migrate", "--no-input", "-v0", env=env)  # post-migrate steps (SITE_URL)
            return
        self.stdout.write(
            f"Preparing the database: {len(plan)} migrations to apply"
            + (" (a first run takes a minute or two) ..." if len(plan) > 50 else " ...")
        )
        from tqdm import tqdm

        with tqdm(total=len(plan), unit=" migrations", file=sys.stdout, dynamic_ncols=True) as bar:

            def progress(line):
                applying = APPLYING.match(line)
                if applying:
                    bar.set_postfix_str(applying.group(1), refresh=False)
                    bar.update(1)
                elif line.strip() and not line.strip().startswith(MIGRATE_CHATTER):
                    bar.write(line)

            self.manage("migrate", "--no-input", "-v1", env=env, lines=progress)

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
            "  Stop with Ctrl-C (or any kill of this process): the server and the search engine stop with it.",
            "",
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))


def end_group(process, grace=10):
    """End every process of ``process``'s group: SIGTERM, then SIGKILL for what is left after ``grace`` s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
