"""CCHC thesaurus: how citizens and civil servants say things versus how regulations and plans write them.

Plain data, no Django, read by :mod:`cchc.knowledge.analysis` (added to SYNONYM_GROUPS / ONE_WAY, same rules:
phrases of 1–6 words, written with diacritics; a phrase typed without diacritics matches its folded form).

Written from the domain, before any measurement and without reading any benchmark question (Q&A issue 10,
session 26). Sources: the project glossaries (GLOSSARY.md, ../shared/design/GLOSSARY.md: areas of CCHC, plans,
PAR INDEX, SIPAS, evidence, one-stop shop), ../shared/domain/README.md (PAR INDEX 1187/QĐ-BNV, SIPAS 1001/QĐ-BNV,
766/QĐ-TTg, one-stop rules of Nghị định 118/2025/NĐ-CP, Nghị định 30/2020/NĐ-CP on document format, the 2025
two-tier local government), and the usual wording of Vietnamese administrative regulations (Luật Hộ tịch, Luật
Cư trú, Luật Cán bộ, công chức, Luật Thi đua, khen thưởng, Luật Ban hành VBQPPL, Luật Khiếu nại / Tiếp công dân).

Only true equivalences (the same thing in the questioner's and the writer's words). Single common syllables
that also live inside unrelated words ("đổi" in "chuyển đổi số", "xã" in "xã hội", "kiện" in "điều kiện") are
never used alone: the everyday word is given inside a phrase ("đổi thẻ", "chủ tịch xã").
"""

from __future__ import annotations

# Symmetric: each phrase may be typed by a questioner and written by a document.
DOMAIN_GROUPS: tuple[tuple[str, ...], ...] = (
    # spelling variants (i / y) that diacritic folding does not unify
    ("tỷ lệ", "tỉ lệ"),
    ("quản lý", "quản lí"),
    ("xử lý", "xử lí"),
    ("kỹ năng", "kĩ năng"),
    ("kỹ thuật", "kĩ thuật"),
    ("lý lịch", "lí lịch"),
    # numbers written in figures or in words (reports, periods)
    ("6 tháng", "sáu tháng"),
    ("quý 1", "quý i"),
    ("quý 2", "quý ii"),
    ("quý 3", "quý iii"),
    ("quý 4", "quý iv"),
    # indices and their names
    ("par index", "chỉ số cải cách hành chính", "chỉ số cchc"),
    ("sipas", "chỉ số hài lòng", "hài lòng về sự phục vụ"),
    ("pci", "năng lực cạnh tranh cấp tỉnh"),
    ("ddci", "năng lực cạnh tranh cấp sở"),
    ("dti", "chỉ số chuyển đổi số"),
    ("mức độ hài lòng", "sự hài lòng"),
    ("đo lường sự hài lòng", "khảo sát sự hài lòng", "khảo sát mức độ hài lòng"),
    ("điều tra xã hội học", "khảo sát xã hội học"),
    ("tài liệu kiểm chứng", "minh chứng", "tài liệu minh chứng"),
    ("tự đánh giá", "tự chấm điểm"),
    ("điểm thưởng", "điểm cộng"),
    ("điểm trừ", "trừ điểm"),
    # one-stop shop, public services
    ("đúng hạn", "đúng hẹn"),
    ("tiếp công dân", "tiếp dân"),
    ("đường dây nóng", "hotline"),
    ("nhũng nhiễu", "sách nhiễu", "gây phiền hà"),
    ("cắt giảm thủ tục", "đơn giản hóa thủ tục", "cắt giảm, đơn giản hóa"),
    ("một cửa điện tử", "phần mềm một cửa"),
    # civil status and papers
    ("giấy phép lái xe", "bằng lái xe", "bằng lái"),
    ("xác nhận tình trạng hôn nhân", "xác nhận độc thân", "giấy xác nhận độc thân"),
    # organisation, 2025 reorganisation
    ("chính quyền địa phương hai cấp", "chính quyền địa phương 2 cấp", "chính quyền hai cấp", "chính quyền 2 cấp"),
    ("tinh gọn bộ máy", "sắp xếp tổ chức bộ máy", "sắp xếp bộ máy"),
    ("tinh giản biên chế", "cắt giảm biên chế", "giảm biên chế"),
    ("tự chủ tài chính", "cơ chế tự chủ tài chính"),
    # civil service
    ("nghỉ hưu trước tuổi", "nghỉ hưu sớm", "về hưu sớm"),
    ("nghỉ hưu", "về hưu"),
    ("nâng lương", "nâng bậc lương", "tăng lương", "lên lương"),
    ("tuyển dụng công chức", "thi tuyển công chức", "thi công chức"),
    ("tuyển dụng viên chức", "thi tuyển viên chức", "thi viên chức"),
    ("thăng hạng", "nâng hạng"),
    ("giờ làm việc", "giờ hành chính", "thời giờ làm việc"),
    # digital government
    ("chính quyền điện tử", "chính phủ điện tử"),
    ("chính quyền số", "chính phủ số"),
    ("vneid", "định danh điện tử", "tài khoản định danh điện tử"),
    ("email", "thư điện tử"),
    ("hội nghị trực tuyến", "họp trực tuyến"),
    ("quên mật khẩu", "lấy lại mật khẩu", "đặt lại mật khẩu", "khôi phục mật khẩu"),
    # official document format (Nghị định 30/2020/NĐ-CP)
    ("thể thức văn bản", "trình bày văn bản"),
    ("phông chữ", "font chữ"),
)

# One way: what a questioner types -> what documents write for it (not the reverse).
DOMAIN_ONE_WAY: dict[str, tuple[str, ...]] = {
    # civil status (Luật Hộ tịch), residence (Luật Cư trú), certification
    "giấy khai sinh": ("đăng ký khai sinh",),
    "làm khai sinh": ("đăng ký khai sinh",),
    "giấy khai tử": ("đăng ký khai tử",),
    "giấy chứng tử": ("đăng ký khai tử",),
    "giấy kết hôn": ("đăng ký kết hôn",),
    "giấy đăng ký kết hôn": ("đăng ký kết hôn",),
    "nhận con nuôi": ("nuôi con nuôi",),
    "hộ khẩu": ("đăng ký thường trú", "thường trú"),
    "nhập khẩu": ("đăng ký thường trú",),
    "công chứng bản sao": ("chứng thực bản sao",),
    "sao y": ("chứng thực bản sao", "bản sao từ bản chính"),
    "photo công chứng": ("chứng thực bản sao",),
    "chứng minh thư": ("chứng minh nhân dân",),
    "cmnd": ("chứng minh nhân dân",),
    "sổ đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "sổ hồng": ("giấy chứng nhận quyền sử dụng đất", "quyền sở hữu nhà ở"),
    "giấy phép kinh doanh": ("đăng ký kinh doanh", "đăng ký doanh nghiệp"),
    "mở công ty": ("thành lập doanh nghiệp", "đăng ký doanh nghiệp"),
    "công ty": ("doanh nghiệp",),
    "bhxh": ("bảo hiểm xã hội",),
    "bhyt": ("bảo hiểm y tế",),
    # re-issue and exchange of papers
    "làm lại": ("cấp lại",),
    "đổi thẻ": ("cấp đổi",),
    "đổi giấy": ("cấp đổi",),
    "đổi bằng": ("cấp đổi",),
    # how a procedure is done
    "cần chuẩn bị": ("thành phần hồ sơ", "hồ sơ gồm"),
    "cần mang": ("thành phần hồ sơ", "hồ sơ gồm"),
    "các bước": ("trình tự thực hiện", "quy trình"),
    "mẫu đơn": ("tờ khai", "biểu mẫu"),
    "nộp hộ": ("ủy quyền",),
    "làm hộ": ("ủy quyền",),
    "giấy hẹn": ("phiếu hẹn", "hẹn trả kết quả"),
    "bưu điện": ("bưu chính", "bưu chính công ích"),
    "mất bao nhiêu tiền": ("lệ phí", "phí"),
    "tốn bao nhiêu tiền": ("lệ phí", "phí"),
    "hết bao nhiêu tiền": ("lệ phí", "phí"),
    "trễ hẹn": ("trễ hạn", "quá hạn"),
    "quá hẹn": ("trễ hạn", "quá hạn"),
    "chuyển khoản": ("thanh toán trực tuyến", "không dùng tiền mặt"),
    "phàn nàn": ("phản ánh", "kiến nghị"),
    # phrases longer than a group allows, both ways
    "bộ phận một cửa": ("bộ phận tiếp nhận và trả kết quả",),
    "bộ phận tiếp nhận và trả kết quả": ("bộ phận một cửa",),
    "phi địa giới": ("không phụ thuộc vào địa giới hành chính",),
    "papi": ("hiệu quả quản trị và hành chính công",),
    "trung tâm hành chính công": ("trung tâm phục vụ hành chính công",),
    "không phụ thuộc địa giới hành chính": ("không phụ thuộc vào địa giới hành chính", "phi địa giới"),
    "bản mô tả công việc": ("bản mô tả vị trí việc làm",),
    "trình bày văn bản": ("thể thức và kỹ thuật trình bày",),
    "phần mềm một cửa": ("hệ thống thông tin giải quyết thủ tục hành chính",),
    "nộp ở đâu cũng được": ("phi địa giới", "không phụ thuộc vào địa giới hành chính"),
    # local government (2025: province and commune)
    "chủ tịch xã": ("chủ tịch ủy ban nhân dân cấp xã", "chủ tịch ubnd cấp xã"),
    "ủy ban xã": ("ủy ban nhân dân cấp xã", "ubnd cấp xã"),
    "ubnd xã": ("ubnd cấp xã", "ủy ban nhân dân cấp xã"),
    "công chức xã": ("công chức cấp xã",),
    "cán bộ xã": ("cán bộ cấp xã", "cán bộ, công chức cấp xã"),
    "chủ tịch tỉnh": ("chủ tịch ủy ban nhân dân tỉnh", "chủ tịch ubnd tỉnh"),
    "ủy ban tỉnh": ("ủy ban nhân dân tỉnh", "ubnd tỉnh"),
    "sáp nhập tỉnh": ("sắp xếp đơn vị hành chính", "hợp nhất"),
    "sáp nhập xã": ("sắp xếp đơn vị hành chính",),
    "bỏ cấp huyện": ("không tổ chức cấp huyện", "chính quyền địa phương 2 cấp"),
    # civil service, staff
    "đuổi việc": ("buộc thôi việc",),
    "nghỉ việc": ("thôi việc",),
    "lên chức": ("bổ nhiệm",),
    "thăng chức": ("bổ nhiệm",),
    "chuyển công tác": ("điều động", "luân chuyển"),
    "đánh giá cuối năm": ("đánh giá, xếp loại chất lượng",),
    "xếp loại cán bộ": ("đánh giá, xếp loại chất lượng",),
    "vtvl": ("vị trí việc làm",),
    "khóa học": ("lớp bồi dưỡng", "tập huấn"),
    "lớp học": ("lớp bồi dưỡng", "tập huấn"),
    "tập huấn": ("bồi dưỡng",),
    # plans and reports (who, when, how much)
    "phụ trách": ("chủ trì",),
    "chịu trách nhiệm chính": ("chủ trì",),
    "deadline": ("thời hạn", "thời gian hoàn thành"),
    "phần trăm": ("tỷ lệ",),
    "đứng thứ": ("xếp thứ", "xếp hạng"),
    "mô hình hay": ("mô hình mới", "cách làm hay", "sáng kiến"),
    "cách làm hay": ("sáng kiến", "mô hình mới"),
    # documents and software
    "văn bản pháp luật": ("văn bản quy phạm pháp luật",),
    "văn bản luật": ("văn bản quy phạm pháp luật",),
    "căn lề": ("định lề", "lề trên", "lề trái"),
    "công văn đến": ("văn bản đến",),
    "công văn đi": ("văn bản đi",),
    "website": ("cổng thông tin điện tử", "trang thông tin điện tử"),
    "trang web": ("cổng thông tin điện tử", "trang thông tin điện tử"),
    "chữ ký điện tử": ("chữ ký số",),
    "scan": ("số hóa",),
    "dữ liệu dân cư": ("cơ sở dữ liệu quốc gia về dân cư",),
    "cách dùng": ("hướng dẫn sử dụng",),
    "cách sử dụng": ("hướng dẫn sử dụng",),
}
