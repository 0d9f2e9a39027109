"""Writes of the dossiers app: an upload, its confirmed column mapping (remembered per source), the import job,
and the plan targets fed by the indicators."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import jobs
from cchc.dossiers import engine
from cchc.dossiers.columns import check_mapping, propose
from cchc.dossiers.models import DossierImport, DossierSource, TargetLink
from cchc.org import access

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet")
# indicators a target may take its measurements from (1.4 needs the reporting system's counts, given to the CLI only)
LINKABLE = tuple(k for k in engine.INDICATORS if k != "1.4")


def data_dir() -> Path:
    return Path(settings.CCHC_DOSSIERS_DIR)


def memory_limit() -> str:
    """DuckDB's memory limit for an import (it spills to disk past it): a job runs inside the web process."""
    return str(getattr(settings, "CCHC_DOSSIERS_MEMORY_LIMIT", "2GB"))


def upload_max_bytes() -> int:
    return int(float(getattr(settings, "CCHC_DOSSIERS_MAX_UPLOAD_MB", 1024)) * 1024 * 1024)


def xlsx_inflate_limits() -> engine.InflateLimits:
    """How far a dossier .xlsx may inflate (settings ``CCHC_DOSSIERS_MAX_INFLATED_MB``,
    ``CCHC_DOSSIERS_MAX_INFLATE_RATIO``): larger than the documents' limit of ``core.intake``, which a real
    export of a year would break."""
    return engine.InflateLimits(
        float(getattr(settings, "CCHC_DOSSIERS_MAX_INFLATED_MB", engine.DEFAULT_MAX_INFLATED_MB)),
        float(getattr(settings, "CCHC_DOSSIERS_MAX_INFLATE_RATIO", engine.DEFAULT_MAX_INFLATE_RATIO)))


def upload_path(imp: DossierImport) -> Path:
    return data_dir() / "uploads" / imp.stored_name


def _source_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise engine.DossierError(_("Hãy nhập tên nguồn dữ liệu (hệ thống một cửa xuất tệp), ví dụ: motcua-tinh."))
    if len(name) > 100:
        raise engine.DossierError(_("Tên nguồn dữ liệu dài quá 100 ký tự."))
    return name


def source_get_or_create(name: str) -> DossierSource:
    return DossierSource.objects.get_or_create(name=_source_name(name))[0]


def source_mapping(name: str) -> dict[str, str]:
    """The mapping remembered for a source; the CLI on a data directory without a database reads the JSON file
    the engine keeps."""
    try:
        src = DossierSource.objects.filter(name=name).first()
    except DatabaseError:
        return engine.load_mapping(data_dir(), name)
    return dict(src.mapping) if src else engine.load_mapping(data_dir(), name)


def source_mapping_remember(name: str, mapping: dict[str, str], user=None) -> None:
    """Merge ``mapping`` ({header: canonical or ""}) into the source's remembered one."""
    from cchc.dossiers.columns import COLUMNS

    bad = sorted({v for v in mapping.values() if v and v not in COLUMNS})
    if bad:
        raise engine.DossierError(_("Tên cột chuẩn không có: %(unknown)s. Có: %(columns)s.")
                                  % {"unknown": ", ".join(bad), "columns": ", ".join(COLUMNS)})
    try:
        with transaction.atomic():
            src = DossierSource.objects.select_for_update().filter(pk=source_get_or_create(name).pk).get()
            src.mapping = {**src.mapping, **mapping}
            src.updated_by = user if user is not None and user.is_authenticated else None
            src.save()
    except DatabaseError:
        engine.save_mapping(data_dir(), name, {**engine.load_mapping(data_dir(), name), **mapping})


def dossier_import_upload(*, user, uploaded, source: str) -> DossierImport:
    """Keep the uploaded file, read its headers and first rows, and propose a mapping (the source's remembered
    one, else the Vietnamese headers recognised). Office only: the file holds every unit's dossiers."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới được nhập dữ liệu hồ sơ TTHC."))
    name = Path(uploaded.name or "").name or "tệp"
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise engine.DossierError(_("Tệp %(name)s: chỉ nhận CSV, XLSX hoặc Parquet.") % {"name": name})
    if not uploaded.size:  # DuckDB reads an empty file as one column named "column0": said here, not mapped
        raise engine.DossierError(_("Tệp %(name)s rỗng: không có dữ liệu để đọc.") % {"name": name})
    if uploaded.size > upload_max_bytes():
        raise engine.DossierError(_("Tệp %(name)s lớn quá %(max)s MB; hãy nhập bằng lệnh `cchc dossiers import` "
                                    "trên máy chủ.") % {"name": name, "max": upload_max_bytes() // 1024 // 1024})
    stored = f"{uuid.uuid4().hex}{suffix}"
    target = data_dir() / "uploads" / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with open(target, "wb") as fh:
        for chunk in uploaded.chunks():
            fh.write(chunk)
            size += len(chunk)
    try:
        headers, rows = engine.preview(target, name=name, limits=xlsx_inflate_limits())
    except Exception as exc:  # noqa: BLE001 - any unreadable file: said in Vietnamese, the copy removed
        target.unlink(missing_ok=True)
        if isinstance(exc, engine.DossierError):
            raise
        raise engine.DossierError(_("Tệp %(name)s: không đọc được dòng tiêu đề (%(error)s).")
                                  % {"name": name, "error": exc.__class__.__name__}) from None
    if not any(h.strip() for h in headers):
        target.unlink(missing_ok=True)
        raise engine.DossierError(_("Tệp %(name)s: dòng 1 phải là dòng tiêu đề cột.") % {"name": name})
    src = source_get_or_create(source)  # only once the file reads: a refused file records nothing
    return DossierImport.objects.create(source=src, filename=name, stored_name=stored, size=size, headers=headers,
                                        preview=rows, mapping=propose(headers, src.mapping), created_by=user)


def dossier_import_confirm(imp: DossierImport, *, user, mapping: dict[str, str], accept_valid: bool = False) -> DossierImport:
    """The user confirmed (or fixed) the mapping: remember it for the source, then import in the background."""
    access.require_office(user, _("Chỉ Phòng CCHC (Sở Nội vụ) mới được nhập dữ liệu hồ sơ TTHC."))
    mapping = {h: (mapping.get(h) or "") for h in imp.headers}
    problems = check_mapping(mapping)
    if problems:
        raise engine.DossierError(" ".join(problems))
    with transaction.atomic():
        imp = DossierImport.objects.select_for_update().get(pk=imp.pk)
        if imp.status not in (DossierImport.Status.MAPPING, DossierImport.Status.REFUSED):
            raise engine.DossierError(_("Lượt nhập này đã được xử lý."))
        source_mapping_remember(imp.source.name, mapping, user)
        imp.mapping, imp.accept_valid, imp.status = mapping, accept_valid, DossierImport.Status.QUEUED
        imp.error = ""
        imp.save()
    job = jobs.enqueue("dossiers.import", user=user, import_id=imp.pk)  # "inline" runs it here, after the commit
    DossierImport.objects.filter(pk=imp.pk).update(job=job)
    imp.refresh_from_db()
    return imp


def dossier_import_cancel(imp: DossierImport, *, user) -> None:
    access.require_office(user)
    if imp.status in (DossierImport.Status.MAPPING, DossierImport.Status.REFUSED):
        if imp.stored_name:
            upload_path(imp).unlink(missing_ok=True)
        imp.status = DossierImport.Status.CANCELLED
        imp.save()


def dossier_import_run(imp: DossierImport, *, progress=None) -> DossierImport:
    """The job: import the stored file with the confirmed mapping. Accepted → the copy is removed; refused (bad
    rows) → the copy is kept so that the user may import its valid rows; the report keeps the bad rows."""
    DossierImport.objects.filter(pk=imp.pk).update(status=DossierImport.Status.RUNNING)
    try:
        report = engine.import_file(data_dir(), upload_path(imp), name=imp.filename, source=imp.source.name,
                                    accept_valid=imp.accept_valid, mapping=imp.mapping, progress=progress,
                                    memory_limit=memory_limit(), limits=xlsx_inflate_limits())
    except Exception as exc:  # noqa: BLE001 - a DuckDB error on a broken file is the user's, said in Vietnamese
        msg = str(exc) if isinstance(exc, engine.DossierError) else \
            _("Tệp %(name)s: không nhập được (%(error)s).") % {"name": imp.filename,
                                                                "error": str(exc).splitlines()[0][:300]}
        DossierImport.objects.filter(pk=imp.pk).update(status=DossierImport.Status.FAILED, error=msg,
                                                       finished_at=timezone.now())
        upload_path(imp).unlink(missing_ok=True)
        raise jobs.JobError(msg) from None
    status = DossierImport.Status.DONE if report.accepted else DossierImport.Status.REFUSED
    imp.report, imp.status, imp.finished_at = report.as_dict(), status, timezone.now()
    imp.save(update_fields=["report", "status", "finished_at"])
    if report.accepted:
        upload_path(imp).unlink(missing_ok=True)
        from cchc.dossiers import feeds

        imp.report["measurements"] = feeds.after_import(report_months(imp), user=imp.created_by)
        DossierImport.objects.filter(pk=imp.pk).update(report=imp.report)
    return imp


def report_months(imp: DossierImport) -> list[str]:
    batch = imp.report.get("batch")
    for b in engine.load_manifest(data_dir())["batches"]:
        if b["id"] == batch:
            return b.get("months", [])
    return []


def dossier_import_cli(path, *, source: str, accept_valid: bool, extra_map: dict[str, str], user=None):
    """`cchc dossiers import FILE --source NAME`: the source's remembered mapping (plus --map, remembered too);
    recorded as an import when there is a database."""
    if extra_map:
        source_mapping_remember(source, extra_map, user)
    mapping = source_mapping(source)
    report = engine.import_file(data_dir(), path, source=source, accept_valid=accept_valid, mapping=mapping,
                                memory_limit=memory_limit(), limits=xlsx_inflate_limits())
    try:
        src = source_get_or_create(source)
        DossierImport.objects.create(
            source=src, filename=Path(path).name, size=Path(path).stat().st_size, mapping=mapping,
            accept_valid=accept_valid, report=report.as_dict(), created_by=user, finished_at=timezone.now(),
            status=DossierImport.Status.DONE if report.accepted else DossierImport.Status.REFUSED)
    except DatabaseError:
        return report  # a data directory used without a migrated database: the manifest is the record
    if report.accepted and user is not None:
        from cchc.core.audit import actor
        from cchc.dossiers import feeds

        months = next((b.get("months", []) for b in engine.load_manifest(data_dir())["batches"]
                       if b["id"] == report.batch_id), [])
        with actor(user):
            feeds.after_import(months, user=user)
    return report


# ---------------------------------------------------------------- plan targets fed by indicators


def link_save(*, user, target, indicator: str, period_kind: str = "year") -> TargetLink:
    from cchc.core.periods import KINDS

    access.require_office(user)
    if indicator not in LINKABLE:
        raise engine.DossierError(_("Chỉ số 766 không có: %(indicator)s.") % {"indicator": indicator})
    if period_kind not in KINDS:
        raise engine.DossierError(_("Loại kỳ không hợp lệ: %(kind)s.") % {"kind": period_kind})
    link, _created = TargetLink.objects.update_or_create(
        target=target, defaults={"indicator": indicator, "period_kind": period_kind, "created_by": user})
    return link


def link_delete(*, user, link: TargetLink) -> None:
    access.require_office(user)
    link.delete()
