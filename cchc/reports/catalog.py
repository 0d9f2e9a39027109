"""The periodic CCHC report as the Ministry of Home Affairs asks for it (pure Python, no Django).

- :data:`OUTLINE`: sections I–V of the report (the outline of the yearly report a province actually issued, see
  ../shared/real-office/reports/ubnd-329): each leaf section has a key ("II.2"), a heading, whether the unit writes
  a narrative for it, and whether it exists at unit level too.
- :data:`FORMS`: the statistics annex, Biểu mẫu 1–7 (indicator, unit of measure), row codes as printed ("2.1.").
  A row key is ``"<form>:<code>"`` ("1:2.1"). Rows whose unit is "" are group headings.
- :func:`period_bounds`, :func:`period_label`: the four reporting periods of a year (quý I, 6 tháng, quý III, năm)
  under one of two rules (a province setting, ``CCHC_REPORT_PERIOD_RULE``): ``cutoff`` — the data cut-off dates of
  Nghị định 09/2019/NĐ-CP Điều 12 as the Bộ Nội vụ applies them to CCHC reports (quý I 15/12 of the year before to
  14/3, 6 tháng 15/12 to 14/6, quý III 15/6 to 14/9, năm 15/12 to 14/12; docs/decisions.md) — or ``calendar`` —
  1 January to the last day of the quarter/half/year ("lũy kế").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

Q1, H1, Q3, YEAR = "q1", "h1", "q3", "year"
PERIOD_KINDS = (Q1, H1, Q3, YEAR)
PERIOD_LABELS = {Q1: "quý I", H1: "6 tháng đầu năm", Q3: "quý III", YEAR: "năm"}
_END_MONTH = {Q1: 3, H1: 6, Q3: 9, YEAR: 12}
_END_DAY = {3: 31, 6: 30, 9: 30, 12: 31}

PROVINCE, UNIT = "province", "unit"


CUTOFF, CALENDAR = "cutoff", "calendar"
PERIOD_RULES = {CUTOFF: "Thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP (từ ngày 15 đến ngày 14)",
                CALENDAR: "Từ ngày 01/01 đến hết quý, 6 tháng, năm (lũy kế)"}


def period_bounds(kind: str, year: int, rule: str = CUTOFF) -> tuple[date, date]:
    """First and last day (both counted) of the figures of a report of ``kind`` for ``year``. With the cut-off
    rule the first day may lie in the year before (15 December); the last day is always in ``year``."""
    month = _END_MONTH[kind]
    if rule == CALENDAR:
        return date(year, 1, 1), date(year, month, _END_DAY[month])
    if rule != CUTOFF:
        raise ValueError(f"unknown period rule: {rule!r}")
    start = date(year, 6, 15) if kind == Q3 else date(year - 1, 12, 15)
    return start, date(year, month, 14)


# Days after a period's last day during which it is still the one being reported on (the units' reports, then the
# province's, are written in the weeks after the data cut-off).
REPORT_GRACE_DAYS = 20


def due_period(today: date, rule: str = CUTOFF) -> tuple[str, int]:
    """The period whose report is being written on ``today``: the first one (by last day) that ended at most
    REPORT_GRACE_DAYS ago or has not ended — 3/12/2026 → năm 2026, 20/3/2026 → quý I 2026, 5/1/2027 → quý I 2027."""
    for year in (today.year - 1, today.year, today.year + 1):
        for kind in PERIOD_KINDS:  # in order of their last day
            if period_bounds(kind, year, rule)[1] + timedelta(days=REPORT_GRACE_DAYS) >= today:
                return kind, year
    raise AssertionError("unreachable: next year's periods end after today")


def period_span_text(start: date, end: date) -> str:
    """ "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"."""
    return f"Số liệu tính từ ngày {_d(start)} đến ngày {_d(end)}"


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def period_label(kind: str, year: int) -> str:
    """ "quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
    return f"{PERIOD_LABELS[kind]} {year}" if kind == H1 else f"{PERIOD_LABELS[kind]} năm {year}" \
        if kind != YEAR else f"năm {year}"


def report_title(kind: str, year: int, subject: str = "") -> str:
    """The abstract (trích yếu) as the real report words it."""
    tail = f" của {subject}" if subject else ""
    if kind == YEAR:
        return (f"Công tác cải cách hành chính năm {year} và phương hướng, nhiệm vụ năm {year + 1}{tail}")
    nxt = {Q1: f"quý II năm {year}", H1: f"6 tháng cuối năm {year}", Q3: f"quý IV năm {year}"}[kind]
    return f"Công tác cải cách hành chính {period_label(kind, year)} và phương hướng, nhiệm vụ {nxt}{tail}"


@dataclass(frozen=True)
class Section:
    key: str                # "I.2", "II.4" (leaf) or "I" (part)
    heading: str
    narrative: bool = True  # the unit writes text for it
    province_only: bool = False


# Parts I–V and their numbered items (Công văn 4625/BNV-CCHC; the real yearly report follows it).
OUTLINE: tuple[tuple[str, str, tuple[Section, ...]], ...] = (
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", (
        Section("I.1", "Đánh giá về các hoạt động chỉ đạo, điều hành nổi bật đối với công tác CCHC"),
        Section("I.2", "Đánh giá, cập nhật tiến độ thực hiện Kế hoạch CCHC năm"),
        Section("I.3", "Về công tác kiểm tra CCHC"),
        Section("I.4", "Về công tác thông tin, tuyên truyền CCHC"),
        Section("I.5", "Về tổng hợp, cập nhật tiến độ, kết quả thực hiện các nhiệm vụ Chính phủ, Thủ tướng "
                       "Chính phủ giao", province_only=True),
        Section("I.6", "Về mô hình, sáng kiến, giải pháp mới trong CCHC"),
    )),
    ("II", "KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", (
        Section("II.1", "Cải cách thể chế"),
        Section("II.2", "Cải cách thủ tục hành chính (TTHC)"),
        Section("II.3", "Cải cách tổ chức bộ máy"),
        Section("II.4", "Cải cách chế độ công vụ"),
        Section("II.5", "Cải cách tài chính công"),
        Section("II.6", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    )),
    ("III", "ĐÁNH GIÁ CHUNG", (
        Section("III.1", "Mặt tích cực"),
        Section("III.2", "Những tồn tại, hạn chế, nguyên nhân"),
    )),
    ("IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH KỲ TỚI", (
        Section("IV.1", "Phương hướng, nhiệm vụ trọng tâm"),
    )),
    ("V", "ĐỀ XUẤT, KIẾN NGHỊ", (
        Section("V.1", "Đề xuất, kiến nghị"),
    )),
)

SECTIONS: dict[str, Section] = {s.key: s for _p, _h, items in OUTLINE for s in items}

def sections_for(level: str) -> list[Section]:
    return [s for s in SECTIONS.values() if level == PROVINCE or not s.province_only]


@dataclass(frozen=True)
class Row:
    form: int
    code: str       # as printed, without the trailing dot ("2.1")
    label: str
    unit: str       # "" → a group heading with no figure of its own
    summable: bool = True  # a count units' figures add up to (not a rate, not a yes/no)

    @property
    def key(self) -> str:
        return f"{self.form}:{self.code}"

    @property
    def is_heading(self) -> bool:
        return not self.unit


_P, _V, _NV, _TT, _HS, _CQ, _ND, _NG, _DV = ("%", "Văn bản", "Nhiệm vụ", "Thủ tục", "Hồ sơ", "Cơ quan, đơn vị",
                                             "Vấn đề", "Người", "Đơn vị")
_YES = "Có = 1; Không = 0"


def _rows(form, spec):
    out = []
    for code, label, unit in spec:
        out.append(Row(form, code, label, unit, summable=unit not in ("", _P, _YES, "Chưa = 0; Hoàn thành = 1",
                                                                       "Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2")))
    return out


FORM_TITLES = {
    1: "Công tác chỉ đạo điều hành CCHC",
    2: "Cải cách thể chế",
    3: "Cải cách thủ tục hành chính",
    4: "Cải cách tổ chức bộ máy",
    5: "Cải cách chế độ công vụ",
    6: "Cải cách tài chính công",
    7: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}

FORMS: dict[int, list[Row]] = {
    1: _rows(1, [
        ("1", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)", _V),
        ("2", "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)", _P),
        ("2.1", "Số nhiệm vụ đề ra trong kế hoạch", _NV),
        ("2.2", "Số nhiệm vụ đã hoàn thành", _NV),
        ("3", "Kiểm tra CCHC", ""),
        ("3.1", "Số sở, ngành đã kiểm tra", _CQ),
        ("3.2", "Số UBND cấp xã đã kiểm tra", _CQ),
        ("3.3", "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", _P),
        ("3.3.1", "Số vấn đề phát hiện qua kiểm tra", _ND),
        ("3.3.2", "Số vấn đề phát hiện đã xử lý xong", _ND),
        ("4", "Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", ""),
        ("4.1", "Tổng số nhiệm vụ được giao", _NV),
        ("4.1.1", "Số nhiệm vụ đã hoàn thành đúng hạn", _NV),
        ("4.1.2", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", _NV),
        ("4.1.3", "Số nhiệm vụ quá hạn nhưng chưa hoàn thành", _NV),
        ("5", "Khảo sát sự hài lòng của người dân, tổ chức", _YES),
        ("5.1", "Số lượng phiếu khảo sát", "Số lượng"),
        ("5.2", "Hình thức khảo sát", "Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2"),
        ("6", "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp", _YES),
    ]),
    2: _rows(2, [
        ("1", "Tổng số VBQPPL do địa phương ban hành", _V),
        ("1.1", "Số VBQPPL do cấp tỉnh ban hành", _V),
        ("1.2", "Số VBQPPL do cấp xã ban hành", _V),
        ("2", "Kiểm tra, xử lý VBQPPL", ""),
        ("2.1", "Số VBQPPL đã kiểm tra theo thẩm quyền của cấp tỉnh", _V),
        ("2.2", "Tỷ lệ xử lý VBQPPL sau kiểm tra", _P),
        ("2.2.1", "Tổng số VBQPPL cần phải xử lý sau kiểm tra", _V),
        ("2.2.2", "Số VBQPPL có kiến nghị xử lý đã được xử lý xong", _V),
        ("3", "Rà soát VBQPPL", ""),
        ("3.1", "Số VBQPPL đã rà soát thuộc thẩm quyền của cấp tỉnh", _V),
        ("3.2", "Tỷ lệ xử lý VBQPPL sau rà soát", _P),
        ("3.2.1", "Tổng số VBQPPL cần phải xử lý sau rà soát", _V),
        ("3.2.2", "Số VBQPPL có kiến nghị xử lý đã được xử lý xong", _V),
    ]),
    3: _rows(3, [
        ("1", "Thống kê TTHC", ""),
        ("1.1", "Số TTHC đã được phê duyệt phương án đơn giản hóa", _TT),
        ("1.2", "Số TTHC công bố mới", _TT),
        ("1.3", "Số TTHC bãi bỏ, thay thế", _TT),
        ("1.4", "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương", _TT),
        ("1.4.1", "Số TTHC cấp tỉnh", _TT),
        ("1.4.2", "Số TTHC cấp xã", _TT),
        ("1.4.3", "Số TTHC ngành dọc", _TT),
        ("2", "Thực hiện cơ chế một cửa, một cửa liên thông", ""),
        ("2.1", "Tỷ lệ TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa", _P),
        ("2.2", "Số TTHC đang thực hiện tiếp nhận và giải quyết không phụ thuộc vào địa giới hành chính", _TT),
        ("3", "Kết quả giải quyết TTHC", ""),
        ("3.1", "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn", _P),
        ("3.1.1", "Tổng số hồ sơ TTHC đã giải quyết xong", _HS),
        ("3.1.2", "Số hồ sơ TTHC giải quyết đúng hạn", _HS),
        ("3.2", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn", _P),
        ("3.2.1", "Tổng số hồ sơ TTHC đã giải quyết xong", _HS),
        ("3.2.2", "Số hồ sơ TTHC giải quyết đúng hạn", _HS),
        ("3.3", "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC", _P),
        ("3.3.1", "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)", "PAKN"),
        ("3.3.2", "Số PAKN đã giải quyết xong", "PAKN"),
    ]),
    4: _rows(4, [
        ("1", "Sắp xếp, kiện toàn tổ chức bộ máy", ""),
        ("1.1", "Tỷ lệ sở, ngành đã hoàn thành việc sắp xếp các phòng chuyên môn đáp ứng các tiêu chí theo quy "
                "định của Chính phủ", _P),
        ("1.2", "Tỷ lệ UBND cấp xã đã hoàn thành việc sắp xếp các phòng chuyên môn đáp ứng các tiêu chí theo quy "
                "định của Chính phủ", _P),
        ("1.3", "Số lượng các ban quản lý trực thuộc UBND cấp tỉnh", "Ban"),
        ("1.4", "Số tổ chức liên ngành do cấp tỉnh thành lập", "Tổ chức"),
        ("1.5", "Tổng số đơn vị sự nghiệp công lập (ĐVSNCL) tại địa phương", _CQ),
        ("1.5.1", "Số ĐVSNCL thuộc UBND tỉnh", _CQ),
        ("1.5.2", "Số ĐVSNCL thuộc sở, ngành và tương đương", _CQ),
        ("1.5.3", "Số ĐVSNCL thuộc UBND cấp xã", _CQ),
        ("2", "Số liệu về biên chế công chức", ""),
        ("2.1", "Tổng số biên chế được giao trong năm", _NG),
        ("2.2", "Tổng số biên chế có mặt tại thời điểm báo cáo", _NG),
        ("2.3", "Số hợp đồng lao động làm việc tại các cơ quan, tổ chức hành chính", _NG),
        ("2.4", "Số biên chế đã tinh giản trong kỳ báo cáo", _NG),
        ("3", "Số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập", ""),
        ("3.1", "Tổng số người làm việc được giao", _NG),
        ("3.2", "Tổng số người làm việc có mặt tại thời điểm báo cáo", _NG),
        ("3.3", "Số người đã tinh giản trong kỳ báo cáo", _NG),
        ("3.4", "Tỷ lệ % đã tinh giản so với năm 2015", _P),
    ]),
    5: _rows(5, [
        ("1", "Vị trí việc làm của công chức, viên chức", ""),
        ("1.1", "Số cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm theo quy định", _CQ),
        ("1.2", "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc làm theo quy định", _CQ),
        ("1.3", "Số cơ quan, tổ chức có vi phạm trong thực hiện vị trí việc làm phát hiện qua thanh tra", _CQ),
        ("2", "Tuyển dụng công chức, viên chức", ""),
        ("2.1", "Số công chức được tuyển dụng (thi tuyển, xét tuyển)", _NG),
        ("2.2", "Số viên chức được tuyển dụng (thi tuyển, xét tuyển)", _NG),
        ("3", "Số lượng lãnh đạo quản lý được tuyển chọn, bổ nhiệm thông qua thi tuyển (Lũy kế từ đầu năm)", _NG),
        ("4", "Số lượng cán bộ, công chức, viên chức bị kỷ luật (cả về Đảng và chính quyền)", _NG),
        ("4.1", "Số lãnh đạo cấp tỉnh bị kỷ luật", _NG),
        ("4.2", "Số lãnh đạo cấp sở, ngành và UBND cấp xã bị kỷ luật", _NG),
        ("4.3", "Số lãnh đạo cấp phòng thuộc sở, ngành và UBND cấp xã bị kỷ luật", _NG),
        ("4.4", "Số người làm việc hưởng lương từ NSNN tại các ĐVSNCL bị kỷ luật", _NG),
    ]),
    6: _rows(6, [
        ("1", "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công", _P),
        ("1.1", "Kế hoạch được giao", "Triệu đồng"),
        ("1.2", "Đã thực hiện", "Triệu đồng"),
        ("2", "Thực hiện tự chủ tài chính của đơn vị sự nghiệp (ĐVSN) tại địa phương (lũy kế đến thời điểm báo "
              "cáo)", _DV),
        ("2.1", "Tổng số ĐVSN công lập tại địa phương", _DV),
        ("2.2", "Số ĐVSN tự bảo đảm chi thường xuyên và chi đầu tư", _DV),
        ("2.3", "Số ĐVSN tự bảo đảm chi thường xuyên", _DV),
        ("2.4", "Số ĐVSN tự bảo đảm một phần chi thường xuyên", _DV),
        ("2.4.1", "Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên", _DV),
        ("2.4.2", "Số ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên", _DV),
        ("2.4.3", "Số ĐVSN tự bảo đảm từ 10% - dưới 30% chi thường xuyên", _DV),
        ("2.5", "Số ĐVSN do Nhà nước bảo đảm chi thường xuyên", _DV),
        ("2.6", "Số lượng ĐVSN đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)", _DV),
    ]),
    7: _rows(7, [
        ("1", "Cập nhật Kiến trúc chính quyền điện tử phiên bản mới nhất", "Chưa = 0; Hoàn thành = 1"),
        ("2", "Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia", _P),
        ("3", "Số liệu về trao đổi văn bản điện tử", ""),
        ("3.1", "Thực hiện kết nối, liên thông các Hệ thống quản lý văn bản điều hành từ cấp tỉnh đến cấp xã", ""),
        ("3.1.1", "Tỷ lệ sở, ngành đã kết nối, liên thông với UBND tỉnh", _P),
        ("3.1.2", "Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND tỉnh", _P),
        ("3.2", "Tỷ lệ sử dụng văn bản điện tử của địa phương (văn bản gửi hoàn toàn dưới dạng điện tử, có chữ ký "
                "số)", _P),
        ("3.2.1", "Tỷ lệ sử dụng văn bản điện tử của các sở, ban, ngành cấp tỉnh", _P),
        ("3.2.2", "Tỷ lệ sử dụng văn bản điện tử của UBND cấp xã", _P),
        ("4", "Cung cấp dịch vụ công trực tuyến (DVCTT)", ""),
        ("4.1", "Tỷ lệ DVCTT toàn trình đủ điều kiện", _P),
        ("4.1.1", "Tổng số DVC đủ điều kiện lên trực tuyến toàn trình", _TT),
        ("4.1.2", "Số lượng DVCTT toàn trình", _TT),
        ("4.2", "Tỷ lệ DVC có phát sinh hồ sơ nộp trực tuyến (toàn trình + một phần)", _P),
        ("4.2.1", "Tổng số DVCTT có phát sinh hồ sơ (trực tuyến hoặc trực tiếp hoặc cả 2 hình thức)", _TT),
        ("4.2.2", "Số DVCTT có phát sinh hồ sơ trực tuyến", _TT),
        ("4.3", "Tỷ lệ hồ sơ trực tuyến toàn trình", _P),
        ("4.3.1", "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)", _HS),
        ("4.3.2", "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình", _HS),
        ("4.4", "Tỷ lệ hồ sơ trực tuyến một phần", _P),
        ("4.4.1", "Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực tiếp)", _HS),
        ("4.4.2", "Số hồ sơ nộp trực tuyến của các DVCTT một phần", _HS),
        ("4.5", "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến", _P),
        ("4.5.1", "Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, lệ phí)", _TT),
        ("4.5.2", "Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia", _TT),
    ]),
}
ROWS: dict[str, Row] = {r.key: r for rows in FORMS.values() for r in rows}

# Rates the annex computes from two counts of the same form (rate key → numerator key, denominator key).
RATES = {"1:2": ("1:2.2", "1:2.1"), "1:3.3": ("1:3.3.2", "1:3.3.1"), "3:3.1": ("3:3.1.2", "3:3.1.1"),
         "3:3.2": ("3:3.2.2", "3:3.2.1"), "3:3.3": ("3:3.3.2", "3:3.3.1"), "2:2.2": ("2:2.2.2", "2:2.2.1"),
         "2:3.2": ("2:3.2.2", "2:3.2.1"), "6:1": ("6:1.2", "6:1.1"), "7:4.1": ("7:4.1.2", "7:4.1.1"),
         "7:4.2": ("7:4.2.2", "7:4.2.1"), "7:4.3": ("7:4.3.2", "7:4.3.1"), "7:4.4": ("7:4.4.2", "7:4.4.1"),
         "7:4.5": ("7:4.5.2", "7:4.5.1")}

NO_DATA = "Số liệu chưa có trên hệ thống"


def fmt_number(value) -> str:
    """Vietnamese number: 1.234 thousands, 99,1 decimals (at most 2), "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def annex_values(rows: dict[str, dict], manual: dict[str, dict] | None = None) -> dict[str, dict]:
    """Every annex row's value: from data (``rows``), else typed in by the unit (``manual``), rates computed from
    their two counts when both are known; ``{"value", "note", "source": "data"|"manual"|"computed"|""}``."""
    manual = manual or {}
    out: dict[str, dict] = {}
    for key, row in ROWS.items():
        if row.is_heading:
            continue
        got = rows.get(key)
        if got is not None and got.get("value") is not None:
            out[key] = {"value": got["value"], "note": got.get("note", ""), "source": "data"}
        elif key in manual and str(manual[key].get("value", "")).strip() != "":
            out[key] = {"value": manual[key]["value"], "note": manual[key].get("note", ""), "source": "manual"}
    for key, (num, den) in RATES.items():
        if key in out and out[key]["source"] == "data":
            continue
        n, d = out.get(num), out.get(den)
        try:
            nv, dv = float(n["value"]), float(d["value"])
        except (TypeError, ValueError, KeyError):
            continue
        if dv:
            out[key] = {"value": round(nv * 100 / dv, 2), "note": f"= ({num.split(':')[1]}) / ({den.split(':')[1]})",
                        "source": "computed"}
    return out


def blank_rows(values: dict[str, dict]) -> list[Row]:
    """The annex rows with no figure: what the report lists under "Số liệu chưa có trên hệ thống"."""
    return [r for r in ROWS.values() if not r.is_heading and r.key not in values]
