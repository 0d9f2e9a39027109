"""Demo question bank: real CCHC questions written from the seed plans and public regulations (pure Python).

Every question names its source. Seed plans: Bình Định plan implementing Đề án 905 (QĐ 2022), Sở Nội vụ Bình Định
KH CCHC 2021–2025, Hà Tĩnh KH CCHC năm 2024, Khánh Hòa Đề án 1718/QĐ-UBND (21/7/2023), Bình Định KH thực hiện
CTr 20-CTr/TU. Public regulations are cited by number and date.
"""

from __future__ import annotations

from cchc.exams.qdata import EASY, HARD, MEDIUM, MULTIPLE, SINGLE, Option, QuestionData, truefalse_options

# (code, name, parent code)
TOPICS = [
    ("direction", "Công tác chỉ đạo, điều hành CCHC", None),
    ("direction.plan", "Kế hoạch, báo cáo, kiểm tra CCHC", "direction"),
    ("direction.index", "Chỉ số CCHC, SIPAS và các chỉ số đánh giá", "direction"),
    ("direction.capacity", "Năng lực đội ngũ làm công tác CCHC", "direction"),
    ("institutions", "Cải cách thể chế", None),
    ("procedures", "Cải cách thủ tục hành chính", None),
    ("procedures.onestop", "Cơ chế một cửa, một cửa liên thông", "procedures"),
    ("procedures.control", "Kiểm soát thủ tục hành chính", "procedures"),
    ("organisation", "Cải cách tổ chức bộ máy hành chính nhà nước", None),
    ("civil_service", "Cải cách chế độ công vụ", None),
    ("public_finance", "Cải cách tài chính công", None),
    ("digital", "Xây dựng, phát triển Chính phủ điện tử, Chính phủ số", None),
    ("digital.online", "Dịch vụ công trực tuyến", "digital"),
]

BD905 = "Kế hoạch thực hiện Đề án 905 tỉnh Bình Định (QĐ của UBND tỉnh, 2022)"
SNV_BD = "Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định"
HT2024 = "Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024"
KH1718 = "Quyết định 1718/QĐ-UBND ngày 21/7/2023 của UBND tỉnh Khánh Hòa (Đề án nâng cao năng lực CCHC 2023–2030)"
BD20 = "Kế hoạch của UBND tỉnh Bình Định thực hiện Chương trình hành động 20-CTr/TU (2023)"

_Q: list[QuestionData] = []


def q(topic: str, diff: str, text: str, options: list[str], source: str, explanation: str = "") -> None:
    """Options prefixed with '*' are correct; more than one '*' makes a multiple-choice question."""
    opts = [Option(o[1:].strip(), True) if o.startswith("*") else Option(o.strip(), False) for o in options]
    kind = MULTIPLE if sum(o.correct for o in opts) > 1 else SINGLE
    _Q.append(QuestionData(text=text, kind=kind, options=opts, topic=topic, difficulty=diff,
                           explanation=explanation, source_ref=source))


def tf(topic: str, diff: str, text: str, answer: bool, source: str, explanation: str = "") -> None:
    _Q.append(QuestionData(text=text, kind="truefalse", options=truefalse_options(answer), topic=topic,
                           difficulty=diff, explanation=explanation, source_ref=source))


# ---------------------------------------------------------------- chỉ đạo, điều hành
q("direction", EASY, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành kèm theo "
  "văn bản nào?",
  ["*Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ",
   "Quyết định số 905/QĐ-BNV ngày 17/11/2022 của Bộ trưởng Bộ Nội vụ",
   "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ"],
  "Nghị quyết 76/NQ-CP ngày 15/7/2021; " + HT2024 + ", phần căn cứ",
  "Nghị quyết 76/NQ-CP thay thế Chương trình tổng thể giai đoạn 2011–2020 (Nghị quyết 30c/NQ-CP).")
q("direction", MEDIUM, "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 được ban hành kèm theo "
  "nghị quyết nào?",
  ["*Nghị quyết số 30c/NQ-CP ngày 08/11/2011", "Nghị quyết số 76/NQ-CP ngày 15/7/2021",
   "Nghị quyết số 68/NQ-CP ngày 12/5/2020", "Nghị quyết số 131/NQ-CP ngày 06/10/2022"],
  "Nghị quyết 30c/NQ-CP ngày 08/11/2011 của Chính phủ")
q("direction", MEDIUM, "Những nội dung nào thuộc Chương trình tổng thể CCHC nhà nước giai đoạn 2021–2030 "
  "(Nghị quyết 76/NQ-CP)? Chọn tất cả phương án đúng.",
  ["*Cải cách thể chế", "*Cải cách thủ tục hành chính", "*Cải cách chế độ công vụ", "*Cải cách tài chính công",
   "Cải cách tư pháp", "Cải cách chương trình giáo dục phổ thông"],
  "Nghị quyết 76/NQ-CP ngày 15/7/2021, Mục II",
  "Sáu nội dung: cải cách thể chế, TTHC, tổ chức bộ máy, chế độ công vụ, tài chính công; xây dựng, phát triển "
  "Chính phủ điện tử, Chính phủ số.")
tf("direction", EASY, "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số là một trong sáu nội dung của "
   "Chương trình tổng thể CCHC nhà nước giai đoạn 2021–2030.", True, "Nghị quyết 76/NQ-CP ngày 15/7/2021")
q("direction.plan", EASY, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, thước đo đánh giá hiệu quả, chất lượng phục vụ "
  "của cơ quan hành chính nhà nước các cấp là gì?",
  ["*Sự hài lòng của người dân, tổ chức", "Số văn bản chỉ đạo được ban hành", "Số cuộc họp giao ban CCHC",
   "Số biên chế được giao"],
  HT2024 + ", mục I.2.1")
q("direction.plan", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tối thiểu bao nhiêu phần trăm cơ quan, đơn vị "
  "được kiểm tra CCHC trong năm?",
  ["*35%", "20%", "50%", "100%"], HT2024 + ", chỉ tiêu II.1.3")
q("direction.plan", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỉnh phấn đấu có ít nhất bao nhiêu sáng kiến "
  "(hoặc giải pháp mới) về CCHC được áp dụng hiệu quả?",
  ["*03", "01", "05", "10"], HT2024 + ", chỉ tiêu II.1.2")
q("direction.plan", MEDIUM, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, kế hoạch CCHC "
  "hằng năm của Sở được ban hành trước thời điểm nào?",
  ["*Trước ngày 15/12 hằng năm", "Trước ngày 31/12 hằng năm", "Trước ngày 15/01 năm kế hoạch",
   "Trước ngày 30/6 hằng năm"], SNV_BD + ", Phụ lục, nhiệm vụ I.3")
q("direction.plan", EASY, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, các cơ quan, đơn vị "
  "thuộc Sở gửi báo cáo kết quả thực hiện theo định kỳ nào?",
  ["*Hằng quý, 6 tháng và năm", "Chỉ một lần mỗi năm", "Hằng tháng", "Hai năm một lần"], SNV_BD + ", mục V.1")
tf("direction.plan", MEDIUM, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, Trường Chính trị tỉnh chủ trì xây "
   "dựng và triển khai các nền tảng cơ sở dữ liệu phục vụ nâng cao năng lực về CCHC.", False, BD905 + ", mục V.3",
   "Văn phòng UBND tỉnh chủ trì nhiệm vụ này; Trường Chính trị tỉnh cập nhật nội dung CCHC vào chương trình đào tạo.")
q("direction.capacity", EASY, "Đề án “Tăng cường năng lực đội ngũ cán bộ, công chức thực hiện công tác cải cách hành "
  "chính giai đoạn 2022–2030” được ban hành tại quyết định nào?",
  ["*Quyết định số 905/QĐ-BNV ngày 17/11/2022 của Bộ trưởng Bộ Nội vụ",
   "Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ trưởng Bộ Nội vụ",
   "Quyết định số 1333/QĐ-BNV ngày 14/12/2012 của Bộ Nội vụ",
   "Quyết định số 1718/QĐ-UBND ngày 21/7/2023 của UBND tỉnh Khánh Hòa"], BD905 + ", phần căn cứ")
q("direction.capacity", MEDIUM, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, đến năm 2025 tỷ lệ cán bộ, công "
  "chức, viên chức thực hiện công tác CCHC được cung cấp kiến thức, kỹ năng cần thiết phải đạt bao nhiêu?",
  ["*Trên 85%", "Trên 95%", "Trên 70%", "100%"], BD905 + ", mục II.2.a")
q("direction.capacity", MEDIUM, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, đến năm 2030 tỷ lệ cán bộ, công "
  "chức, viên chức thực hiện công tác CCHC được cung cấp kiến thức, kỹ năng cần thiết phải đạt bao nhiêu?",
  ["*Trên 95%", "Trên 85%", "Trên 90%", "Trên 80%"], BD905 + ", mục II.2.a")
tf("direction.capacity", EASY, "Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định đặt mục tiêu 100% cán bộ, công chức, "
   "viên chức thực hiện công tác CCHC được tiếp cận các bài giảng, tài liệu, số liệu, cơ sở dữ liệu về CCHC.", True,
   BD905 + ", mục II.2.b")
q("direction.capacity", EASY, "Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định yêu cầu xây dựng, triển khai phần mềm "
  "gì đối với kiến thức về CCHC của đội ngũ cán bộ, công chức, viên chức?",
  ["*Phần mềm kiểm tra, đánh giá tự động, định kỳ các kiến thức về CCHC", "Phần mềm chấm công tự động",
   "Phần mềm quản lý tài sản công", "Phần mềm kế toán hành chính sự nghiệp"], BD905 + ", mục III.3.c")
q("direction.capacity", MEDIUM, "Đề án nâng cao năng lực đội ngũ cán bộ, công chức, viên chức thực hiện công tác CCHC "
  "tỉnh Khánh Hòa giai đoạn 2023–2030 được ban hành kèm theo quyết định nào?",
  ["*Quyết định số 1718/QĐ-UBND ngày 21/7/2023", "Quyết định số 4831/QĐ-UBND ngày 24/12/2021",
   "Quyết định số 3604/QĐ-UBND ngày 28/12/2022", "Quyết định số 595/QĐ-UBND ngày 05/3/2013"], KH1718)
q("direction.capacity", EASY, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, cơ quan nào triển khai việc kiểm tra, đánh "
  "giá kiến thức về CCHC định kỳ đối với đội ngũ cán bộ, công chức, viên chức?",
  ["*Sở Nội vụ", "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Sở Tư pháp"], KH1718 + ", mục V.1.1")
q("direction.capacity", HARD, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, những kỹ năng nào cần tiếp tục bồi dưỡng "
  "cho cán bộ, công chức, viên chức thực hiện công tác CCHC? Chọn tất cả phương án đúng.",
  ["*Kỹ năng lập chương trình, kế hoạch CCHC", "*Kỹ năng tuyên truyền CCHC",
   "*Kỹ năng ứng dụng công nghệ thông tin trong CCHC", "Kỹ năng xét xử vụ án hành chính",
   "Kỹ năng tổ chức đấu thầu quốc tế"], KH1718 + ", mục IV.3.2")
q("direction.capacity", HARD, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, chỉ tính riêng năm 2022 các cơ quan trên địa "
  "bàn tỉnh đã tổ chức bao nhiêu hội nghị tập huấn về nghiệp vụ CCHC, nghiệp vụ ngành, lĩnh vực quản lý?",
  ["*37", "12", "25", "50"], KH1718 + ", mục I.1")
q("direction.capacity", MEDIUM, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, lĩnh vực cải cách thủ tục hành chính do "
  "cơ quan nào phối hợp với Sở Nội vụ xây dựng tài liệu hướng dẫn chuyên sâu và cử báo cáo viên?",
  ["*Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Tài chính", "Sở Thông tin và Truyền thông"], KH1718 + ", mục V.1.2")
q("direction.capacity", EASY, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, đội ngũ cán bộ, công chức, viên "
  "chức cần đề cao ý thức gì?",
  ["*Tự học, tự trau dồi kiến thức qua hoạt động thực tiễn", "Chỉ học khi được cử đi bồi dưỡng",
   "Chờ tài liệu của Bộ Nội vụ mới triển khai", "Chỉ tham gia các lớp trực tiếp"], BD905 + ", mục I.2.c")
q("direction.index", MEDIUM, "Đề án xác định Chỉ số cải cách hành chính của các bộ, cơ quan ngang bộ, UBND các tỉnh, "
  "thành phố trực thuộc Trung ương giai đoạn 2022–2030 được phê duyệt tại quyết định nào?",
  ["*Quyết định số 876/QĐ-BNV ngày 10/11/2022", "Quyết định số 1149/QĐ-BNV ngày 30/12/2020",
   "Quyết định số 2948/QĐ-BNV ngày 28/12/2017", "Quyết định số 905/QĐ-BNV ngày 17/11/2022"],
  "Quyết định 876/QĐ-BNV ngày 10/11/2022 của Bộ trưởng Bộ Nội vụ",
  "Quyết định 876/QĐ-BNV thay thế Quyết định 1149/QĐ-BNV.")
q("direction.index", EASY, "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
  "có tên viết tắt là gì?", ["*SIPAS", "PAPI", "PCI", "PAR INDEX"], HT2024 + ", mục I.1.3")
q("direction.index", EASY, "Chỉ số PAPI là chỉ số gì?",
  ["*Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", "Chỉ số năng lực cạnh tranh cấp tỉnh",
   "Chỉ số cải cách hành chính", "Chỉ số hài lòng về sự phục vụ hành chính"],
  KH1718 + ", mục IV.3.2; " + HT2024 + ", mục I.1.3")
q("direction.index", HARD, "Phương pháp đo lường sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính "
  "nhà nước giai đoạn 2023–2026 được ban hành theo quyết định nào?",
  ["*Quyết định số 1001/QĐ-BNV ngày 11/12/2023", "Quyết định số 2640/QĐ-BNV ngày 10/10/2017",
   "Quyết định số 1383/QĐ-BNV ngày 28/12/2012", "Quyết định số 876/QĐ-BNV ngày 10/11/2022"],
  "Quyết định 1001/QĐ-BNV ngày 11/12/2023 của Bộ trưởng Bộ Nội vụ")
q("direction.index", HARD, "SIPAS đo lường sự hài lòng theo các yếu tố của quá trình cung ứng dịch vụ hành chính công. "
  "Những yếu tố nào dưới đây thuộc SIPAS? Chọn tất cả phương án đúng.",
  ["*Tiếp cận dịch vụ", "*Công chức giải quyết công việc", "*Kết quả dịch vụ",
   "Lợi nhuận của cơ quan cung ứng dịch vụ", "Số biên chế của cơ quan"],
  "Quyết định 2640/QĐ-BNV ngày 10/10/2017; kết quả SIPAS 2023 của Bộ Nội vụ",
  "Năm yếu tố: tiếp cận dịch vụ, TTHC, công chức giải quyết công việc, kết quả dịch vụ, tiếp nhận và xử lý góp ý, "
  "phản ánh, kiến nghị.")
q("direction.index", HARD, "Khi công bố Chỉ số CCHC năm 2024, các tỉnh, thành phố thuộc nhóm A là những địa phương "
  "đạt kết quả như thế nào?",
  ["*Từ 90% trở lên", "Từ 80% đến dưới 90%", "Từ 95% trở lên", "Từ 85% trở lên"],
  "Quyết định 268/QĐ-BNV ngày 28/3/2025 phê duyệt Chỉ số CCHC năm 2024")
q("direction.index", MEDIUM, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, công cụ đánh giá chỉ số CCHC của "
  "tỉnh tích hợp những chỉ số nào? Chọn tất cả phương án đúng.",
  ["*Chỉ số cải cách hành chính (PAR INDEX)", "*Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
   "*Chỉ số năng lực cạnh tranh cấp sở, ban, ngành, UBND cấp huyện (DDCI)", "Tổng sản phẩm trên địa bàn (GRDP)",
   "Chỉ số giá tiêu dùng (CPI)"], BD905 + ", mục III.4.a")

# ---------------------------------------------------------------- thể chế
q("institutions", MEDIUM, "Luật Ban hành văn bản quy phạm pháp luật năm 2015 có số hiệu nào?",
  ["*80/2015/QH13", "83/2015/QH13", "22/2008/QH12", "58/2010/QH12"],
  "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015")
q("institutions", HARD, "Luật Ban hành văn bản quy phạm pháp luật được Quốc hội khóa XV thông qua năm 2025 có số hiệu "
  "nào?", ["*64/2025/QH15", "80/2015/QH13", "63/2020/QH14", "52/2019/QH14"],
  "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19/02/2025")
q("institutions", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ nội dung tại các văn bản QPPL của Trung ương "
  "giao HĐND tỉnh, UBND tỉnh quy định chi tiết được triển khai kịp thời, chất lượng phấn đấu đạt bao nhiêu?",
  ["*Từ 90% trở lên", "Từ 70% trở lên", "Từ 80% trở lên", "100%"], HT2024 + ", chỉ tiêu II.2.1")
q("institutions", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ văn bản QPPL của HĐND, UBND tỉnh được sửa "
  "đổi, bổ sung hoặc thay thế theo kết quả rà soát phấn đấu đạt bao nhiêu?",
  ["*Từ 95%", "Từ 70%", "Từ 85%", "Từ 60%"], HT2024 + ", chỉ tiêu II.2.2")
tf("institutions", EASY, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, các văn bản quy phạm pháp luật trước khi trình cấp "
   "có thẩm quyền ban hành đều phải được thẩm định theo đúng trình tự, thủ tục và tiến độ quy định.", True,
   HT2024 + ", mục III.2")
q("institutions", EASY, "Ở cấp tỉnh, cơ quan nào thẩm định dự thảo quyết định là văn bản quy phạm pháp luật của UBND "
  "tỉnh?", ["*Sở Tư pháp", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tài chính"],
  "Luật Ban hành văn bản quy phạm pháp luật 2015, Điều 130")
q("institutions", EASY, "Theo Kế hoạch thực hiện Chương trình hành động 20-CTr/TU của UBND tỉnh Bình Định, việc kiểm "
  "tra, rà soát văn bản QPPL của HĐND, UBND các cấp nhằm mục đích gì?",
  ["*Kịp thời sửa đổi, bổ sung, bãi bỏ hoặc thay thế văn bản trái pháp luật, mâu thuẫn, chồng chéo hoặc không phù "
   "hợp thực tiễn", "Tăng số lượng văn bản được ban hành trong năm", "Thay thế việc lấy ý kiến của người dân",
   "Chỉ để lưu trữ văn bản"], BD20 + ", Phụ lục, mục I.1–I.2")
q("institutions", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, cần tăng cường vai trò của những chủ thể nào trong "
  "phản biện và giám sát thi hành pháp luật? Chọn tất cả phương án đúng.",
  ["*Người dân", "*Doanh nghiệp", "*Các tổ chức chính trị - xã hội, xã hội - nghề nghiệp",
   "Chỉ riêng cơ quan soạn thảo văn bản", "Chỉ riêng cơ quan thanh tra"], HT2024 + ", mục III.2")
q("institutions", HARD, "Nghị quyết số 68/NQ-CP ngày 12/5/2020 của Chính phủ (Chương trình cắt giảm, đơn giản hóa quy "
  "định liên quan đến hoạt động kinh doanh giai đoạn 2020–2025) đặt mục tiêu cắt giảm tối thiểu bao nhiêu phần trăm "
  "số quy định và chi phí tuân thủ?", ["*20%", "10%", "30%", "50%"], "Nghị quyết 68/NQ-CP ngày 12/5/2020")
q("institutions", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, khi rà soát văn bản QPPL do HĐND, UBND các cấp ban "
  "hành cần đối chiếu với những văn bản nào?",
  ["*Hiến pháp năm 2013, Luật Ban hành văn bản QPPL và các văn bản QPPL của Trung ương",
   "Chỉ các nghị quyết của HĐND tỉnh", "Chỉ các văn bản hướng dẫn của Sở Tư pháp",
   "Chỉ các quyết định cá biệt của UBND tỉnh"], HT2024 + ", mục III.2")
tf("institutions", MEDIUM, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, Sở Tư pháp và Sở Kế hoạch và Đầu tư phụ trách "
   "xây dựng tài liệu hướng dẫn chuyên sâu về lĩnh vực cải cách thể chế, cải thiện môi trường đầu tư kinh doanh.", True,
   KH1718 + ", mục V.1.2.a")
q("institutions", MEDIUM, "Luật Tổ chức chính quyền địa phương mà các kế hoạch CCHC giai đoạn 2021–2024 viện dẫn làm "
  "căn cứ được Quốc hội thông qua ngày nào?",
  ["*19/6/2015", "22/11/2019", "15/7/2021", "01/01/2016"], BD905 + ", phần căn cứ; " + HT2024 + ", phần căn cứ")
q("institutions", MEDIUM, "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
  "địa phương được Quốc hội thông qua ngày nào?",
  ["*22/11/2019", "19/6/2015", "12/6/2025", "17/11/2022"], KH1718 + ", phần căn cứ")

# ---------------------------------------------------------------- thủ tục hành chính
q("procedures.onestop", EASY, "Nghị định nào của Chính phủ quy định về thực hiện cơ chế một cửa, một cửa liên thông "
  "trong giải quyết thủ tục hành chính (ban hành năm 2018)?",
  ["*Nghị định số 61/2018/NĐ-CP", "Nghị định số 63/2010/NĐ-CP", "Nghị định số 45/2020/NĐ-CP",
   "Nghị định số 42/2022/NĐ-CP"], "Nghị định 61/2018/NĐ-CP ngày 23/4/2018")
q("procedures.onestop", MEDIUM, "Nghị định nào sửa đổi, bổ sung Nghị định 61/2018/NĐ-CP về cơ chế một cửa, một cửa "
  "liên thông?", ["*Nghị định số 107/2021/NĐ-CP", "Nghị định số 92/2017/NĐ-CP", "Nghị định số 48/2013/NĐ-CP",
                  "Nghị định số 130/2005/NĐ-CP"], "Nghị định 107/2021/NĐ-CP ngày 06/12/2021")
q("procedures.onestop", EASY, "Theo Nghị định 61/2018/NĐ-CP, Bộ phận Một cửa cấp tỉnh có tên gọi là gì?",
  ["*Trung tâm Phục vụ hành chính công", "Bộ phận Tiếp nhận và Trả kết quả cấp tỉnh", "Văn phòng Tiếp công dân",
   "Cổng Dịch vụ công cấp tỉnh"], "Nghị định 61/2018/NĐ-CP, Điều 7")
tf("procedures.onestop", MEDIUM, "Theo Nghị định 61/2018/NĐ-CP, khi hồ sơ giải quyết quá hạn, cơ quan có trách nhiệm "
   "phải gửi văn bản xin lỗi tổ chức, cá nhân và hẹn lại thời gian trả kết quả.", True,
   "Nghị định 61/2018/NĐ-CP, Điều 19 (Phiếu xin lỗi và hẹn lại ngày trả kết quả)")
tf("procedures.onestop", MEDIUM, "Theo Nghị định 61/2018/NĐ-CP, Bộ phận Một cửa cấp xã được gọi là Trung tâm Phục vụ "
   "hành chính công cấp xã.", False, "Nghị định 61/2018/NĐ-CP, Điều 7",
   "Ở cấp xã là Bộ phận Tiếp nhận và Trả kết quả; Trung tâm Phục vụ hành chính công là mô hình cấp tỉnh.")
q("procedures.onestop", HARD, "Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ "
  "tục hành chính được Thủ tướng Chính phủ phê duyệt tại quyết định nào?",
  ["*Quyết định số 468/QĐ-TTg ngày 27/3/2021", "Quyết định số 06/QĐ-TTg ngày 06/01/2022",
   "Quyết định số 766/QĐ-TTg ngày 23/6/2022", "Quyết định số 905/QĐ-BNV ngày 17/11/2022"],
  "Quyết định 468/QĐ-TTg ngày 27/3/2021")
tf("procedures.onestop", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tất cả TTHC thuộc thẩm quyền giải quyết của "
   "03 cấp được giải quyết theo cơ chế một cửa, một cửa liên thông và được kiểm soát qua Hệ thống thông tin giải "
   "quyết TTHC.", True, HT2024 + ", mục III.3")
q("procedures.onestop", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, để giảm hồ sơ trễ hẹn, các cơ quan phải "
  "làm gì? Chọn tất cả phương án đúng.",
  ["*Kiểm soát trách nhiệm giải quyết công việc trong tiếp nhận, giải quyết hồ sơ",
   "*Nghiêm túc xin lỗi người dân, tổ chức khi để xảy ra trễ hẹn", "Ngừng tiếp nhận hồ sơ vào cuối ngày",
   "Tự kéo dài thời hạn giải quyết mà không thông báo"], HT2024 + ", mục III.3")
q("procedures.control", EASY, "Nghị định nào của Chính phủ quy định về kiểm soát thủ tục hành chính (ban hành năm "
  "2010)?", ["*Nghị định số 63/2010/NĐ-CP", "Nghị định số 61/2018/NĐ-CP", "Nghị định số 24/2014/NĐ-CP",
             "Nghị định số 30/2020/NĐ-CP"], "Nghị định 63/2010/NĐ-CP ngày 08/6/2010")
q("procedures.control", HARD, "Những nghị định nào đã sửa đổi, bổ sung Nghị định 63/2010/NĐ-CP về kiểm soát thủ tục "
  "hành chính? Chọn tất cả phương án đúng.",
  ["*Nghị định số 48/2013/NĐ-CP", "*Nghị định số 92/2017/NĐ-CP", "Nghị định số 107/2021/NĐ-CP",
   "Nghị định số 60/2021/NĐ-CP"], "Nghị định 48/2013/NĐ-CP; Nghị định 92/2017/NĐ-CP")
q("procedures.control", MEDIUM, "Theo Nghị định 63/2010/NĐ-CP, “thủ tục hành chính” được hiểu là gì?",
  ["*Trình tự, cách thức thực hiện, hồ sơ và yêu cầu, điều kiện do cơ quan nhà nước, người có thẩm quyền quy định để "
   "giải quyết một công việc cụ thể liên quan đến cá nhân, tổ chức",
   "Toàn bộ văn bản quy phạm pháp luật do cơ quan hành chính ban hành",
   "Quy trình nội bộ của một cơ quan không liên quan đến người dân",
   "Mẫu đơn, tờ khai mà người dân phải nộp"], "Nghị định 63/2010/NĐ-CP, Điều 3")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ số hóa kết quả giải quyết TTHC tối thiểu ở "
  "cấp tỉnh là bao nhiêu?", ["*90%", "80%", "75%", "100%"], HT2024 + ", chỉ tiêu II.3.1")
q("procedures", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ số hóa kết quả giải quyết TTHC tối thiểu ở cấp "
  "xã là bao nhiêu?", ["*75%", "90%", "80%", "60%"], HT2024 + ", chỉ tiêu II.3.1")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tối thiểu bao nhiêu phần trăm người dân, doanh "
  "nghiệp không phải cung cấp lại thông tin, giấy tờ đã được chấp nhận khi thực hiện thành công TTHC trước đó?",
  ["*70%", "50%", "90%", "100%"], HT2024 + ", chỉ tiêu II.3.3")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, mức độ hài lòng của người dân, doanh nghiệp về giải "
  "quyết TTHC phấn đấu đạt bao nhiêu?", ["*Từ 94% trở lên", "Từ 80% trở lên", "Từ 85% trở lên", "Từ 70% trở lên"],
  HT2024 + ", chỉ tiêu II.3.6")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tối thiểu bao nhiêu phần trăm TTHC có yêu cầu nghĩa "
  "vụ tài chính được triển khai thanh toán trực tuyến?", ["*80%", "50%", "40%", "100%"], HT2024 + ", chỉ tiêu II.3.5")
tf("procedures", EASY, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, 100% TTHC nội bộ giữa các cơ quan hành chính nhà nước "
   "được rà soát, công bố, công khai.", True, HT2024 + ", chỉ tiêu II.3.4")
q("procedures", MEDIUM, "Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ về nội dung gì?",
  ["*Đẩy mạnh cải cách TTHC và hiện đại hóa phương thức chỉ đạo, điều hành phục vụ người dân, doanh nghiệp",
   "Chương trình tổng thể CCHC nhà nước giai đoạn 2021–2030", "Tinh giản biên chế và cơ cấu lại đội ngũ",
   "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập"], HT2024 + ", mục III.3")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ nộp hồ sơ trực tuyến phấn đấu đạt bao nhiêu?",
  ["*70%", "50%", "90%", "30%"], HT2024 + ", chỉ tiêu II.3.2")
q("procedures", MEDIUM, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, ít nhất bao nhiêu phần "
  "trăm TTHC thuộc phạm vi quản lý của Sở được tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia?",
  ["*80%", "50%", "60%", "100%"], SNV_BD + ", mục II.2")
q("procedures", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, lãnh đạo UBND tỉnh phấn đấu tổ chức bao nhiêu cuộc "
  "đối thoại/diễn đàn với người dân, doanh nghiệp, hiệp hội trong năm?",
  ["*Ít nhất từ 02 đến 03 cuộc", "01 cuộc", "Ít nhất 05 cuộc", "Mỗi tháng một cuộc"], HT2024 + ", chỉ tiêu II.3.7")
tf("procedures", MEDIUM, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, mức độ hài lòng của cá "
   "nhân, tổ chức về giải quyết TTHC của Sở phải đạt tối thiểu 90%.", True, SNV_BD + ", mục II.2")

# ---------------------------------------------------------------- tổ chức bộ máy
q("organisation", MEDIUM, "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 khóa XII bàn về vấn đề gì?",
  ["*Tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
   "Đổi mới hệ thống tổ chức và quản lý đơn vị sự nghiệp công lập", "Chuyển đổi số quốc gia",
   "Cải cách chính sách tiền lương"], "Nghị quyết 18-NQ/TW ngày 25/10/2017; " + HT2024 + ", mục III.4")
q("organisation", MEDIUM, "Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 khóa XII bàn về vấn đề gì?",
  ["*Tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự "
   "nghiệp công lập", "Sắp xếp đơn vị hành chính cấp huyện, cấp xã", "Tinh giản biên chế",
   "Phát triển kinh tế tư nhân"], "Nghị quyết 19-NQ/TW ngày 25/10/2017; " + HT2024 + ", mục III.4")
tf("organisation", EASY, "Từ ngày 01/7/2025, chính quyền địa phương được tổ chức theo mô hình hai cấp (cấp tỉnh và cấp xã), "
   "không còn cấp huyện.", True, "Luật Tổ chức chính quyền địa phương năm 2025; Nghị quyết 202/2025/QH15")
q("organisation", EASY, "Sau khi sắp xếp đơn vị hành chính cấp tỉnh năm 2025, cả nước có bao nhiêu tỉnh, thành phố trực "
  "thuộc Trung ương?", ["*34", "63", "28", "45"], "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội")
q("organisation", HARD, "Nghị định nào quy định tổ chức các cơ quan chuyên môn thuộc UBND tỉnh, thành phố trực thuộc Trung "
  "ương và được sửa đổi bởi Nghị định 107/2020/NĐ-CP?",
  ["*Nghị định số 24/2014/NĐ-CP", "Nghị định số 37/2014/NĐ-CP", "Nghị định số 62/2020/NĐ-CP",
   "Nghị định số 138/2020/NĐ-CP"], "Nghị định 24/2014/NĐ-CP; Nghị định 107/2020/NĐ-CP")
q("organisation", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỉnh phấn đấu giảm bao nhiêu biên chế công chức so với "
  "năm 2023?", ["*28", "531", "100", "50"], HT2024 + ", chỉ tiêu II.4.2")
q("organisation", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỉnh phấn đấu giảm bao nhiêu biên chế viên chức so với "
  "năm 2023?", ["*531", "28", "250", "1.000"], HT2024 + ", chỉ tiêu II.4.2")
tf("organisation", MEDIUM, "Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024 đặt chỉ tiêu hoàn thành kiện toàn, sắp xếp 100% đơn vị sự "
   "nghiệp công lập có phương án sắp xếp theo Đề án sau khi được cấp có thẩm quyền phê duyệt.", True,
   HT2024 + ", chỉ tiêu II.4.1")
q("organisation", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, việc đẩy mạnh phân cấp, phân quyền được thực hiện "
  "theo văn bản nào?", ["*Nghị quyết số 04/NQ-CP ngày 10/01/2022 của Chính phủ", "Nghị quyết số 76/NQ-CP ngày 15/7/2021",
                        "Nghị quyết số 131/NQ-CP ngày 06/10/2022", "Nghị quyết số 68/NQ-CP ngày 12/5/2020"],
  HT2024 + ", mục III.4")
q("organisation", HARD, "Nghị quyết số 595/NQ-UBTVQH15 ngày 12/9/2022 của Ủy ban Thường vụ Quốc hội về nội dung gì?",
  ["*Tiếp tục thực hiện chủ trương sắp xếp các đơn vị hành chính cấp huyện, cấp xã",
   "Thành lập Trung tâm Phục vụ hành chính công", "Chương trình giám sát chuyên đề năm 2023",
   "Giao biên chế công chức cho các tỉnh"], HT2024 + ", mục III.4")
q("organisation", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, việc sắp xếp lại hệ thống cơ sở cần chú trọng những "
  "lĩnh vực nào? Chọn tất cả phương án đúng.",
  ["*Y tế", "*Giáo dục", "*Giáo dục nghề nghiệp", "Ngân hàng thương mại", "Doanh nghiệp tư nhân"],
  HT2024 + ", mục III.4")
q("organisation", MEDIUM, "Nghị quyết số 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị về nội dung gì?",
  ["*Tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
   "Đổi mới phương thức lãnh đạo của Đảng", "Chuyển đổi số quốc gia",
   "Sắp xếp đơn vị hành chính cấp tỉnh"], "Nghị quyết 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị")
tf("organisation", EASY, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, các cơ quan, đơn vị, địa phương tiếp tục củng cố, "
   "kiện toàn mô hình tổ chức, đội ngũ thực hiện công tác CCHC.", True, KH1718 + ", mục V.1.3")

# ---------------------------------------------------------------- chế độ công vụ
q("civil_service", EASY, "Luật Cán bộ, công chức năm 2008 có số hiệu nào?",
  ["*22/2008/QH12", "58/2010/QH12", "52/2019/QH14", "80/2015/QH13"], "Luật Cán bộ, công chức số 22/2008/QH12")
q("civil_service", EASY, "Luật Viên chức năm 2010 có số hiệu nào?",
  ["*58/2010/QH12", "22/2008/QH12", "83/2015/QH13", "20/2023/QH15"], "Luật Viên chức số 58/2010/QH12")
q("civil_service", MEDIUM, "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức năm 2019 "
  "có số hiệu nào?", ["*52/2019/QH14", "47/2019/QH14", "22/2008/QH12", "64/2025/QH15"],
  "Luật số 52/2019/QH14 ngày 25/11/2019")
q("civil_service", MEDIUM, "Nghị định số 62/2020/NĐ-CP của Chính phủ quy định về nội dung gì?",
  ["*Vị trí việc làm và biên chế công chức", "Tuyển dụng, sử dụng và quản lý công chức",
   "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức", "Cơ chế tự chủ tài chính"],
  "Nghị định 62/2020/NĐ-CP ngày 01/6/2020; " + HT2024 + ", mục III.5")
q("civil_service", HARD, "Nghị định nào quy định về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp "
  "công lập?", ["*Nghị định số 106/2020/NĐ-CP", "Nghị định số 62/2020/NĐ-CP", "Nghị định số 115/2020/NĐ-CP",
                "Nghị định số 60/2021/NĐ-CP"], "Nghị định 106/2020/NĐ-CP; " + HT2024 + ", mục III.5")
q("civil_service", MEDIUM, "Nghị định số 138/2020/NĐ-CP của Chính phủ quy định về nội dung gì?",
  ["*Tuyển dụng, sử dụng và quản lý công chức", "Vị trí việc làm và biên chế công chức",
   "Chế độ tự chủ về biên chế và kinh phí quản lý hành chính", "Công tác văn thư"],
  "Nghị định 138/2020/NĐ-CP ngày 27/11/2020")
q("civil_service", HARD, "Theo Nghị định 90/2020/NĐ-CP, cán bộ, công chức, viên chức được xếp loại chất lượng theo "
  "những mức nào? Chọn tất cả phương án đúng.",
  ["*Hoàn thành xuất sắc nhiệm vụ", "*Hoàn thành tốt nhiệm vụ", "*Hoàn thành nhiệm vụ", "*Không hoàn thành nhiệm vụ",
   "Hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực", "Xuất sắc tiêu biểu"],
  "Nghị định 90/2020/NĐ-CP ngày 13/8/2020",
  "Mức “hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực” thuộc quy định cũ (Nghị định 56/2015/NĐ-CP).")
q("civil_service", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ cán bộ, công chức cấp xã có trình độ đại học "
  "trở lên và được chuẩn hóa về lý luận chính trị, chuyên môn, nghiệp vụ, kỹ năng làm việc phấn đấu đạt bao nhiêu?",
  ["*85%", "50%", "70%", "100%"], HT2024 + ", chỉ tiêu II.5.2")
q("civil_service", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ cán bộ, công chức dưới 40 tuổi (lãnh đạo, quản "
  "lý cấp sở, ngành, UBND cấp huyện) giao tiếp được với người nước ngoài bằng tiếng Anh hoặc ngoại ngữ thông dụng "
  "khác phấn đấu đạt bao nhiêu?", ["*50%", "30%", "70%", "85%"], HT2024 + ", chỉ tiêu II.5.1")
q("civil_service", EASY, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, đến năm 2025 phấn đấu "
  "bao nhiêu phần trăm công chức, viên chức được bố trí đúng vị trí việc làm theo đề án và khung năng lực?",
  ["*100%", "80%", "90%", "70%"], SNV_BD + ", mục II.2")
tf("civil_service", MEDIUM, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, công tác đào tạo, bồi dưỡng năng lực "
   "CCHC phải gắn với kế hoạch bố trí, sắp xếp, chuyển đổi vị trí công tác để tránh lãng phí nguồn lực.", True,
   BD905 + ", mục I.2.b")
q("civil_service", MEDIUM, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, kết quả kiểm tra kiến thức CCHC định kỳ được "
  "sử dụng như thế nào? Chọn tất cả phương án đúng.",
  ["*Động viên, khuyến khích, biểu dương người có kết quả kiểm tra tốt",
   "*Khuyến nghị cập nhật, bổ sung kiến thức cho người chưa đạt hoặc đạt kết quả thấp",
   "Cho thôi việc ngay người chưa đạt", "Không công bố kết quả cho người dự kiểm tra"], KH1718 + ", mục IV.1")
tf("civil_service", EASY, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tuyển dụng, bổ nhiệm, đề bạt công chức, viên chức "
   "phải bảo đảm cơ chế cạnh tranh lành mạnh, dân chủ, công khai, minh bạch.", True, HT2024 + ", mục III.5")
q("civil_service", MEDIUM, "Quyết định số 1333/QĐ-BNV ngày 14/12/2012 của Bộ Nội vụ phê duyệt đề án nào?",
  ["*Tăng cường năng lực đội ngũ công chức chuyên trách CCHC giai đoạn 2013–2015",
   "Xác định Chỉ số CCHC giai đoạn 2012–2020", "Đo lường sự hài lòng của người dân",
   "Văn hóa công vụ"], KH1718 + ", mục I.1")
tf("civil_service", MEDIUM, "Theo Luật Viên chức, viên chức là công dân Việt Nam được bầu cử, phê chuẩn, bổ nhiệm giữ "
   "chức vụ, chức danh theo nhiệm kỳ.", False, "Luật Cán bộ, công chức 2008, Điều 4; Luật Viên chức 2010, Điều 2",
   "Đó là định nghĩa cán bộ; viên chức được tuyển dụng theo vị trí việc làm, làm việc tại đơn vị sự nghiệp công lập "
   "theo hợp đồng làm việc.")

# ---------------------------------------------------------------- tài chính công
q("public_finance", EASY, "Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ quy định về nội dung gì?",
  ["*Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
   "Chế độ tự chủ về biên chế và kinh phí quản lý hành chính của cơ quan nhà nước",
   "Quản lý, sử dụng tài sản công", "Đầu tư công trung hạn"], "Nghị định 60/2021/NĐ-CP; " + SNV_BD + ", mục II.2")
q("public_finance", MEDIUM, "Nghị định số 130/2005/NĐ-CP quy định về nội dung gì?",
  ["*Chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính đối với cơ quan nhà nước",
   "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập", "Cơ chế một cửa, một cửa liên thông",
   "Tuyển dụng công chức"], "Nghị định 130/2005/NĐ-CP; " + HT2024 + ", chỉ tiêu II.6.3")
q("public_finance", HARD, "Nghị định nào sửa đổi, bổ sung Nghị định 130/2005/NĐ-CP về tự chủ biên chế và kinh phí quản "
  "lý hành chính?", ["*Nghị định số 117/2013/NĐ-CP", "Nghị định số 16/2015/NĐ-CP", "Nghị định số 60/2021/NĐ-CP",
                     "Nghị định số 32/2019/NĐ-CP"], "Nghị định 117/2013/NĐ-CP; " + HT2024 + ", chỉ tiêu II.6.3")
q("public_finance", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, chi hỗ trợ trực tiếp từ ngân sách nhà nước cho đơn "
  "vị sự nghiệp công lập nhóm 3 phải giảm tối thiểu bao nhiêu so với năm trước liền kề?",
  ["*2,5%", "5%", "10%", "1%"], HT2024 + ", chỉ tiêu II.6.1")
tf("public_finance", EASY, "Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024 đặt chỉ tiêu 100% đơn vị sự nghiệp công lập được giao "
   "quyền tự chủ tài chính theo Nghị định 60/2021/NĐ-CP.", True, HT2024 + ", chỉ tiêu II.6.2")
q("public_finance", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ sắp xếp lại, xử lý nhà, đất thuộc thẩm "
  "quyền quản lý phấn đấu đạt bao nhiêu?", ["*Trên 85%", "Trên 50%", "Trên 70%", "100%"], HT2024 + ", chỉ tiêu II.6.5")
q("public_finance", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, có ít nhất bao nhiêu đơn vị sự nghiệp công lập "
  "tăng mức độ tự chủ so với năm trước liền kề?", ["*02", "01", "05", "10"], HT2024 + ", chỉ tiêu II.6.4")
q("public_finance", HARD, "Theo Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định, mức tự bảo đảm kinh phí "
  "chi thường xuyên của Trung tâm Lưu trữ lịch sử tỉnh năm 2023 phấn đấu đạt bao nhiêu?",
  ["*Trên 30%", "Trên 50%", "100%", "Trên 10%"], SNV_BD + ", mục II.2")
q("public_finance", MEDIUM, "Luật Ngân sách nhà nước năm 2015 có số hiệu nào?",
  ["*83/2015/QH13", "80/2015/QH13", "15/2017/QH14", "22/2008/QH12"],
  "Luật Ngân sách nhà nước số 83/2015/QH13; " + BD905 + ", mục IV.2")
q("public_finance", HARD, "Nghị định số 32/2019/NĐ-CP ngày 10/4/2019 của Chính phủ quy định về nội dung gì?",
  ["*Giao nhiệm vụ, đặt hàng hoặc đấu thầu cung cấp sản phẩm, dịch vụ công sử dụng ngân sách nhà nước từ nguồn kinh "
   "phí chi thường xuyên", "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
   "Quản lý, sử dụng tài sản công", "Thanh toán trực tuyến phí, lệ phí"], HT2024 + ", mục III.6")
q("public_finance", MEDIUM, "Chỉ thị số 32/CT-TTg ngày 10/12/2019 của Thủ tướng Chính phủ về nội dung gì?",
  ["*Đẩy mạnh triển khai thi hành Luật Quản lý, sử dụng tài sản công",
   "Đẩy mạnh thực hiện Chương trình tổng thể CCHC", "Tăng cường kỷ luật, kỷ cương hành chính",
   "Phát triển Chính phủ số"], HT2024 + ", mục III.6")
tf("public_finance", EASY, "Theo Kế hoạch thực hiện Đề án 905 của tỉnh Bình Định, kinh phí triển khai được bảo đảm bằng "
   "ngân sách nhà nước cấp hằng năm và các nguồn tài trợ hợp pháp khác (nếu có).", True, BD905 + ", mục IV.1")
tf("public_finance", MEDIUM, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, kinh phí thực hiện nhiệm vụ của tỉnh được cấp "
   "trong ngân sách hằng năm của Sở Tài chính.", False, KH1718 + ", mục V.2.2",
   "Kinh phí nhiệm vụ của tỉnh được cấp trong ngân sách hằng năm (kinh phí CCHC) của Sở Nội vụ.")

# ---------------------------------------------------------------- chính phủ điện tử, chính phủ số
q("digital", MEDIUM, "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ quy định về nội dung gì?",
  ["*Thực hiện thủ tục hành chính trên môi trường điện tử", "Cung cấp thông tin và dịch vụ công trực tuyến",
   "Công tác văn thư", "Định danh và xác thực điện tử"], "Nghị định 45/2020/NĐ-CP")
tf("digital", MEDIUM, "Theo Nghị định 45/2020/NĐ-CP, kết quả giải quyết TTHC bản điện tử không có giá trị "
   "pháp lý như kết quả giải quyết TTHC bằng văn bản giấy.", False, "Nghị định 45/2020/NĐ-CP",
   "Kết quả giải quyết TTHC điện tử có giá trị pháp lý như kết quả bằng văn bản giấy.")
q("digital", EASY, "Đề án 06 (Quyết định số 06/QĐ-TTg ngày 06/01/2022) của Thủ tướng Chính phủ là đề án gì?",
  ["*Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn "
   "2022–2025, tầm nhìn đến năm 2030", "Đổi mới cơ chế một cửa, một cửa liên thông",
   "Tăng cường năng lực đội ngũ làm công tác CCHC", "Xác định Chỉ số CCHC"],
  "Quyết định 06/QĐ-TTg ngày 06/01/2022; " + HT2024 + ", phần căn cứ")
q("digital", EASY, "Ứng dụng định danh điện tử quốc gia dùng để xác thực công dân khi thực hiện dịch vụ công "
  "trực tuyến (Đề án 06) có tên là gì?", ["*VNeID", "VssID", "Zalo", "eTax Mobile"], "Quyết định 06/QĐ-TTg ngày 06/01/2022")
q("digital", HARD, "Luật Giao dịch điện tử năm 2023 có hiệu lực thi hành từ ngày nào?",
  ["*01/7/2024", "01/01/2024", "01/7/2023", "01/01/2025"], "Luật Giao dịch điện tử số 20/2023/QH15")
q("digital", MEDIUM, "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "
  "trong thực hiện TTHC, dịch vụ công theo thời gian thực trên môi trường điện tử được phê duyệt tại quyết định nào?",
  ["*Quyết định số 766/QĐ-TTg ngày 23/6/2022", "Quyết định số 06/QĐ-TTg ngày 06/01/2022",
   "Quyết định số 468/QĐ-TTg ngày 27/3/2021", "Quyết định số 876/QĐ-BNV ngày 10/11/2022"], HT2024 + ", mục III.3")
q("digital", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ hồ sơ công việc tại cấp tỉnh được xác "
  "lập trên môi trường mạng (trừ hồ sơ mật) là bao nhiêu?", ["*100%", "90%", "60%", "80%"], HT2024 + ", chỉ tiêu II.7.4")
q("digital", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ hồ sơ công việc tại cấp xã được xác lập "
  "trên môi trường mạng (trừ hồ sơ mật) là bao nhiêu?", ["*60%", "100%", "90%", "40%"], HT2024 + ", chỉ tiêu II.7.4")
q("digital", HARD, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ cơ sở dữ liệu của các sở, ngành được "
  "kết nối liên thông để phục vụ quản lý nhà nước, cung cấp dịch vụ công phấn đấu đạt bao nhiêu?",
  ["*70%", "50%", "90%", "100%"], HT2024 + ", chỉ tiêu II.7.2")
q("digital", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, từng bước triển khai bao nhiêu phần trăm hoạt "
  "động kiểm tra của cơ quan quản lý nhà nước thông qua môi trường số?", ["*30%", "50%", "10%", "100%"],
  HT2024 + ", chỉ tiêu II.7.3")
tf("digital", EASY, "Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024 yêu cầu triển khai hệ thống hội nghị trực tuyến "
   "đồng bộ từ cấp tỉnh đến 100% cấp xã và kết nối với hệ thống hội nghị trực tuyến quốc gia.", True,
   HT2024 + ", chỉ tiêu II.7.1")
q("digital", HARD, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, Sở Nội vụ kết nối với phần mềm đào tạo, "
  "bồi dưỡng trực tuyến nào của Bộ Nội vụ?", ["*bonoivu.cls.vn", "dichvucong.gov.vn", "vbpl.vn", "chinhphu.vn"],
  KH1718 + ", mục V.1.1")
q("digital", MEDIUM, "Theo Đề án 1718/QĐ-UBND của tỉnh Khánh Hòa, cơ sở dữ liệu CCHC của tỉnh được kết nối, "
  "chia sẻ với website CCHC nào của Bộ Nội vụ?",
  ["*caicachhanhchinh.gov.vn", "dichvucong.gov.vn", "moha.gov.vn/tuyen-dung", "baochinhphu.vn"], KH1718 + ", mục IV.1")
tf("digital", MEDIUM, "Kế hoạch CCHC giai đoạn 2021–2025 của Sở Nội vụ tỉnh Bình Định đặt chỉ tiêu 100% dịch "
   "vụ công trên Cổng Dịch vụ công của tỉnh được kết nối, chia sẻ dữ liệu với Cổng Dịch vụ công quốc gia.", True,
   SNV_BD + ", mục II.2")
q("digital", MEDIUM, "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ quy định về nội dung gì "
  "(bao gồm văn bản điện tử và chữ ký số)?",
  ["*Công tác văn thư", "Kiểm soát thủ tục hành chính", "Vị trí việc làm", "Tự chủ tài chính"],
  "Nghị định 30/2020/NĐ-CP ngày 05/3/2020")
q("digital.online", EASY, "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
  ["*dichvucong.gov.vn", "chinhphu.vn", "caicachhanhchinh.gov.vn", "vbpl.vn"],
  "Cổng Dịch vụ công quốc gia (khai trương ngày 09/12/2019)")
q("digital.online", MEDIUM, "Nghị định số 42/2022/NĐ-CP của Chính phủ quy định về nội dung gì?",
  ["*Cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
   "Thực hiện TTHC trên môi trường điện tử", "Cơ chế một cửa, một cửa liên thông", "Giao dịch điện tử"],
  "Nghị định 42/2022/NĐ-CP ngày 24/6/2022")
q("digital.online", MEDIUM, "Theo Nghị định 42/2022/NĐ-CP, dịch vụ công trực tuyến được phân thành những "
  "loại nào? Chọn tất cả phương án đúng.",
  ["*Dịch vụ công trực tuyến toàn trình", "*Dịch vụ công trực tuyến một phần", "Dịch vụ công trực tuyến mức độ 5",
   "Dịch vụ công ngoại tuyến có thu phí"], "Nghị định 42/2022/NĐ-CP, Điều 11; " + HT2024 + ", chỉ tiêu II.3.2")
q("digital.online", MEDIUM, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, tỷ lệ nộp hồ sơ trực tuyến toàn trình "
  "(đối với các dịch vụ công toàn trình) phấn đấu đạt bao nhiêu?", ["*90%", "70%", "50%", "100%"],
  HT2024 + ", chỉ tiêu II.3.2")
tf("digital.online", EASY, "Theo Kế hoạch CCHC tỉnh Hà Tĩnh năm 2024, 100% TTHC đủ điều kiện được cung cấp "
   "dịch vụ công trực tuyến và được cập nhật lên Cơ sở dữ liệu quốc gia về TTHC, công khai trên Cổng Dịch vụ công quốc "
   "gia.", True, HT2024 + ", chỉ tiêu II.3.2")


def demo_questions() -> list[QuestionData]:
    """A fresh copy of the demo bank with stable refs CCHC-001 … (normalised)."""
    out = []
    for i, src in enumerate(_Q, start=1):
        qd = QuestionData(text=src.text, kind=src.kind, options=[Option(o.text, o.correct) for o in src.options],
                          topic=src.topic, difficulty=src.difficulty, explanation=src.explanation,
                          source_ref=src.source_ref, ref=f"CCHC-{i:03d}", line=i)
        out.append(qd.normalise())
    return out
