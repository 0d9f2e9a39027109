"""The inspection outline (đề cương kiểm tra) and coverage figures — pure Python.

An outline is a list of items ``{"code": "I.1", "area": "direction", "text": "…"}``. It is written as text, one item
per line, under headings that name the CCHC area ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"); the area of a heading is
found by ``cchc.plans.drafts.area_of`` (the one area vocabulary). The default outline below follows the structure
provinces use for the report each inspected unit prepares (one heading per CCHC area, the main duties under it);
the office edits it per plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc.core.vntext import clean_spaces, nfc
from cchc.plans.drafts import OTHER_AREA, area_of

DEFAULT_OUTLINE = """\
I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH
Ban hành và tổ chức thực hiện kế hoạch CCHC năm của đơn vị, bám sát nhiệm vụ, chỉ tiêu được giao
Theo dõi, đôn đốc, đánh giá tiến độ; thực hiện chế độ báo cáo CCHC định kỳ, đột xuất
Tuyên truyền CCHC; cập nhật, công khai thông tin CCHC trên trang thông tin điện tử
Tự kiểm tra CCHC và khắc phục tồn tại sau tự kiểm tra
Xây dựng, triển khai mô hình, giải pháp, sáng kiến CCHC
II. CẢI CÁCH THỂ CHẾ
Xây dựng, ban hành văn bản quy phạm pháp luật theo thẩm quyền
Kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật
III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
Rà soát, đơn giản hóa; công bố, công khai thủ tục hành chính
Thực hiện cơ chế một cửa, một cửa liên thông; giải quyết hồ sơ đúng hạn, xin lỗi khi trễ hạn
Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính
IV. CẢI CÁCH TỔ CHỨC BỘ MÁY
Rà soát chức năng, nhiệm vụ, quyền hạn; sắp xếp tổ chức bộ máy
Quản lý, sử dụng biên chế gắn với vị trí việc làm
V. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ
Bố trí cán bộ, công chức, viên chức theo vị trí việc làm
Đào tạo, bồi dưỡng cán bộ, công chức, viên chức; kết quả chỉ tiêu đào tạo
Chấp hành kỷ luật, kỷ cương hành chính
VI. CẢI CÁCH TÀI CHÍNH CÔNG
Giải ngân vốn ngân sách; cơ chế tự chủ tài chính
Quy chế chi tiêu nội bộ; quản lý, sử dụng tài sản công
VII. XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ
Kế hoạch chuyển đổi số; sử dụng nền tảng, hệ thống thông tin dùng chung
Sử dụng phần mềm quản lý văn bản và điều hành
Dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến, số hóa hồ sơ
"""

_HEADING_RE = re.compile(r"^\s*([IVXLC]+|[A-Z])\s*[.)]\s+(.+)$")
_ITEM_NUM_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*")


@dataclass
class OutlineError:
    line: int
    message: str


def parse_outline(text: str) -> tuple[list[dict], list[OutlineError]]:
    """Items of an outline written as text (see the module doc). Items before any heading are refused on their
    line; a heading without items is allowed (an area checked as a whole)."""
    items: list[dict] = []
    errors: list[OutlineError] = []
    heading, area, n = "", OTHER_AREA, 0
    for no, raw in enumerate(nfc(text or "").splitlines(), start=1):
        line = clean_spaces(raw)
        if not line:
            continue
        m = _HEADING_RE.match(line)
        if m and (m.group(2).upper() == m.group(2) or len(m.group(1)) > 1 or m.group(1) in "IVX"):
            heading, area, n = m.group(1), area_of(m.group(2)), 0
            continue
        if not heading:
            errors.append(OutlineError(no, f"Dòng {no}: nội dung «{line[:60]}» chưa thuộc lĩnh vực nào — thêm một "
                                           "dòng tiêu đề (ví dụ «I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH») phía trên."))
            continue
        n += 1
        items.append({"code": f"{heading}.{n}", "area": area, "text": _ITEM_NUM_RE.sub("", line, count=1)[:1000]})
    if not items and not errors:
        errors.append(OutlineError(0, "Đề cương kiểm tra chưa có nội dung nào."))
    return items, errors


def outline_text(items: list[dict]) -> str:
    """The text form of an outline (inverse of ``parse_outline`` up to numbering)."""
    from cchc.core.areas import LABELS as AREA_LABELS

    out, current, roman = [], None, 0
    for it in items:
        head = it["code"].split(".")[0]
        if head != current:
            current = head
            roman += 1
            out.append(f"{head}. {AREA_LABELS.get(it['area'], 'Khác').upper()}")
        out.append(it["text"])
    return "\n".join(out) + "\n"


@dataclass
class Coverage:
    kind: str
    label: str
    total: int
    inspected: int

    @property
    def share(self) -> float | None:
        return round(100.0 * self.inspected / self.total, 1) if self.total else None


def coverage_rows(totals: dict[str, tuple[str, int]], inspected: dict[str, int]) -> tuple[list[Coverage], Coverage]:
    """Per unit kind (label, number of units) and the number inspected: rows and the total row."""
    rows = [Coverage(k, label, n, inspected.get(k, 0)) for k, (label, n) in totals.items()]
    total = Coverage("", "Tổng cộng", sum(r.total for r in rows), sum(r.inspected for r in rows))
    return rows, total


def units_needed(total_units: int, target_share: float) -> int:
    """Units to inspect to reach ``target_share`` % (rounded up): 35 % of 34 units → 12."""
    import math

    return math.ceil(total_units * target_share / 100.0 - 1e-9) if total_units else 0
