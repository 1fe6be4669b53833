from django_tasks import task


@task()
def drain_search_outbox():
    """Bring the index up to date with the outbox (enqueued after each change commits)."""
    from .sync import drain_all

    synced, failed = drain_all(max_seconds=30)
    return {"synced": synced, "failed": failed}
