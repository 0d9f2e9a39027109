"""Background job: the daily digest (``cchc notifications digest`` runs the same function in-process)."""

from cchc.core import jobs


@jobs.task("notifications.digest")
def digest_job(job):
    from cchc.notifications.services import digest_send

    return digest_send()
