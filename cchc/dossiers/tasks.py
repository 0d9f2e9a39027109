"""Background job of the dossiers app: the import of a confirmed upload (a large export takes minutes)."""

from cchc.core import jobs
from cchc.dossiers.models import DossierImport


def _import_failed(job, message: str) -> None:
    """The job failed (an error, or crashed past its retries): the import fails with the job's message."""
    import_id = (job.params or {}).get("import_id")
    DossierImport.objects.filter(pk=import_id, status__in=[DossierImport.Status.QUEUED,
                                                           DossierImport.Status.RUNNING]).update(
        status=DossierImport.Status.FAILED, error=message)


@jobs.task("dossiers.import", on_failure=_import_failed)
def run_import(job, import_id: int):
    from cchc.dossiers.services import dossier_import_run

    imp = DossierImport.objects.select_related("source", "created_by").filter(pk=import_id).first()
    if imp is None:
        raise jobs.JobError("Lượt nhập hồ sơ không còn tồn tại.")
    imp = dossier_import_run(imp, progress=job.progress)
    return {"import_id": imp.pk, "status": imp.status, "rows_imported": imp.report.get("rows_imported", 0),
            "refused_count": imp.report.get("refused_count", 0)}
