"""Background jobs of the plans app."""

from cchc.core import jobs
from cchc.plans.models import PlanImport


@jobs.task("plans.parse_import")
def parse_import(job, import_id: int):
    from cchc.plans.services import plan_import_parse

    imp = PlanImport.objects.filter(pk=import_id).first()
    if imp is None:
        raise jobs.JobError("Lượt nhập kế hoạch không còn tồn tại.")
    imp = plan_import_parse(imp, progress=job.progress)
    if imp.status == PlanImport.Status.FAILED:
        raise jobs.JobError(imp.error)
    return {"import_id": imp.pk, "rows": len(imp.rows)}
