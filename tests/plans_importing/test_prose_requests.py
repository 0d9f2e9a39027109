"""Prose tasks, session 21: requests in a report's "Đề xuất, kiến nghị" part, a directive's bracketed points
("(1) Bộ X:") with hyphen and plus items, heads of agencies as leads, a lead-in sentence that ends with the addressee,
a footnote between a lead line and its first item, and the time phrase without "hoàn thành". Own fixtures, in the
style of provincial reports and national directives."""

from __future__ import annotations

from cchc.plans.importing import parse_text
from cchc.plans.importing.prose import group_deadline
from tests.plans_importing.test_prose_lead_groups import _rows

REPORT = (
    "SỞ NỘI VỤ\nTỈNH AN LẠC\nSố: 190/BC-SNV\n\n"
    "BÁO CÁO\nKết quả thí điểm các mô hình cải cách hành chính\n\n"
    "I. KẾT QUẢ THỰC HIỆN\n"
    "1. Kết quả chung\n"
    "a) Đối với cấp tỉnh:\n"  # a heading of the results, no lead line
    "- Có 12/14 cơ quan hoàn thành thí điểm.\n"
    "IV. ĐỀ XUẤT, KIẾN NGHỊ\n"  # the heading, then a paragraph with no blank line between (a PDF's text)
    "Trên cơ sở kết quả thí điểm, Sở Nội vụ kiến nghị Chủ tịch UBND tỉnh như sau:\n"
    "Thống nhất kết thúc thí điểm, theo đó, yêu cầu:\n"
    "1. Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường:\n"
    "a) Chủ động nhân rộng các mô hình cải cách hành chính phù hợp, đưa vào Kế hoạch CCHC hằng năm của cơ quan.\n"
    "b) Tập trung thực hiện Quyết định số 14/QĐ-UBND của Chủ tịch UBND tỉnh.\n"
    "2. Giao Văn phòng UBND tỉnh:\n"
    "4\n"
    " Một số chi nhánh đã cử viên chức làm việc tại Trung tâm Phục vụ hành chính công.\n"  # a footnote
    "a) Khẩn trương hoàn thành việc công khai thủ tục hành chính bằng mã QR, hoàn thành trước ngày\n"
    "30/11/2026.\n"
    "b) Hướng dẫn, kiểm tra các cơ quan thực hiện Quyết định số 14/QĐ-UBND.\n"
    "3. Các sở, ngành, địa phương cần bám sát Bộ tiêu chí để khắc phục hạn chế.\n"
    "4. Sở Tư pháp tiếp tục phối hợp các cơ quan liên quan rà soát văn bản quy phạm pháp luật.\n"
    "Sở Nội vụ báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo./.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
)


def test_the_requests_of_a_report_are_tasks_and_its_results_are_not():
    rows = _rows(parse_text(REPORT))
    heads = ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường"]
    assert rows == [
        # a line of names alone addresses each of them: all lead; "Kế hoạch CCHC hằng năm" is no periodicity
        ("a", "Chủ động nhân rộng", heads, [], None),
        ("b", "Tập trung thực hiện", heads, [], None),
        # the footnote between the lead line and its first item is passed over; "hoàn thành" is not the time phrase
        ("a", "Khẩn trương hoàn thành", ["Văn phòng UBND tỉnh"], [], "trước ngày 30/11/2026"),
        ("b", "Hướng dẫn, kiểm tra", ["Văn phòng UBND tỉnh"], [], None),
        # numbered requests whose subject is the agency ("cần", "tiếp tục phối hợp X …" — X a partner)
        ("3", "Cần bám sát Bộ", ["Các sở, ngành, địa phương"], [], None),
        ("4", "Tiếp tục phối hợp", ["Sở Tư pháp"], ["các cơ quan liên quan"], None),
    ]


def test_requests_are_read_only_under_a_request_heading_in_capitals():
    text = REPORT.replace("IV. ĐỀ XUẤT, KIẾN NGHỊ\n", "IV. Đề xuất một số giải pháp trong thời gian tới\n")
    titles = [r[1] for r in _rows(parse_text(text))]
    # the "Giao …:" lead line still leads anywhere; names alone and subject sentences need the section
    assert titles == ["Khẩn trương hoàn thành", "Hướng dẫn, kiểm tra"]


COUNCIL = (
    "HỘI ĐỒNG THẨM ĐỊNH\nSố: 40/BC-HĐTĐ\n\nBÁO CÁO\nKết quả thẩm định Chỉ số cải cách hành chính năm 2026\n\n"
    "V. ĐỀ XUẤT KIẾN NGHỊ ĐỐI VỚI UBND TỈNH\n"
    "Căn cứ kết quả thẩm định, Hội đồng thẩm định báo cáo, đề xuất Chủ tịch UBND tỉnh:\n"
    "1. Xem xét, ban hành Quyết định công bố Chỉ số cải cách hành chính năm 2026.\n"
    "2. Chỉ đạo Sở Nội vụ:\n"
    "a) Hướng dẫn các cơ quan khắc phục tồn tại, hạn chế.\n"
    "b) Theo dõi, kiểm tra các cơ quan thực hiện các giải pháp.\n"
    "Trên đây là kết quả thẩm định./.\n"
)


def test_a_lead_in_sentence_ending_with_the_addressee_leads_the_numbered_items():
    assert _rows(parse_text(COUNCIL)) == [
        ("1", "Xem xét, ban hành", ["Chủ tịch UBND tỉnh"], [], None),
        ("a", "Hướng dẫn các cơ", ["Sở Nội vụ"], [], None),
        ("b", "Theo dõi, kiểm tra", ["Sở Nội vụ"], [], None),
    ]


DIRECTIVE = (
    "THỦ TƯỚNG CHÍNH PHỦ\nSố: 30/CT-TTg\n\nCHỈ THỊ\nVề đẩy mạnh sử dụng dữ liệu dân cư\n\n"
    "Thủ tướng Chính phủ yêu cầu như sau:\n\n"
    "**(1) Bộ Công an:**\n\n"
    "- Chủ trì, phối hợp với Bộ Xây dựng, Bộ Tài chính **triển khai xác thực sinh trắc học tại các nhà ga**, "
    "hoàn thành trong tháng 10 năm 2026.\n\n"
    "- Nâng cấp ứng dụng định danh điện tử, thực hiện thường xuyên.\n\n"
    "**(2) Bộ Tài chính:**\n\n"
    "- Đôn đốc các đơn vị trực thuộc triển khai, hoàn thành trước ngày 15 tháng 9 năm 2026.\n\n"
    "**- Chỉ đạo Tổng công ty Cảng hàng không Việt Nam:**\n\n"
    "+ Hoàn tất mua sắm trang thiết bị trước ngày 30 tháng 10 năm 2026.\n\n"
    "+ Từ ngày 01 tháng 12 năm 2026, chỉ làm thủ tục tại quầy cho hành khách chưa có định danh điện tử.\n\n"
    "**(3) Đối với các bộ, ngành, Ủy ban nhân dân các tỉnh, thành phố:**\n\n"
    "- Rà soát thủ tục hành chính đã tích hợp giấy tờ điện tử, hoàn thành trong tháng 9 năm 2026 (Phụ lục I, II "
    "kèm theo).\n\n"
    "**(4)** Ủy ban nhân dân thành phố Hà Nội chủ trì, phối hợp với Bộ Công an, Bộ Xây dựng bố trí ngân sách cho "
    "hạ tầng, hoàn thành trong tháng 12 năm 2026.\n\n"
    "**(5) Các bộ, ngành chủ trì, phối hợp với Văn phòng Chính phủ** công bố hàng tháng danh mục giấy tờ đã tích "
    "hợp.\n"
)


def test_the_bracketed_points_of_a_directive_lead_their_hyphen_and_plus_items():
    rows = _rows(parse_text(DIRECTIVE))
    assert rows == [
        ("1", "Chủ trì, phối hợp", ["Bộ Công an"], ["Bộ Xây dựng", "Bộ Tài chính"], "trong tháng 10 năm 2026"),
        ("1", "Nâng cấp ứng dụng", ["Bộ Công an"], [], None),
        ("2", "Đôn đốc các đơn", ["Bộ Tài chính"], [], "trước ngày 15 tháng 9 năm 2026"),
        # "- Chỉ đạo <body>:" under point (2): its "+" items are that body's tasks, numbered as the point above
        ("2", "Hoàn tất mua sắm", ["Tổng công ty Cảng hàng không Việt Nam"], [], "trước ngày 30 tháng 10 năm 2026"),
        ("2", "Từ ngày 01 tháng", ["Tổng công ty Cảng hàng không Việt Nam"], [], "Từ ngày 01 tháng 12 năm 2026"),
        # "Đối với A, B:" addresses each: all lead; the bracketed annex note is no part of the time phrase
        ("3", "Rà soát thủ tục", ["các bộ, ngành", "Ủy ban nhân dân các tỉnh, thành phố"], [],
         "trong tháng 9 năm 2026"),
        # one-sentence points; "Bộ Xây dựng" is a name before the verb "bố trí", not the verb "xây dựng"
        ("4", "Bố trí ngân sách", ["Ủy ban nhân dân thành phố Hà Nội"], ["Bộ Công an", "Bộ Xây dựng"],
         "trong tháng 12 năm 2026"),
        ("5", "Công bố hàng tháng", ["Các bộ, ngành"], ["Văn phòng Chính phủ"], "hàng tháng"),
    ]


def test_an_agency_line_without_a_colon_in_the_implementation_section_leads_its_lettered_items():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2026\n\n"
        "IV. ĐOÀN KIỂM TRA\n"
        "1. Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì phối hợp với các ngành có liên quan tổ chức kiểm tra tại "
        "các cơ quan, địa phương.\n"
        "V. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Nội vụ\n"
        "a) Ban hành Thông báo kết luận kiểm tra gửi các cơ quan được kiểm tra.\n"
        "2. Các cơ quan, đơn vị được kiểm tra\n"
        "a) Chuẩn bị báo cáo theo đề cương kiểm tra.\n"
        "VI. KINH PHÍ\nTheo dự toán được giao./.\n"
    )
    assert _rows(parse_text(text)) == [
        ("a", "Ban hành Thông báo", ["Sở Nội vụ"], [], None),  # "Ban hành" is a verb, never the board "Ban …"
        ("a", "Chuẩn bị báo cáo", ["Các cơ quan, đơn vị được kiểm tra"], [], None),
        # "<Chủ tịch UBND tỉnh> giao Sở X chủ trì, phối hợp với Y <verb> …"
        ("1", "Tổ chức kiểm tra", ["Sở Nội vụ"], ["các ngành có liên quan"], None),
    ]


def test_time_phrases_of_prose_items():
    assert group_deadline("rà soát văn bản, hoàn thành trong tháng 6/2026.") == "trong tháng 6/2026"
    assert group_deadline("rà soát, hoàn thành trong tháng 9 năm 2026 (Phụ lục III, IV kèm theo)") == \
        "trong tháng 9 năm 2026"
    assert group_deadline("đưa vào Kế hoạch CCHC hằng năm của cơ quan") is None
    assert group_deadline("tổng hợp, báo cáo UBND tỉnh hằng quý") == "hằng quý"
    assert group_deadline("nâng cấp ứng dụng, thực hiện thường xuyên") is None


RESOLUTION = (
    "HỘI ĐỒNG NHÂN DÂN\nTỈNH AN LẠC\nSố: 15/NQ-HĐND\n\nNGHỊ QUYẾT\nVề dự toán ngân sách năm 2027\n\n"
    "Điều 1. Thông qua dự toán ngân sách năm 2027.\n"
    "Điều 2. Tổ chức thực hiện\n"
    "1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này, báo cáo kết quả trước ngày 31/12/2027.\n"
    "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh giám sát việc thực hiện.\n"
    "3. Đề nghị các cơ quan, tổ chức, cá nhân ngoài nhà nước khi giao dịch không yêu cầu bản sao giấy tờ.\n"
    "Nghị quyết này có hiệu lực từ ngày 01/01/2027./.\n"
)


def test_an_explicit_request_is_a_task_outside_an_implementation_section_too():
    rows = _rows(parse_text(RESOLUTION))
    assert rows[0] == ("1", "Tổ chức thực hiện", ["Ủy ban nhân dân tỉnh"], [], "trước ngày 31/12/2027")
    # "tổ chức, cá nhân" after "các cơ quan" are nouns of the addressee, not the verb "tổ chức"
    assert not any(r[1].startswith("Tổ chức, cá nhân") for r in rows)


def test_bracketed_numbers_lead_in_items_and_bullet_duties_of_the_section():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN LẠC\nSố: 77/TB-UBND\n\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n"
        "Chủ tịch UBND tỉnh kết luận và giao các cơ quan như sau:\n"
        "[1] Sở Nội vụ:\n"
        "- Xây dựng bộ công cụ theo dõi, bao gồm:\n"
        "+ Phần mềm theo dõi nhiệm vụ, hoàn thành trong quý I/2027.\n"
        "+ Bảng điểm cải cách hành chính của các xã.\n"
        "- Tổng hợp kết quả, báo cáo Chủ tịch UBND tỉnh trước ngày 15/12/2027.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Các cơ quan chuyên môn:\n"
        "a) Triển khai Thông báo này.\n"
        "2. Trách nhiệm thực hiện của các xã\n"
        "- UBND các xã, phường tăng cường tuyên truyền kết luận này.\n"
    )
    rows = _rows(parse_text(text))
    assert rows[:3] == [
        # the lead-in line "…, bao gồm:" is no task; each "+" item under it is, numbered as the point above
        ("1", "Phần mềm theo dõi", ["Sở Nội vụ"], [], "trong quý I/2027"),
        ("1", "Bảng điểm cải cách", ["Sở Nội vụ"], [], None),
        ("1", "Tổng hợp kết quả,", ["Sở Nội vụ"], [], "trước ngày 15/12/2027"),
    ]
    assert ("a", "Triển khai Thông báo", ["Các cơ quan chuyên môn"], [], None) in rows
    # a hyphen item naming an agency and its verb inside the section takes the number of the item above it
    assert ("2", "Tăng cường tuyên truyền", ["UBND các xã, phường"], [], None) in rows
