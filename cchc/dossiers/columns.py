"""Canonical dossier columns (domain notes §3c) and the header variants one-stop systems export.

Pure module: no Django. A header is matched after NFC, lower case, trimmed and inner spaces collapsed, so
"Ngày tiếp nhận", "ngày  tiếp nhận " and "NGÀY TIẾP NHẬN" are one header.
"""

from __future__ import annotations

import re
import unicodedata

# canonical name -> (Vietnamese label used in messages, header variants)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dossier_id": ("mã hồ sơ", ("ma ho so", "mã hồ sơ", "số hồ sơ", "mã số hồ sơ", "ma_ho_so")),
    "unit_id": ("mã đơn vị", ("mã đơn vị", "ma don vi", "mã cơ quan", "đơn vị", "cơ quan giải quyết", "ma_don_vi")),
    "tthc_code": ("mã thủ tục", ("mã thủ tục", "mã tthc", "ma thu tuc", "mã thủ tục hành chính", "ma_tthc")),
    "channel": ("hình thức nộp", ("hình thức nộp", "kênh nộp", "hình thức tiếp nhận", "hinh thuc nop")),
    "received_at": ("ngày tiếp nhận", ("ngày tiếp nhận", "ngay tiep nhan", "thời gian tiếp nhận", "ngày nhận")),
    "due_at": ("ngày hẹn trả", ("ngày hẹn trả", "ngay hen tra", "hạn xử lý", "ngày hẹn trả kết quả")),
    "finished_at": ("ngày kết thúc", ("ngày kết thúc", "ngày hoàn thành", "ngày xử lý xong", "ngày trả kết quả",
                                        "ngay ket thuc")),
    "end_status": ("trạng thái", ("trạng thái", "tình trạng", "trạng thái hồ sơ", "trang thai")),
    "legal_days": ("thời hạn giải quyết (ngày)", ("thời hạn giải quyết", "số ngày giải quyết", "thời hạn (ngày)")),
    "supplement_requested_at": ("ngày yêu cầu bổ sung", ("ngày yêu cầu bổ sung", "yêu cầu bổ sung")),
    "supplement_completed_at": ("ngày bổ sung xong", ("ngày bổ sung xong", "ngày công dân bổ sung",
                                                      "ngày hoàn thành bổ sung")),
    "result_file_url": ("tệp kết quả điện tử", ("tệp kết quả điện tử", "kết quả điện tử", "file kết quả")),
    "tthc_requires_paper_result": ("TTHC trả kết quả giấy", ("tthc trả kết quả giấy", "có kết quả giấy",
                                                             "kết quả bản giấy")),
    "input_files_attached": ("thành phần hồ sơ số hóa", ("thành phần hồ sơ số hóa", "đã số hóa hồ sơ",
                                                       "số hóa thành phần")),
    "reused_digital_data": ("tái sử dụng dữ liệu số", ("tái sử dụng dữ liệu số", "tái sử dụng dữ liệu",
                                                      "sử dụng lại dữ liệu số hóa")),
    "from_personal_store": ("kho dữ liệu cá nhân", ("kho dữ liệu cá nhân", "lấy từ kho dữ liệu cá nhân")),
    "vneid_authenticated": ("xác thực VNeID / CSDL dân cư", ("xác thực vneid", "dùng csdl dân cư", "vneid")),
    "fee_amount": ("phí, lệ phí", ("phí, lệ phí", "lệ phí", "phí lệ phí", "số tiền phí")),
    "paid_online": ("thanh toán trực tuyến", ("thanh toán trực tuyến", "thanh toan truc tuyen", "ttt")),
    "rating": ("đánh giá", ("đánh giá", "mức độ hài lòng", "đánh giá hài lòng")),
    "has_complaint": ("có phản ánh, kiến nghị", ("có phản ánh, kiến nghị", "có pakn", "phản ánh kiến nghị")),
    "synced_to_dvcqg": ("đồng bộ Cổng DVCQG", ("đồng bộ cổng dvcqg", "đã đồng bộ", "đồng bộ dvcqg")),
}
REQUIRED = ("dossier_id", "unit_id", "received_at")


def header_key(value) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return re.sub(r"\s+", " ", text)


_LOOKUP: dict[str, str] = {}
for _name, (_label, _variants) in COLUMNS.items():
    _LOOKUP[_name] = _name
    for _v in _variants:
        _LOOKUP[header_key(_v)] = _name


def map_headers(headers: list[str], saved: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """``headers`` of a file -> ({canonical: header in the file}, [headers not used]). A saved mapping
    ({header in the file: canonical}) wins over the built-in variants."""
    saved = {header_key(k): v for k, v in (saved or {}).items()}
    found: dict[str, str] = {}
    unused: list[str] = []
    for h in headers:
        key = header_key(h)
        name = saved[key] if key in saved else _LOOKUP.get(key)
        if name in COLUMNS and name not in found:
            found[name] = h
        else:
            unused.append(h)
    return found, unused


def label(name: str) -> str:
    return f"{name} ({COLUMNS[name][0]})" if name in COLUMNS else name


def propose(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """{header: canonical or ""} for the mapping screen: what :func:`map_headers` would do with ``saved``."""
    found, _unused = map_headers(headers, saved)
    by_header = {h: c for c, h in found.items()}
    return {h: by_header.get(h, "") for h in headers}


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """Vietnamese problems of a confirmed mapping {header: canonical or ""}: unknown names, a column chosen for
    two headers, a required column missing."""
    problems = []
    used: dict[str, str] = {}
    for header, name in mapping.items():
        if not name:
            continue
        if name not in COLUMNS:
            problems.append(f'Cột "{header}": tên chuẩn "{name}" không có.')
        elif name in used:
            problems.append(f'Cột chuẩn {label(name)} được chọn cho cả "{used[name]}" và "{header}".')
        else:
            used[name] = header
    missing = [c for c in REQUIRED if c not in used]
    if missing:
        problems.append("Thiếu cột bắt buộc: " + ", ".join(label(c) for c in missing) + ".")
    return problems
