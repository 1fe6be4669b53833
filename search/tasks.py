from django_tasks import task


@task()
def drain_search_outbox():
    """Bring the index up to date with the outbox (enqueued after each change commits); if that failed because
    an index is missing (the engine came back empty), recreate and refill it (search.repair)."""
    from .repair import repair_if_failed
    from .sync import drain_all

    synced, failed = drain_all(max_seconds=30)
    repaired = repair_if_failed(failed)
    if repaired and "error" not in repaired:
        more, failed = drain_all(max_seconds=30)
        synced += more
    return {"synced": synced, "failed": failed, "repaired": bool(repaired)}
