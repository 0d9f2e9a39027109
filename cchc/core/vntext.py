"""Vietnamese text helpers (pure Python, no Django).

NFC normalisation (with "ƣ" read as "ư"), diacritic folding (including đ/Đ), tokenisation for search,
a Vietnamese collation key (`collation_key`, `sort_vi`) and numbers with Vietnamese
separators (`format_number`, `parse_number`: "1.234,5"); `first_label` reads a text by a table of patterns.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


# "ƣ"/"Ƣ" (U+01A3/U+01A2, Latin letter oi) is what some Vietnamese fonts and converters put for "ư"/"Ư";
# the letter never occurs in Vietnamese, so the normaliser maps it back.
_OI_MAP = str.maketrans({"\u01a3": "\u01b0", "\u01a2": "\u01af"})


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC ('' for None), with the look-alike "ƣ"/"Ƣ" written as "ư"/"Ư"."""
    if not text:
        return ""
    if "\u01a3" in text or "\u01a2" in text:
        text = text.translate(_OI_MAP)
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str | None) -> str:
    """NFC, collapse every run of whitespace to one space, strip."""
    return _WS_RE.sub(" ", nfc(text)).strip()


def fold(text: str | None) -> str:
    """Remove Vietnamese diacritics, mapping đ/Đ (and Eth Ð/ð) to d/D. Case is kept."""
    if not text:
        return ""
    s = unicodedata.normalize("NFD", nfc(text).translate(_D_MAP))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", s)


def fold_key(text: str | None) -> str:
    """Folded, lower-cased, whitespace-collapsed form used for matching."""
    return _WS_RE.sub(" ", fold(text).lower()).strip()


def first_label(text: str, rules, default=None):
    """The label of the first ``(pattern, label)`` of ``rules`` whose regular expression is found in ``text``
    (``re.search``; anchor with ``^`` to match at the start), else ``default``: a ladder of text tests as a table."""
    for pattern, label in rules:
        if re.search(pattern, text):
            return label
    return default


def syllables(text: str | None) -> list[str]:
    """Lower-case NFC syllables (\\w+ runs)."""
    return _WORD_RE.findall(nfc(text).lower())


# ---------------------------------------------------------------------------
# Vietnamese collation
# ---------------------------------------------------------------------------
# Dictionary order (Từ điển tiếng Việt, Hoàng Phê): letters first —
# a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y — then, inside each
# syllable, the tone: ngang (none) < huyền < hỏi < ngã < sắc < nặng. Syllables are
# compared one after the other, so "ba" < "bà" < "bá" < "bác" and "ba y" < "bà x".
# Foreign Latin letters (f j w z) take their Latin place.

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: 200 + i for i, ch in enumerate(_ALPHABET)}
_COMBINING_TO_LETTER = {  # base letter + shape mark (NFD) -> Vietnamese letter
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SYLLABLE_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _char_units(text: str) -> list[tuple[str, int, bool]]:
    """Split NFD text into (vietnamese letter or char, tone rank, was upper) units."""
    s = unicodedata.normalize("NFD", text.translate({0x00D0: "Đ", 0x00F0: "đ"}))
    units: list[tuple[str, int, bool]] = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        i += 1
        low = ch.lower()
        upper = ch != low
        tone = 0
        marks = []
        while i < n and unicodedata.category(s[i]) == "Mn":
            mark = s[i]
            if mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            else:
                marks.append(mark)
            i += 1
        for mark in marks:
            low = _COMBINING_TO_LETTER.get((low, mark), low)
        units.append((low, tone, upper))
    return units


def _syllable_key(syl: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    units = _char_units(syl)
    primary = []
    for letter, _tone, _upper in units:
        if letter in _LETTER_RANK:
            primary.append(_LETTER_RANK[letter])
        elif letter.isdigit():
            primary.append(100 + unicodedata.digit(letter, 0))
        else:
            primary.append(1000 + ord(letter[0]))
    return tuple(primary), tuple(t for _l, t, _u in units)


def collation_key(text: str | None) -> tuple:
    """Sort key for Vietnamese dictionary order (case-insensitive; NFC or NFD input).

    Primary: letters in the Vietnamese alphabet order, syllable by syllable, each syllable
    followed by its tones (no mark < huyền < hỏi < ngã < sắc < nặng). Upper case only breaks
    ties (lower case first), then the NFC text itself, so the order is total and stable.
    """
    s = nfc(text)
    syllables_ = tuple(_syllable_key(m.group(0)) for m in _SYLLABLE_RE.finditer(s))
    case = tuple(1 if upper else 0 for _l, _t, upper in _char_units(s))
    return (syllables_, case, s)


def sort_vi(iterable, key=None, reverse: bool = False) -> list:
    """``sorted`` in Vietnamese dictionary order; ``key`` maps an item to its text."""
    if key is None:
        return sorted(iterable, key=lambda item: collation_key(str(item) if item is not None else ""),
                      reverse=reverse)
    return sorted(iterable, key=lambda item: collation_key(key(item)), reverse=reverse)


# ---------------------------------------------------------------------------
# Numbers with Vietnamese separators: 1.234.567,89
# ---------------------------------------------------------------------------

def _group_thousands(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ".".join(reversed(out))


def format_number(value, decimals: int | None = None) -> str:
    """Format a number the Vietnamese way: ``1234.5`` -> ``"1.234,5"``, ``-1000`` -> ``"-1.000"``.

    ``decimals=None``: ints without decimals, Decimals with their own digits, floats with
    the shortest exact representation (``2.0`` -> ``"2"``). ``decimals=n``: rounded half-up
    to n places. ``None``/``""`` give ``""``; a string is parsed first (returned unchanged
    if it is not a number).
    """
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, bool):
        value = int(value)
    try:
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return str(value)
            dec = Decimal(repr(value))
            if decimals is None and dec == dec.to_integral_value():
                dec = dec.quantize(Decimal(1))
        else:
            dec = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not dec.is_finite():
        return str(value)
    if decimals is not None:
        dec = dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if dec < 0 else ""
    text = format(abs(dec), "f")
    int_part, _, frac = text.partition(".")
    result = sign + _group_thousands(int_part)
    if frac:
        result += "," + frac
    return "0" if result == "-0" else result


_NUM_CLEAN_RE = re.compile(r"[\s\u00a0\u202f\u2009]")
_NUM_SUFFIX_RE = re.compile(r"(%|‰|vnđ|vnd|đồng|đ)$", re.IGNORECASE)


def parse_number(text):
    """Parse a number written the Vietnamese (or plain) way; ``None`` if it is not one.

    ``"1.234,5"`` -> ``Decimal("1234.5")``, ``"2,5"`` -> 2.5, ``"1.000"`` -> 1000,
    ``"85%"`` -> 85 (the percent figure, not 0.85), ``"1.5"`` -> 1.5, ``"-3"``, ``"(3)"``
    -> -3, ``"1 234,5"`` -> 1234.5. A single comma is always the decimal comma
    (``"12,500"`` -> 12.5). A single dot followed by exactly three digits is a thousands
    separator when the integer part is 1–3 digits not starting with 0 (``"1.000"`` -> 1000,
    ``"0.500"`` -> 0.5, ``"1.5"`` -> 1.5); several dots or commas are thousands groups.
    Ints/floats/Decimals are returned as Decimal. Never raises.
    """
    from decimal import Decimal, InvalidOperation

    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            return None
        return Decimal(repr(text))
    if not isinstance(text, str):
        return None
    s = _NUM_CLEAN_RE.sub("", nfc(text))
    if not s:
        return None
    s = _NUM_SUFFIX_RE.sub("", s)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s[:1] in ("-", "\u2212", "\u2013"):
        negative, s = True, s[1:]
    elif s[:1] == "+":
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not any(c.isdigit() for c in s):
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thou_sep = "." if dec_sep == "," else ","
        if s.count(dec_sep) > 1:
            return None
        int_part, frac = s.split(dec_sep)
    elif commas > 1 or dots > 1:
        thou_sep = "," if commas else "."
        int_part, frac = s, ""
    elif commas == 1:
        thou_sep = None
        int_part, frac = s.split(",")
    elif dots == 1:
        left, right = s.split(".")
        if len(right) == 3 and 1 <= len(left) <= 3 and not left.startswith("0"):
            thou_sep, int_part, frac = ".", s, ""
        else:
            thou_sep, int_part, frac = None, left, right
    else:
        thou_sep, int_part, frac = None, s, ""
    if thou_sep and thou_sep in int_part:
        groups = int_part.split(thou_sep)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            return None
        int_part = "".join(groups)
    if not int_part and not frac:
        return None
    if not re.fullmatch(r"[0-9]*", int_part) or not re.fullmatch(r"[0-9]*", frac):
        return None
    try:
        value = Decimal(f"{int_part or '0'}.{frac or '0'}") if frac else Decimal(int_part)
    except InvalidOperation:
        return None
    return -value if negative else value
