"""Background jobs of the plans app."""

from cchc.core import jobs
from cchc.plans.models import PlanImport


def _import_failed(job, message: str) -> None:
    """The parse job failed (an error, or crashed past its retries): the import fails with the job's message,
    which the upload screen shows; nothing of the file is kept."""
    import_id = (job.params or {}).get("import_id")
    PlanImport.objects.filter(pk=import_id, status=PlanImport.Status.PARSING).update(
        status=PlanImport.Status.FAILED, error_code="job_failed", error=message, content=b"")


@jobs.task("plans.parse_import", on_failure=_import_failed)
def parse_import(job, import_id: int):
    from cchc.plans.services import plan_import_parse

    imp = PlanImport.objects.filter(pk=import_id).first()
    if imp is None:
        raise jobs.JobError("Lượt nhập kế hoạch không còn tồn tại.")
    imp = plan_import_parse(imp, progress=job.progress)
    if imp.status == PlanImport.Status.FAILED:
        raise jobs.JobError(imp.error)
    return {"import_id": imp.pk, "rows": len(imp.rows)}
