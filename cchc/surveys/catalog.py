"""The questionnaires shipped as editable templates (pure data, no Django).

Loaded by the data migration 0002 and by ``cchc surveys templates`` (idempotent: a questionnaire whose code exists
is left as it is). They are installed as published version 1; the CCHC office edits them by creating a new version
(a draft copy), which locks again when published.

Sources and confidence (shared/domain/README.md §2, shared/real-office):
* SIPAS service questionnaire: the five elements ✅ (2017 model, 1001/QĐ-BNV reports); "tiếp cận dịch vụ" by 3 items
  (signage, seats, equipment) and "thủ tục hành chính" by 4 items ✅ (2024 detail); the wording of every item,
  the other elements' items and the 5-point scale are ours ❌ — the official questionnaire was not found.
  Section weights = the points of criteria 8.1.1–8.1.5 of the 2025 provincial index (1,5 / 1,5 / 2,5 / 2,5 / 2,0
  of 10) ✅ bnv-1187 bảng 2; applying them to a unit's figure is an assumption ❌.
* Staff survey (ĐTXHH cán bộ, công chức): the contents are the sub-criteria that the 2025 provincial index scores
  by sociological survey (bnv-1187 bảng 2: 2.5.1–2.5.4, 4.1.4–4.1.6, 5.2.3, 5.3.2, 5.5.2, 5.6.1, 5.6.2, 5.6.4,
  6.1.5, 7.4.2), 1 point each = 15 points ✅ that the province's staff survey weighs 15 of 100 (hdtd-36);
  which 15 contents the province's own survey asks ❌ (its questionnaire is not in shared/).
* SIPAS public-policy part: the nine policy groups ✅ (since 2022, domain §2); the items ("biết/thụ hưởng", then
  suitability, transparent implementation, results vs expectations) and how the part combines with the service part
  ❌ — reported separately.
"""

from __future__ import annotations

SATISFACTION_SCALE = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
RATING_SCALE = ["Rất kém", "Kém", "Trung bình", "Tốt", "Rất tốt"]

SIPAS_METHOD = (
    "Tỷ lệ hài lòng của một câu = số câu trả lời mức 4 hoặc 5 / số câu trả lời hợp lệ × 100 % (❌ giả định, chưa "
    "đối chiếu văn bản 1001/QĐ-BNV). Chỉ số của một yếu tố = trung bình các câu của yếu tố; chỉ số chung = trung "
    "bình 5 yếu tố (❌). Điểm của đơn vị = Σ chỉ số yếu tố × điểm tối đa của yếu tố / 100 (tiêu chí 8.1.1–8.1.5: "
    "1,5 / 1,5 / 2,5 / 2,5 / 2,0 điểm). Kết quả của đơn vị chỉ được tính khi số phiếu ≥ 10 % số hồ sơ đã giải "
    "quyết trong kỳ và ≥ 50 phiếu (báo cáo thẩm định 2025; ❌ cơ sở của 10 % chưa ghi rõ). Sai số: khoảng tin cậy "
    "95 %, có hiệu chỉnh tổng thể hữu hạn khi biết tổng số hồ sơ."
)
STAFF_METHOD = (
    "Mỗi nội dung được đánh giá theo thang 5 mức (Rất kém … Rất tốt); mức 4–5 được tính là tích cực (❌ giả "
    "định). Mỗi nội dung 1 điểm, tổng 15 điểm (tỷ trọng 15/100 điểm của Chỉ số CCHC cấp sở, cấp xã); điểm = tỷ lệ "
    "tích cực × điểm tối đa / 100. Số phiếu tối thiểu và tỷ lệ tối thiểu: chỉnh theo kế hoạch khảo sát của Sở Nội "
    "vụ (❌ mặc định 10 % và 50 phiếu như khảo sát người dân)."
)


def _lk(code, text, **kw):
    return {"code": code, "text": text, "kind": "likert5", "required": kw.pop("required", True), **kw}


def _likert_section(code: str, title: str, weight, prefix: str, items: str) -> dict:
    """A section of required 1–5 items only: ``items`` holds one item's text a line, coded ``prefix`` 1, 2, … in
    order."""
    texts = [line.strip() for line in items.strip().splitlines() if line.strip()]
    return {"code": code, "title": title, "weight": weight,
            "items": [_lk(f"{prefix}{i}", text) for i, text in enumerate(texts, 1)]}


YES_NO = ["Có", "Không"]

SIPAS_SERVICE = {
    "code": "sipas-dich-vu",
    "title": "Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
    "kind": "service",
    "description": "Khảo sát tại Bộ phận Một cửa (mã QR/mã số trên phiếu hẹn, máy tại quầy, phiếu giấy).",
    "intro": ("Ông/Bà vui lòng cho biết mức độ hài lòng về việc giải quyết thủ tục hành chính vừa qua. Phiếu không "
              "ghi tên, không lưu địa chỉ mạng; mỗi mã chỉ dùng một lần."),
    "scale": SATISFACTION_SCALE,
    "method_note": SIPAS_METHOD,
    "sections": [
        {"code": "chung", "title": "Thông tin chung", "weight": 0, "items": [
            {"code": "hinh_thuc", "text": "Ông/Bà nộp hồ sơ bằng hình thức nào?", "kind": "single",
             "measure": "info", "choices": ["Trực tiếp tại Bộ phận Một cửa", "Qua dịch vụ bưu chính",
                                            "Trực tuyến trên Cổng dịch vụ công"]},
        ]},
        _likert_section("tiep_can", "Tiếp cận dịch vụ", 1.5, "tc", """
            Nơi tiếp nhận và trả kết quả có biển hiệu, chỉ dẫn rõ ràng, dễ tìm
            Nơi tiếp nhận và trả kết quả có đủ chỗ ngồi chờ
            Trang thiết bị phục vụ (máy lấy số, máy tra cứu, quạt, nước uống…) đầy đủ, dễ sử dụng
        """),
        _likert_section("thu_tuc", "Thủ tục hành chính", 1.5, "tt", """
            Thủ tục hành chính được niêm yết công khai, đầy đủ, chính xác
            Thành phần hồ sơ phải nộp đúng như niêm yết
            Phí, lệ phí phải nộp đúng như niêm yết
            Thời hạn giải quyết đúng như niêm yết
        """),
        _likert_section("cong_chuc", "Công chức giải quyết công việc", 2.5, "cc", """
            Công chức có thái độ giao tiếp lịch sự, tôn trọng
            Công chức chú ý lắng nghe ý kiến của Ông/Bà
            Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu
            Công chức tuân thủ đúng quy định, không gây phiền hà, nhũng nhiễu
        """),
        {"code": "ket_qua", "title": "Kết quả dịch vụ", "weight": 2.5, "items": [
            _lk("kq1", "Kết quả giải quyết đúng quy định"),
            _lk("kq2", "Kết quả có thông tin đầy đủ, chính xác"),
            {"code": "kq_dung_hen", "text": "Ông/Bà có nhận được kết quả đúng hẹn không?", "kind": "single",
             "measure": "perception", "choices": YES_NO, "required": True},
            {"code": "kq_xin_loi", "text": "Khi trễ hẹn, Ông/Bà có nhận được phiếu xin lỗi và hẹn lại ngày trả "
                                           "kết quả không?", "kind": "single", "measure": "perception",
             "choices": YES_NO, "condition": ("kq_dung_hen", ["Không"])},
        ]},
        {"code": "gop_y", "title": "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "weight": 2.0, "items": [
            {"code": "gy_co", "text": "Ông/Bà có góp ý, phản ánh, kiến nghị trong khi giải quyết thủ tục không?",
             "kind": "single", "measure": "info", "choices": YES_NO, "required": True},
            _lk("gy1", "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
                condition=("gy_co", ["Có"])),
            _lk("gy2", "Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý tích cực", condition=("gy_co", ["Có"])),
            _lk("gy3", "Ông/Bà được thông báo kết quả xử lý kịp thời", condition=("gy_co", ["Có"])),
        ]},
        {"code": "mong_doi", "title": "Mong đợi và góp ý", "weight": 0, "items": [
            {"code": "md1", "text": "Ông/Bà mong cơ quan cải thiện nội dung nào? (chọn nhiều)", "kind": "multiple",
             "measure": "expectation", "choices": [
                 "Cơ sở vật chất nơi tiếp nhận", "Đơn giản thủ tục, giấy tờ", "Rút ngắn thời gian giải quyết",
                 "Thái độ, năng lực công chức", "Dịch vụ công trực tuyến", "Tiếp nhận, xử lý góp ý"]},
            {"code": "md2", "text": "Góp ý khác của Ông/Bà", "kind": "text", "measure": "expectation"},
        ]},
    ],
}

STAFF_SURVEY = {
    "code": "dtxhh-can-bo",
    "title": "Phiếu khảo sát cán bộ, công chức về công tác cải cách hành chính (ĐTXHH)",
    "kind": "staff",
    "description": "Khảo sát hằng năm cán bộ, công chức của đơn vị; 15 điểm của Chỉ số CCHC.",
    "intro": ("Xin Anh/Chị đánh giá các nội dung dưới đây tại cơ quan, đơn vị mình. Phiếu không ghi tên; mỗi mã chỉ "
              "dùng một lần."),
    "scale": RATING_SCALE,
    "method_note": STAFF_METHOD,
    "sections": [
        _likert_section("the_che", "Cải cách thể chế", 4, "tc", """
            Tính đồng bộ, thống nhất của văn bản quy phạm pháp luật thuộc lĩnh vực quản lý
            Tính hợp lý của văn bản quy phạm pháp luật thuộc lĩnh vực quản lý
            Tính khả thi của văn bản quy phạm pháp luật thuộc lĩnh vực quản lý
            Tính kịp thời phát hiện và xử lý các bất cập, vướng mắc trong tổ chức thực hiện
        """),
        _likert_section("bo_may", "Cải cách tổ chức bộ máy", 3, "bm", """
            Tính hợp lý trong sắp xếp tổ chức bộ máy của cơ quan, đơn vị
            Tính hợp lý trong phân định chức năng, nhiệm vụ giữa các phòng, đơn vị
            Việc thực hiện quy chế làm việc của cơ quan, đơn vị
        """),
        _likert_section("cong_vu", "Cải cách chế độ công vụ", 6, "cv", """
            Tính công khai, minh bạch trong tuyển dụng công chức, viên chức
            Tính công khai, minh bạch trong bổ nhiệm công chức, viên chức
            Chất lượng đào tạo, bồi dưỡng cán bộ, công chức, viên chức
            Năng lực chuyên môn của công chức, viên chức trong phối hợp, xử lý công việc
            Tinh thần trách nhiệm của công chức, viên chức trong phối hợp, xử lý công việc
            Tính hiệu quả của chính sách thu hút người có tài năng
        """),
        _likert_section("tai_chinh", "Cải cách tài chính công", 1, "tcc", """
            Thực hiện tiết kiệm, chống lãng phí trong quản lý, sử dụng kinh phí
        """),
        _likert_section("chinh_quyen_so", "Chính quyền điện tử, chính quyền số", 1, "cs", """
            Chất lượng cung cấp thông tin trên cổng/trang thông tin điện tử của cơ quan
        """),
        {"code": "y_kien", "title": "Ý kiến khác", "weight": 0, "items": [
            {"code": "yk1", "text": "Đề xuất của Anh/Chị để công tác cải cách hành chính tốt hơn", "kind": "text",
             "measure": "expectation"},
        ]},
    ],
}

POLICY_METHOD = (
    "Phần hài lòng về chính sách công (từ năm 2022, 9 nhóm chính sách — domain §2 ✅). Với mỗi nhóm: tỷ lệ hài lòng "
    "= số câu trả lời mức 4 hoặc 5 / số câu trả lời hợp lệ × 100 % (❌ giả định như phần dịch vụ); chỉ số chính "
    "sách = trung bình các nhóm có trả lời (❌). Cách kết hợp với phần dịch vụ thành SIPAS chung chưa được xác nhận "
    "(❌): hệ thống báo cáo hai phần riêng. Mẫu khảo sát hộ gia đình chọn ngẫu nhiên tại thôn, tổ dân phố (✅ từ "
    "2022), không phải người dân tại quầy."
)
# The nine policy groups of the national survey since 2022 (✅ domain §2 [S41]); the wording of the items is ours ❌.
POLICY_GROUPS = [
    ("kinh_te", "Chính sách phát triển kinh tế, hỗ trợ sinh kế"),
    ("y_te", "Chính sách khám, chữa bệnh"),
    ("giao_duc", "Chính sách giáo dục phổ thông"),
    ("nuoc", "Chính sách cung cấp nước sinh hoạt"),
    ("dien", "Chính sách cung cấp điện sinh hoạt"),
    ("an_ninh", "Chính sách bảo đảm trật tự, an toàn xã hội"),
    ("giao_thong", "Chính sách giao thông đường bộ"),
    ("an_sinh", "Chính sách an sinh xã hội"),
    ("cchc", "Chính sách cải cách hành chính"),
]


def _policy_section(code: str, title: str) -> dict:
    used = f"{code}_biet"
    return {"code": code, "title": title, "weight": 1, "items": [
        {"code": used, "text": f"Ông/Bà có biết hoặc được thụ hưởng {title[0].lower() + title[1:]} tại địa phương "
                               "không?", "kind": "single", "measure": "info", "choices": YES_NO, "required": True},
        _lk(f"{code}_1", "Chính sách được xây dựng phù hợp với nhu cầu, điều kiện của người dân",
            required=False, condition=(used, ["Có"])),
        _lk(f"{code}_2", "Chính sách được tổ chức thực hiện công khai, minh bạch, đến đúng đối tượng",
            required=False, condition=(used, ["Có"])),
        _lk(f"{code}_3", "Kết quả thực hiện chính sách đáp ứng mong đợi của Ông/Bà",
            required=False, condition=(used, ["Có"])),
    ]}


SIPAS_POLICY = {
    "code": "sipas-chinh-sach",
    "title": "Phiếu khảo sát sự hài lòng của người dân đối với việc xây dựng, tổ chức thực hiện chính sách",
    "kind": "policy",
    "description": "Khảo sát hộ gia đình chọn ngẫu nhiên tại thôn, tổ dân phố (phần chính sách của SIPAS).",
    "intro": ("Ông/Bà vui lòng cho biết mức độ hài lòng về việc xây dựng và tổ chức thực hiện các chính sách dưới đây "
              "tại địa phương. Phiếu không ghi tên; nhóm chính sách nào Ông/Bà không biết thì bỏ qua."),
    "scale": SATISFACTION_SCALE,
    "method_note": POLICY_METHOD,
    "sections": [_policy_section(code, title) for code, title in POLICY_GROUPS] + [
        {"code": "y_kien", "title": "Ý kiến khác", "weight": 0, "items": [
            {"code": "yk1", "text": "Chính sách nào Ông/Bà mong được ưu tiên cải thiện?", "kind": "text",
             "measure": "expectation"},
        ]},
    ],
}

TEMPLATES = [SIPAS_SERVICE, STAFF_SURVEY, SIPAS_POLICY]
