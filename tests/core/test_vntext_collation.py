"""Vietnamese collation, number formatting and parsing (cchc.core.vntext)."""

import random
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.vntext import collation_key, format_number, parse_number, sort_vi

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()


def test_alphabet_order_is_vietnamese_not_codepoint():
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert sort_vi(shuffled) == ALPHABET
    # Code-point order would put ă/â/đ/ê/ô/ơ/ư after z.
    assert sorted(ALPHABET) != ALPHABET


def test_tone_order_within_a_syllable():
    # ngang < huyền < hỏi < ngã < sắc < nặng
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sort_vi(reversed(tones)) == tones


def test_letters_before_tones_and_syllable_by_syllable():
    words = ["bác", "bạ", "ba", "bà", "bách", "bạc", "ba ba", "bà ba", "ba bá"]
    assert sort_vi(words) == ["ba", "ba ba", "ba bá", "bà", "bà ba", "bạ", "bác", "bạc", "bách"]


def test_real_unit_names_sort_like_a_vietnamese_list():
    names = ["Sở Y tế", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương",
             "Sở Giáo dục và Đào tạo", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Văn phòng UBND tỉnh",
             "Sở Khoa học và Công nghệ", "Sở Đầu tư"]
    assert sort_vi(names) == [
        "Sở Công Thương", "Sở Dân tộc và Tôn giáo", "Sở Đầu tư", "Sở Giáo dục và Đào tạo",
        "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế",
        "Thanh tra tỉnh", "Văn phòng UBND tỉnh",
    ]


def test_d_stroke_after_d_and_before_e():
    assert sort_vi(["Đông", "Em", "Dung", "dân"]) == ["dân", "Dung", "Đông", "Em"]


def test_case_insensitive_primary_lower_first_on_ties():
    assert sort_vi(["bình", "An", "Bình", "an"]) == ["an", "An", "bình", "Bình"]
    assert collation_key("HÀ TĨNH")[0] == collation_key("hà tĩnh")[0]


def test_nfd_input_sorts_like_nfc():
    words = ["Hà Tĩnh", "Hà Nội", "Hải Phòng", "Huế", "Hưng Yên", "Hoà Bình", "Hòa Bình"]
    nfd = [unicodedata.normalize("NFD", w) for w in words]
    assert [unicodedata.normalize("NFC", w) for w in sort_vi(nfd)] == sort_vi(words)
    for w in words:
        assert collation_key(unicodedata.normalize("NFD", w)) == collation_key(w)


def test_sort_vi_with_key_and_reverse():
    items = [{"n": "ư"}, {"n": "u"}, {"n": "ơ"}]
    assert [i["n"] for i in sort_vi(items, key=lambda i: i["n"])] == ["ơ", "u", "ư"]
    assert sort_vi(["a", "b", "ă"], reverse=True) == ["b", "ă", "a"]


def test_digits_before_letters_and_none_is_empty():
    assert sort_vi(["b", "2", "a", "1"]) == ["1", "2", "a", "b"]
    assert collation_key(None) == collation_key("")


@given(st.lists(st.text(alphabet="aăâbdđeêoôơuư àảãáạ" + "\u0300\u0301\u0303\u0309\u0323", max_size=8),
                max_size=12))
def test_order_is_total_and_normalisation_invariant(words):
    keys = [collation_key(w) for w in words]
    assert sorted(keys) == [collation_key(w) for w in sort_vi(words)]
    for w in words:
        assert collation_key(unicodedata.normalize("NFD", w))[0] == collation_key(w)[0]


# ----------------------------------------------------------------------- numbers

@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.5, None, "1.234,5"),
    (1234567, None, "1.234.567"),
    (-1234567, None, "-1.234.567"),
    (-1234.5, None, "-1.234,5"),
    (1000, None, "1.000"),
    (999, None, "999"),
    (0, None, "0"),
    (2.0, None, "2"),
    (Decimal("1234.50"), None, "1.234,50"),
    (Decimal("-0.5"), None, "-0,5"),
    (1234.5678, 2, "1.234,57"),
    (Decimal("2.345"), 2, "2,35"),  # half up, not banker's
    (Decimal("2.5"), 0, "3"),
    (85, 1, "85,0"),
    (-0.001, 2, "0,00"),
    (True, None, "1"),
])
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_empty_and_strings():
    assert format_number(None) == ""
    assert format_number("") == ""
    assert format_number("1234,5") == "1.234,5"
    assert format_number("không rõ") == "không rõ"
    assert format_number(float("nan")) == "nan"


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", Decimal("1234.5")),
    ("2,5", Decimal("2.5")),
    ("1.000", Decimal("1000")),
    ("1.000.000", Decimal("1000000")),
    ("1.234.567,89", Decimal("1234567.89")),
    ("85%", Decimal("85")),
    ("85,5 %", Decimal("85.5")),
    ("100", Decimal("100")),
    ("1.5", Decimal("1.5")),
    ("0.500", Decimal("0.5")),
    ("12,500", Decimal("12.5")),
    ("1,234,567", Decimal("1234567")),
    ("1,234.5", Decimal("1234.5")),
    ("1 234 567", Decimal("1234567")),
    ("1\u00a0234,5", Decimal("1234.5")),
    ("-3", Decimal("-3")),
    ("\u22123,5", Decimal("-3.5")),
    ("(3)", Decimal("-3")),
    ("+7", Decimal("7")),
    ("50.000 đ", Decimal("50000")),
    ("2.500.000 VNĐ", Decimal("2500000")),
    (",5", Decimal("0.5")),
    (12, Decimal("12")),
    (2.5, Decimal("2.5")),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "1.2.3,4,5", "1.23.456", "12a", "-", "%", None, True,
                                  float("nan"), "1,2,3.4.5", [1]])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**12, max_value=10**12))
def test_format_parse_round_trip(value):
    assert parse_number(format_number(value)) == value
