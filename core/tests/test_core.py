import signal
import time

from django.core.management import call_command

import pytest

from core import heartbeat


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["parts"]["database"] == {"ok": True}


def test_healthz_says_when_the_task_worker_is_not_running(client, db, settings):
    """Tasks wait in the database queue; one that has waited past HEALTHZ_QUEUE_STALE_SECONDS means no db_worker."""
    import datetime

    from django.utils import timezone

    from django_tasks_db.models import DBTaskResult

    from accounts.password_reset import send_password_reset_emails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    heartbeat.beat()  # the scheduler is running (its own part, below)
    send_password_reset_emails.enqueue(form_class="x", email="a@example.com", domain="x", use_https=True)
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["parts"]["tasks"]["ok"] is True
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["failing"] == ["tasks"]
    assert body["parts"]["tasks"]["oldest_seconds"] >= 600


@pytest.mark.redis
def test_healthz_says_when_the_scheduler_is_not_running(client, db, settings):
    """Where the worker processes run (the database task backend), /healthz reads the scheduler's heartbeat in
    Redis: missing (no scheduler ever started) or older than HEALTHZ_QUEUE_STALE_SECONDS is failing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["failing"] == ["scheduler"]
    assert body["parts"]["scheduler"] == {"checked": True, "ok": False, "last_seconds": None}

    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        call_command("scheduler", once=True)  # one round of every job, then its heartbeat
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["parts"]["scheduler"]["ok"] is True and body["parts"]["scheduler"]["last_seconds"] <= 5

    settings.HEALTHZ_QUEUE_STALE_SECONDS = 120
    from django.core.cache import cache

    cache.set(heartbeat.KEY, time.time() - 121, timeout=None)  # a scheduler that stopped two minutes ago
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["failing"] == ["scheduler"] and body["parts"]["scheduler"]["last_seconds"] >= 121
    cache.set(heartbeat.KEY, "not a time", timeout=None)
    assert client.get("/healthz").json()["parts"]["scheduler"]["last_seconds"] is None


def test_healthz_does_not_look_for_a_scheduler_without_worker_processes(client, db):
    """Development and tests run tasks where they are enqueued (no db_worker, no scheduler): nothing to watch."""
    assert client.get("/healthz").json()["parts"]["scheduler"] == {"checked": False}


def test_healthz_says_when_the_search_outbox_is_not_drained(client, db, settings):
    import datetime

    from django.utils import timezone

    from search.models import PendingIndexUpdate

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: the engine part fails as well
    PendingIndexUpdate.objects.create(
        model="home.featurepage", object_id="1", created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    body = client.get("/healthz").json()
    assert set(body["failing"]) == {"search", "search_sync"}
    assert body["parts"]["search_sync"]["oldest_seconds"] >= 3600


def test_site_settings_show_in_the_footer(client, home_page):
    from wagtail.models import Site

    from core.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation = "荆江市总工会"
    settings.icp_number = "鄂ICP备12345678号"
    settings.save()
    html = client.get("/").content.decode()
    assert "荆江市总工会" in html
    assert "鄂ICP备12345678号" in html


def test_demo_pictures_are_deterministic():
    from core.demo import draw_picture

    assert draw_picture("同一个标题", "books", "red") == draw_picture("同一个标题", "books", "red")
    assert draw_picture("同一个标题", "books", "red") != draw_picture("另一个标题", "books", "red")


def test_fixed_choice_block_reads_stored_values_back_as_its_keys():
    from core.blocks import FixedChoiceBlock, HeadingBlock

    block = FixedChoiceBlock(choices=[(1, "一"), ("h2", "H2")])
    assert block.to_python("1") == 1 and block.to_python(1) == 1
    assert block.to_python("h2") == "h2" and block.to_python(None) is None
    assert block.to_python("gone") == "gone", "a value no longer offered is kept, as Wagtail's ChoiceBlock does"
    heading = HeadingBlock().to_python({"text": "一、进车间", "size": "h4"})
    assert heading["size"] == "h4"
    assert HeadingBlock().get_searchable_content(heading) == ["一、进车间"]
    # Migrations see a plain ChoiceBlock, so swapping the class needed none.
    assert HeadingBlock().child_blocks["size"].deconstruct()[0] == "wagtail.blocks.ChoiceBlock"


def test_health_check_answers_503_only_when_the_database_is_down(db):
    """A real gunicorn (production settings) whose database refuses connections: the health check says so."""
    import json
    import urllib.error
    import urllib.request

    from tests.servers import free_port, gunicorn

    no_database = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/none"}
    with gunicorn(workers=1, extra_env=no_database) as base:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + "/healthz", timeout=10)  # noqa: S310 - a local test server
        # Read while the server runs: it is killed (not stopped gracefully) when the block ends.
        body = json.loads(answer.value.read())
    assert answer.value.code == 503
    assert body["status"] == "down" and "database" in body["failing"]
