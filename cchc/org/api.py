from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from cchc.core.api_params import limit_query, offset_query
from cchc.org import access, selectors
from cchc.org.models import OrgUnit

router = Router(tags=["org"])


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class ResolveIn(Schema):
    text: str = Field(..., description="tên cơ quan như viết trong văn bản, ví dụ «Sở TTTT»")
    province: str | None = Field(None, description="tỉnh (tên sau 01/7/2025 hoặc tỉnh cũ); mặc định: tỉnh của hệ thống")
    on: date | None = Field(None, description="ngày áp dụng (YYYY-MM-DD): tên cơ quan được hiểu theo bộ máy ngày đó")


class ResolveOut(Schema):
    input: str
    status: str = Field(..., description="unit | group | unresolved (không đoán khi độ tin cậy thấp)")
    units: list[dict] = Field(..., description="các đơn vị xác định được: {code, name}")
    group: str | None = Field(..., description="mã nhóm đơn vị (ví dụ districts) khi văn bản giao cho cả nhóm")
    confidence: float
    note: str = ""


@router.get("/units", response=list[UnitOut])
def list_units(request, kind: str | None = None, parent: str | None = None, on: date | None = None,
               limit: int = limit_query(200, 1000), offset: int = offset_query()):
    qs = access.scope_units(request.user, OrgUnit.objects.select_related("parent"), field="").active_on(on)
    if kind:
        qs = qs.filter(kind=kind)
    if parent:
        qs = qs.filter(parent__code=parent)
    return list(qs.order_by("path")[offset: offset + limit])


@router.get("/units/{code}", response=UnitOut)
def get_unit(request, code: str):
    qs = access.scope_units(request.user, OrgUnit.objects.select_related("parent"), field="")
    return get_object_or_404(qs, code=code)


@router.post("/resolve", response=ResolveOut)
def resolve(request, payload: ResolveIn):
    return selectors.agency_resolve(payload.text, province=payload.province, on=payload.on)
