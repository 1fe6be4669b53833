"""The production topology on this machine: nginx in front of two app servers, every process supervised.

``./run.sh fleet`` (``manage.py fleet``) prepares the database (migrate, demo content) and the static files, writes
``var/fleet/nginx.conf`` from ``deploy/nginx.conf.template`` and ``var/fleet/Procfile`` from ``deploy/Procfile``
(``web`` twice, as ``web_a`` and ``web_b``), then becomes honcho running them: nginx on ``--port`` (8810), the app
servers on the next two ports, ``db_worker``, ``search_worker``, the scheduler and, unless ``ELASTICSEARCH_URL``
names one, a local search engine (osmem-server, in memory, on the port after; ``search_worker`` builds its
indexes within seconds). All of them use this machine's PostgreSQL and Redis (``DATABASE_URL``, ``REDIS_URL``:
both required, the point of a fleet is that its nodes share them) and the production settings, over plain HTTP.

Ctrl-C or SIGTERM stops every process (honcho ends each process group: gunicorn finishes the requests in progress,
nginx stops, the workers end their round); the search engine also ends with this process if it is killed.
An app server whose gunicorn exits is started again a second later (``deploy/keep-running``, as systemd's
``Restart=always``), which is how a rolling restart works here: ``kill -TERM $(cat var/fleet/web_a.pid)``.

``--pin`` (tests only) lets a request choose its app server with the header ``X-Fleet-Node: a`` or ``b``.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

NODES = ("a", "b")
# honcho, with more time between its SIGTERM and its SIGKILL than its 5 s: gunicorn lets requests in progress
# finish (graceful_timeout, deploy/gunicorn.conf.py) and the workers end their round, on a busy machine too.
HONCHO = (
    "import sys, honcho.command, honcho.manager; honcho.manager.KILL_WAIT = 25; sys.argv[0] = 'honcho'; "
    "honcho.command.main()"
)
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")


def deploy_dir():
    return Path(settings.BASE_DIR) / "deploy"


def render_nginx(*, listen, app_ports, prefix, static_root, media_root, pin=False, down=(), **limits):
    """``deploy/nginx.conf.template`` with its placeholders filled; app servers in ``down`` get no new requests."""
    values = {
        # Started as root, nginx would run its workers as nobody, who cannot read a private MEDIA_ROOT; the local
        # fleet keeps them as the user who runs it. (A real host: Debian's www-data, with MEDIA_ROOT readable by it.)
        "USER": "user root;" if os.geteuid() == 0 else "",
        "NGINX_WORKERS": "2",
        "PREFIX": str(prefix),
        "ACCESS_LOG": "off",
        "SIGNIN_RATE": "5r/s",
        "SIGNIN_BURST": "20",
        "VOTE_RATE": "10r/s",
        "VOTE_BURST": "100",
        "LISTEN": listen,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "MAX_BODY_MB": str(settings.MAX_REQUEST_BODY_MB),
        "ANON_BODY_KB": str(settings.MAX_ANONYMOUS_BODY_KB),
        "SUBMIT_BODY_MB": "2100",  # the largest video a contest may allow (2048 MB) and a poster
        "APP_SERVERS": "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s{' down' if node in down else ''};"
            for node, port in app_ports.items()
        ),
        "PIN_MAP": "",
        "PIN_UPSTREAMS": "",
        "PIN_HEADER": "",
    }
    if pin:
        values["PIN_HEADER"] = "        add_header X-Fleet-Upstream $upstream_addr always;"
        values["PIN_MAP"] = "\n".join(f"        {node} node_{node};" for node in app_ports)
        values["PIN_UPSTREAMS"] = "\n".join(
            f"    upstream node_{node} {{\n        server 127.0.0.1:{port};\n    }}" for node, port in app_ports.items()
        )
    values.update({key.upper(): str(value) for key, value in limits.items() if value is not None})
    text = (deploy_dir() / "nginx.conf.template").read_text()
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    if "@@" in text:
        raise CommandError("deploy/nginx.conf.template has a placeholder the fleet does not fill")
    return text


def procfile_entries():
    """The process types of ``deploy/Procfile``: {name: command}."""
    entries = {}
    for line in (deploy_dir() / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def render_procfile(*, app_ports, var, nginx_conf, engine_port=None):
    """The fleet's Procfile: deploy/Procfile's processes, with ``web`` once per node (restarted when it exits)."""
    entries = procfile_entries()
    web = entries.pop("web").removeprefix("exec ")
    python = sys.executable
    lines = [f"nginx: exec {NGINX} -p {var} -c {nginx_conf} -e stderr"]
    for node, port in app_ports.items():
        lines.append(
            f"web_{node}: export PORT={port} GUNICORN_PIDFILE={var}/web_{node}.pid; exec {deploy_dir()}/keep-running "
            + web.replace("gunicorn ", f"{python} -m gunicorn ", 1)
        )
    for name, command in entries.items():
        lines.append(f"{name}: " + command.replace("exec python ", f"exec {python} ", 1))
    if engine_port:
        from osmem_server import resolve_binary

        # The engine ends with honcho (this process, after exec) even if honcho is killed: --parent-pid.
        lines.append(
            f"engine: exec {resolve_binary()} --addr 127.0.0.1:{engine_port} --no-ja --no-stdin-watch"
            f" --parent-pid {os.getpid()}"
        )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Run the production topology here: nginx, two gunicorn app servers, the workers and the scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("FLEET_PORT", "8810")))
        parser.add_argument("--no-prepare", action="store_true", help="skip migrate, collectstatic and demo content")
        parser.add_argument("--no-demo", action="store_true", help="prepare without loading the demo content")
        parser.add_argument("--pin", action="store_true", help="tests: X-Fleet-Node: a|b picks the app server")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per app server")
        parser.add_argument("--signin-rate", help="nginx's limit per address on sign-in, e.g. 5r/s")
        parser.add_argument("--vote-rate", help="nginx's limit per address on votes, e.g. 10r/s")
        parser.add_argument("--var", default=None, help="where the fleet writes its files (default var/fleet)")
        parser.add_argument("--dry-run", action="store_true", help="write the files and print the Procfile only")
        parser.add_argument(
            "--restart",
            action="store_true",
            help="restart the app servers of the running fleet one by one, without losing a request",
        )
        parser.add_argument("--node", action="append", choices=NODES, help="with --restart: only this app server")

    def handle(self, *args, port, no_prepare, no_demo, pin, web_workers, signin_rate, vote_rate, var, dry_run, **opts):
        if opts["restart"]:
            var = Path(var or Path(settings.VAR_DIR) / "fleet").resolve()
            rolling_restart(var, self.stdout.write, nodes=opts["node"])
            return
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
            raise CommandError(
                "The fleet runs several processes on one database and one cache: set DATABASE_URL to PostgreSQL "
                "and REDIS_URL to Redis, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/union "
                "REDIS_URL=redis://127.0.0.1:6379/0 ./run.sh fleet"
            )
        if not Path(NGINX).exists():
            raise CommandError(f"nginx not found at {NGINX}: apt-get install nginx-light (or set NGINX)")
        var = Path(var or Path(settings.VAR_DIR) / "fleet").resolve()
        for sub in ("", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (var / sub).mkdir(parents=True, exist_ok=True)
        app_ports = {node: port + 1 + index for index, node in enumerate(NODES)}
        engine_port = None if os.environ.get("ELASTICSEARCH_URL") else port + 1 + len(NODES)
        env = self.environment(port, var, web_workers, engine_port)

        if not no_prepare and not dry_run:
            self.prepare(env, demo=not no_demo)
        nginx_conf = var / "nginx.conf"
        state = {
            "listen": f"127.0.0.1:{port}",
            "app_ports": app_ports,
            "prefix": str(var),
            "static_root": env["STATIC_ROOT"],
            "media_root": env["MEDIA_ROOT"],
            "pin": pin,
            "signin_rate": signin_rate,
            "vote_rate": vote_rate,
        }
        (var / "fleet.json").write_text(json.dumps(state))
        nginx_conf.write_text(render_nginx(**state))
        procfile = var / "Procfile"
        procfile.write_text(
            render_procfile(app_ports=app_ports, var=var, nginx_conf=nginx_conf, engine_port=engine_port)
        )
        if dry_run:
            self.stdout.write(procfile.read_text())
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"The fleet: http://127.0.0.1:{port}/ (nginx) in front of app servers "
                + ", ".join(f"{node} on :{p}" for node, p in app_ports.items())
                + f"; search engine {env['ELASTICSEARCH_URL']}. Stop with Ctrl-C."
            )
        )
        sys.stdout.flush()
        os.chdir(settings.BASE_DIR)
        (var / "empty.env").write_text("")  # honcho reads .env by default; the environment is this one
        arguments = ["start", "--no-colour", "-e", str(var / "empty.env"), "-f", str(procfile)]
        arguments += ["-d", str(settings.BASE_DIR)]
        os.execve(sys.executable, [sys.executable, "-c", HONCHO, *arguments], env)  # noqa: S606 - honcho, our arguments

    def environment(self, port, var, web_workers, engine_port):
        secret_file = var / "secret_key"
        if not os.environ.get("SECRET_KEY") and not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(50))
            secret_file.chmod(0o600)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "workershome.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secret_file.read_text().strip(),
            "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
            "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{port}"),
            "WAGTAILADMIN_BASE_URL": os.environ.get("WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{port}"),
            # Plain HTTP on this machine; a real host terminates TLS in nginx and keeps the production defaults.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": os.environ.get("SECURE_COOKIES", "0"),
            "SECURE_HSTS_SECONDS": os.environ.get("SECURE_HSTS_SECONDS", "0"),
            "TRUSTED_PROXY_COUNT": "1",  # nginx
            "SERVE_MEDIA": "0",  # nginx serves MEDIA_ROOT
            "MEDIA_ROOT": str(Path(os.environ.get("MEDIA_ROOT", settings.MEDIA_ROOT)).resolve()),
            "STATIC_ROOT": str(Path(os.environ.get("STATIC_ROOT", var / "static")).resolve()),
            "TASKS_BACKEND": "database",
            "WEB_CONCURRENCY": str(web_workers),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
        if engine_port:
            env["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{engine_port}"
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return env

    def prepare(self, env, demo):
        steps = [("migrate", "--no-input", "-v0"), ("collectstatic", "--no-input", "-v0")]
        if demo:
            steps.append(("load_demo",))
        quiet = {**env, "LOG_LEVEL": "WARNING"}
        for step in steps:
            self.stdout.write(f"manage.py {' '.join(step)} ...")
            result = subprocess.run([sys.executable, "manage.py", *step], cwd=settings.BASE_DIR, env=quiet)  # noqa: S603
            if result.returncode != 0:
                raise CommandError(f"manage.py {' '.join(step)} failed (exit status {result.returncode})")


# ---- rolling restart ----------------------------------------------------------------------------------------------


def rolling_restart(var, say=print, timeout=120, nodes=None):
    """Restart each app server of the running fleet in ``var`` in turn, without losing a request.

    For each node: nginx stops sending it new requests (the node marked ``down``, ``nginx -s reload``), and the
    requests it already has finish (nginx's old workers exit only when their requests are answered); then its
    gunicorn gets SIGTERM and ``deploy/keep-running`` starts a new one; once that answers ``/healthz``, nginx sends
    it requests again. The other node serves everything meanwhile. A bare SIGTERM to a loaded gunicorn instead
    drops the connections still waiting in its listen queue, which nginx answers 502 and cannot resend (a POST).
    """
    state = json.loads((var / "fleet.json").read_text())
    conf = var / "nginx.conf"
    for node, port in state["app_ports"].items():
        if nodes and node not in nodes:
            continue
        started = time.monotonic()
        conf.write_text(render_nginx(**state, down={node}))
        reload_nginx(var, conf, timeout)
        old = int((var / f"web_{node}.pid").read_text())
        os.kill(old, signal.SIGTERM)
        wait_until(lambda node=node, old=old: read_pid(var / f"web_{node}.pid") not in (None, old), timeout)
        wait_until(lambda port=port: healthy(f"http://127.0.0.1:{port}/healthz"), timeout)
        conf.write_text(render_nginx(**state))
        reload_nginx(var, conf, timeout)
        say(f"app server {node} restarted in {time.monotonic() - started:.1f} s")


def read_pid(path):
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return None


def healthy(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local address
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise CommandError("the fleet did not get there in time")
        time.sleep(0.1)


def nginx_workers(master):
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                workers.append(int(entry.name))
    return workers


def reload_nginx(var, conf, timeout):
    """``nginx -s reload``, returning once every worker of the old configuration has finished its requests."""
    master = read_pid(var / "nginx.pid")
    old = set(nginx_workers(master))
    subprocess.run([NGINX, "-p", str(var), "-c", str(conf), "-e", "stderr", "-s", "reload"], check=True)  # noqa: S603
    wait_until(lambda: not old & set(nginx_workers(master)), timeout)
