from celery import shared_task


@shared_task(name="cchc.run_job")
def run_job_task(job_id: int) -> None:
    from cchc.core.jobs import run_job

    run_job(job_id)
