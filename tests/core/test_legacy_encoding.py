"""TCVN3 / VNI legacy encodings -> Unicode (cchc.core.legacy_encoding).

Samples come from three independent places so the tests are not circular:
* bytes produced by glibc ``iconv -t TCVN5712-1`` (recorded here as literals),
* strings quoted in public converters' docs/tests (duydev/vietnamese-conversion README
  "Xin chaøo caùc baïn"; TCVN3 place names "B¶o Th¾ng", "M­êng Kh­¬ng", "B¸t X¸t" from a
  public Lào Cai data project; the national motto as found in many converter test suites),
* round trips through this module's own reverse tables.
"""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.legacy_encoding import decode_bytes, detect, from_unicode, to_unicode

SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân tỉnh Hà Tĩnh",
    "Đắk Lắk",
    "Quyết định của Bộ trưởng Bộ Nội vụ về việc ban hành kế hoạch cải cách hành chính năm 2024",
    "Sở Tư pháp; Sở Thông tin và Truyền thông; Ban Quản lý khu kinh tế tỉnh",
]

# Written independently of this module (see module docstring).
TCVN3_PUBLIC = [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("B¸o c¸o tµi chÝnh quý II n¨m 2008", "Báo cáo tài chính quý II năm 2008"),
    ("QuyÕt ®Þnh cña Bé tr\u00adëng Bé Tµi chÝnh", "Quyết định của Bộ trưởng Bộ Tài chính"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
    ("B¸t X¸t", "Bát Xát"),
    ("Biªn b¶n ghi lêi khai lËp t¹i trô së C¬ quan C¶nh s¸t ®iÒu tra",
     "Biên bản ghi lời khai lập tại trụ sở Cơ quan Cảnh sát điều tra"),
]
VNI_PUBLIC = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
]
# glibc: printf '...' | iconv -f utf-8 -t TCVN5712-1
GLIBC_TCVN_BYTES = (b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam. \x9ey ban nh\xa9n d\xa9n t\xd8nh "
                    b"H\xb5 T\xdcnh. \xa7\xbek L\xbek")
GLIBC_TCVN_TEXT = "Cộng hòa xã hội chủ nghĩa Việt Nam. Ủy ban nhân dân tỉnh Hà Tĩnh. Đắk Lắk"


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_PUBLIC)
def test_tcvn3_public_samples(legacy, expected):
    assert detect(legacy) == "tcvn3"
    assert to_unicode(legacy) == expected


@pytest.mark.parametrize(("legacy", "expected"), VNI_PUBLIC)
def test_vni_public_samples(legacy, expected):
    assert detect(legacy) == "vni"
    assert to_unicode(legacy) == expected


def test_glibc_tcvn_bytes():
    assert decode_bytes(GLIBC_TCVN_BYTES) == GLIBC_TCVN_TEXT
    # the same bytes read as Latin-1 (C1 control for 0x9E) convert the same way
    assert to_unicode(GLIBC_TCVN_BYTES.decode("latin-1")) == GLIBC_TCVN_TEXT


def test_tcvn3_combining_tone_bytes_only_after_vowels():
    # TCVN 5712 also has combining tones at 0xB0-0xB4 (° ± ² ³ ´ in cp1252)
    assert to_unicode("ViÖt Nam: nhiÖt ®é 25°C, ca\u00b3c") == "Việt Nam: nhiệt độ 25°C, các"


def test_vntimeh_upper_case_lines():
    assert to_unicode("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM\n§éc lËp - Tù do - H¹nh phóc") == \
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_through_reverse_tables(sentence):
    vni = from_unicode(sentence, "vni")
    assert vni != sentence and detect(vni) == "vni"
    assert to_unicode(vni) == sentence
    tcvn = from_unicode(sentence, "tcvn3")
    assert tcvn != sentence and detect(tcvn) == "tcvn3"
    # VN3 has no upper-case toned letters (.VnTimeH used the lower-case codes): those come back lower case
    expected = "".join(c.lower() if c.isupper() and not c.isascii() and c not in "ĂÂÊÔƠƯĐ" else c
                       for c in sentence)
    assert to_unicode(tcvn) == expected


def test_every_vietnamese_letter_round_trips_in_vni():
    letters = [chr(c) for c in range(0x1EA0, 0x1EFA)] + list("ăâđêôơưĂÂĐÊÔƠƯàáãèéêìíòóôõùúýÀÁÃÈÉÊÌÍÒÓÔÕÙÚÝĩĨũŨ")
    for ch in letters:
        word = "b" + ch + "n" if ch.islower() else "B" + ch + "N"
        assert to_unicode(from_unicode(word, "vni"), "vni") == word, ch


def test_every_lower_case_letter_round_trips_in_tcvn3():
    letters = [chr(c) for c in range(0x1EA1, 0x1EFA, 2)] + list("ăâđêôơưàáãèéêìíòóôõùúýĩũ")
    for ch in letters:
        assert to_unicode(from_unicode("b" + ch + "n", "tcvn3"), "tcvn3") == "b" + ch + "n", ch


@pytest.mark.parametrize("text", [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Le café « crème » coûte trop cher à Paris, où l'été est chaud.",
    "Die Straße ist schön und grün.",
    "© 2024 ACME Corp. Price: 5 × 3 = 15 ½",
    "Hoà Bình", "Xuân", "Quân đội", "plain ascii text", "",
    "Mañana él comerá piña en Peñíscola",
])
def test_unicode_and_foreign_text_left_alone(text):
    assert detect(text) == "unicode"
    assert to_unicode(text) == unicodedata.normalize("NFC", text)


def test_nfd_unicode_comes_back_nfc():
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hà Tĩnh")
    assert detect(nfd) == "unicode"
    assert to_unicode(nfd) == "Ủy ban nhân dân tỉnh Hà Tĩnh"


def test_mixed_document_keeps_unicode_lines():
    text = "Kế hoạch năm 2024\nCéng hßa x· héi chñ nghÜa ViÖt Nam\n“Trích dẫn” – hết"
    assert detect(text) == "tcvn3"
    assert to_unicode(text) == "Kế hoạch năm 2024\nCộng hòa xã hội chủ nghĩa Việt Nam\n“Trích dẫn” – hết"


def test_forced_encoding():
    assert to_unicode("Hµ", encoding="tcvn3") == "Hà"
    assert to_unicode("Haø", encoding="vni") == "Hà"
    with pytest.raises(ValueError):
        from_unicode("x", "viscii")


# ------------------------------------------------------------------------ bytes

def test_decode_bytes_encodings():
    text = "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-16")) == text  # with BOM
    assert decode_bytes(text.encode("utf-16-le")) == text  # BOM-less
    assert decode_bytes(text.encode("utf-16-be")) == text
    assert decode_bytes(text.encode("utf-32")) == text
    assert decode_bytes(unicodedata.normalize("NFD", text).encode("utf-8")) == text
    assert decode_bytes(from_unicode(text, "vni").encode("cp1252")) == text
    assert decode_bytes("Céng hßa x· héi chñ nghÜa ViÖt Nam".encode("cp1252")) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    # legacy text that was once pasted into a UTF-8 file
    assert decode_bytes("Coäng hoøa xaõ hoäi".encode()) == "Cộng hòa xã hội"
    assert decode_bytes(b"") == ""
    assert decode_bytes(None) == ""


@given(st.binary(max_size=200))
def test_decode_bytes_never_raises(data):
    assert isinstance(decode_bytes(data), str)


@given(st.text(max_size=60))
def test_to_unicode_never_raises_and_is_nfc(text):
    out = to_unicode(text)
    assert unicodedata.is_normalized("NFC", out)
