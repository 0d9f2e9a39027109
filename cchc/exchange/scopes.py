"""The exchange API's scopes (pure Python): what a client system may read or write. One table, used by the model's
validation, the endpoints, the office screen, the CLI and the OpenAPI descriptions."""

from __future__ import annotations

SCOPES: dict[str, str] = {
    "tasks:read": "Đọc tình hình thực hiện nhiệm vụ theo đơn vị và kỳ",
    "targets:read": "Đọc chỉ tiêu kế hoạch và số liệu đạt được",
    "measurements:write": "Gửi số liệu chỉ tiêu",
    "indicators:read": "Đọc chỉ số phục vụ người dân, doanh nghiệp (766) theo đơn vị",
    "index:read": "Đọc kết quả Chỉ số CCHC đã công bố",
    "reports:read": "Đọc tình trạng báo cáo",
}

WRITE_SCOPES = frozenset({"measurements:write"})


def clean_scopes(values) -> list[str]:
    """The known scopes among ``values`` (a list, or a text separated by commas or spaces), in table order;
    raises ValueError naming an unknown one."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    wanted = {str(v).strip() for v in values or () if str(v).strip()}
    unknown = sorted(wanted - SCOPES.keys())
    if unknown:
        raise ValueError(f"Phạm vi không hợp lệ: {', '.join(unknown)} (các phạm vi: {', '.join(SCOPES)}).")
    return [s for s in SCOPES if s in wanted]


def missing_message(scope: str) -> str:
    return (f"Khóa API của hệ thống này không có phạm vi “{scope}” ({SCOPES.get(scope, scope)}). "
            "Đề nghị Phòng CCHC cấp thêm phạm vi cho hệ thống kết nối.")
