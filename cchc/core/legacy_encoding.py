"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI) -> Unicode NFC. Pure Python.

Before Unicode, Vietnamese text was stored as Latin-1/cp1252 bytes that only looked right
with special fonts: TCVN3 (ABC, fonts ``.VnTime``/``.VnTimeH``) and VNI (``VNI-Times``).
Extracted from old .doc/.txt files or pasted, it reads as::

    TCVN3: "Céng hßa x· héi chñ nghÜa ViÖt Nam"
    VNI:   "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"

Sources of the tables (re-typed here as data, not copied code):

* TCVN3 = TCVN 5712:1993, table VN3. Byte values 0xA0–0xFF and the VN1 upper-case letters at
  0x01–0x17 follow glibc iconv's ``TCVN5712-1`` converter (identical to libX11
  ``lcUniConv/tcvn.h``); verified on this machine with ``iconv -f TCVN5712-1``. The VN1
  upper-case letters at 0x80–0x9F are NOT applied to cp1252 characters, because VN3 fonts keep
  the Windows punctuation there (“ ” – — …); they are applied to the C1 control characters a
  Latin-1 decoding produces (which never occur in real text) and to the cp1252 letters there
  that Vietnamese never uses (ƒ ˆ Š Œ Ž ˜ š œ ž Ÿ).
* VNI-Windows: base letter followed by a mark byte, per the VNI table of xvnkb
  (github.com/lamdao/xvnkb ``vni.h``, Dao Hai Lam, GPL) — e.g. "a" + "ù" = "á", "o" + "ä" = "ộ",
  "ô" = "ơ", "ö" = "ư", "ñ" = "đ", "ó" = "ĩ", "î" = "ỵ".

Detection (:func:`detect`) never trusts one character: text that already holds Vietnamese-only
Unicode letters (ă đ ơ ư ạ…ỹ) is Unicode; otherwise each legacy reading needs characters that
real Vietnamese Unicode text never contains, and the words it changes must be valid
Vietnamese syllables (so French "où", German "Straße" or "© 2024" stay untouched).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = ["decode_bytes", "detect", "from_unicode", "to_unicode"]

UNICODE, TCVN3, VNI = "unicode", "tcvn3", "vni"

# ---------------------------------------------------------------------------- TCVN3
# byte -> Unicode for 0xA0..0xFF, one row of 16 bytes per line (glibc TCVN5712-1).
_TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # A0..AF
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # B0..BF (B0..B4: combining tone marks)
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # C0..CF
    "éẹềểễếệìỉỄẾỒĩíịò"  # D0..DF
    "Ổỏõóọồổỗốộờởỡớợù"  # E0..EF
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # F0..FF
)
_TCVN3_LOW = {  # VN1 upper-case letters in the C0 range
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
    0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}
_TCVN3_C1 = "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x80..0x9F (VN1), applied to C1 controls only

_TCVN3_TO_UNI: dict[str, str] = {}
for _i, _u in enumerate(_TCVN3_HIGH):
    if _i:
        _TCVN3_TO_UNI[chr(0xA0 + _i)] = _u
for _b, _u in _TCVN3_LOW.items():
    _TCVN3_TO_UNI[chr(_b)] = _u
for _i, _u in enumerate(_TCVN3_C1):
    _TCVN3_TO_UNI[chr(0x80 + _i)] = _u
    # cp1252 letters that Vietnamese text never uses (ƒ ˆ Š Œ Ž ˜ š œ ž Ÿ): read as VN1 upper case too.
    _cp = bytes([0x80 + _i]).decode("cp1252", errors="ignore")
    if _cp and (_cp.isalpha() or _cp in "ˆ˜"):
        _TCVN3_TO_UNI[_cp] = _u
_TCVN3_COMBINING = {"\u00b0": "\u0300", "\u00b1": "\u0309", "\u00b2": "\u0303", "\u00b3": "\u0301",
                    "\u00b4": "\u0323"}  # only after a vowel ("25°C" keeps its degree sign)
for _k in _TCVN3_COMBINING:
    _TCVN3_TO_UNI.pop(_k, None)
# Unicode -> TCVN3 (VN3): upper-case toned letters have no VN3 code (.VnTimeH fonts used the
# lower-case codes), so they are written with the lower-case code.
_UNI_TO_TCVN3: dict[str, str] = {}
for _k, _u in _TCVN3_TO_UNI.items():
    if 0xA1 <= ord(_k) <= 0xFF and not ("\u0300" <= _u <= "\u036f"):
        _UNI_TO_TCVN3.setdefault(_u, _k)
for _u, _k in list(_UNI_TO_TCVN3.items()):
    if _u.islower() and _u.upper() not in _UNI_TO_TCVN3:
        _UNI_TO_TCVN3[_u.upper()] = _k

# ---------------------------------------------------------------------------- VNI
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc huyền hỏi ngã nặng (xvnkb order 1..5)
_VNI_TONE = ("ù", "ø", "û", "õ", "ï")  # after a e o u y ơ ư
_VNI_CIRC = ("â", "á", "à", "å", "ã", "ä")  # â ê ô: none + 5 tones
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă: none + 5 tones
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò")
_VNI_Y_DOT = "î"


def _build_vni() -> dict[str, str]:
    """Unicode letter (lower and upper) -> VNI string, following xvnkb's table."""
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}

    def put(uni: str, lower_vni: str):
        uni = unicodedata.normalize("NFC", uni)
        table[uni] = lower_vni
        table[uni.upper()] = lower_vni.upper()

    for t, tone in enumerate(_TONES):
        for base in "aeouy":
            put(base + tone, base + _VNI_TONE[t])
        put("o\u031b" + tone, "ô" + _VNI_TONE[t])  # ơ
        put("u\u031b" + tone, "ö" + _VNI_TONE[t])  # ư
        put("i" + tone, _VNI_I[t + 1])
        for base in "aeo":
            put(base + "\u0302" + tone, base + _VNI_CIRC[t + 1])
        put("a\u0306" + tone, "a" + _VNI_BREVE[t + 1])
    for base in "aeo":
        put(base + "\u0302", base + _VNI_CIRC[0])
    put("a\u0306", "a" + _VNI_BREVE[0])
    put("o\u031b", "ô")
    put("u\u031b", "ö")
    put("y\u0323", _VNI_Y_DOT)  # ỵ is one byte, not y + ï
    return table


_UNI_TO_VNI = _build_vni()
_VNI_TO_UNI: dict[str, str] = {}
for _u, _v in _UNI_TO_VNI.items():
    _VNI_TO_UNI.setdefault(_v, _u)
    if len(_v) == 2:  # accept a mark byte in the other case ("Aù" = "Á", "aÙ" = "á")
        for _alt in (_v[0] + _v[1].lower(), _v[0] + _v[1].upper()):
            _VNI_TO_UNI.setdefault(_alt, _u if _v[0].islower() == _u.islower() else _u.swapcase())
    _VNI_TO_UNI.setdefault("y" + "ï", "ỵ")
    _VNI_TO_UNI.setdefault("Y" + "Ï", "Ỵ")
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI_TO_UNI, key=len, reverse=True)))

_VNI_MARKS = set("ùøûõïâáàåãäêéèúüë")
_VNI_MARKS |= {c.upper() for c in _VNI_MARKS}
_VNI_BASES = set("aeouyAEOUY")
_VNI_TONE_BASES = _VNI_BASES | set("ôöÔÖ")

# ---------------------------------------------------------------------------- detection
_VI_UNICODE_RE = re.compile(
    "[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]|[A-Za-z][\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]"
)
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_USED = {c for v in _UNI_TO_VNI.values() for c in v} - set("aeiouyAEIOUY")
_TCVN3_STRONG = {c for c in _TCVN3_TO_UNI if 0xA1 <= ord(c) <= 0xFF} - _VIET_LATIN1 - _VNI_USED
_VNI_STRONG_RE = re.compile(
    r"[aeouyAEOUY][øûïåäëüØÛÏÅÄËÜ]"  # mark bytes that are not Vietnamese letters themselves
    r"|[aeouyAEOUY][ùõúÙÕÚ](?=[a-zA-Z]|\b)"
    r"|[ôöÔÖ][ùøûõïÙØÛÕÏ]"  # ơ/ư + tone
    r"|(?<![^\W\d_])[ñÑ](?=[aeiouyAEIOUY])"  # đ at the start of a syllable
    r"|(?<=[a-zA-Z])[öÖ]|[öÖ](?=[a-zA-Z])"  # ư inside a word
)

_ONSET = r"(?:ngh|kr|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_SYLLABLE_RE = re.compile(_ONSET + r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|c|k|m|n|p|t)?")  # k: Đắk Lắk
_WORD_RE = re.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    """True if ``word`` is shaped like one Vietnamese syllable (at most one tone mark)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in nfd if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return _SYLLABLE_RE.fullmatch(base) is not None


def _changed_words_valid(original: str, converted: str) -> tuple[int, int]:
    """(changed words, of which valid syllables) between two aligned readings."""
    before = set(_WORD_RE.findall(unicodedata.normalize("NFC", original)))
    changed = valid = 0
    for w in _WORD_RE.findall(converted):
        if w in before:
            continue
        changed += 1
        valid += _is_syllable(w)
    return changed, valid


def _has_vi_unicode(text: str) -> bool:
    return _VI_UNICODE_RE.search(text) is not None


def _tcvn3_evidence(text: str) -> int:
    score = 0
    for i, c in enumerate(text):
        if c in _TCVN3_STRONG:
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev.isalnum() or nxt.isalnum() or prev in _TCVN3_TO_UNI or nxt in _TCVN3_TO_UNI:
                score += 1
    return score


def _vni_evidence(text: str) -> tuple[int, int]:
    good = len(_VNI_STRONG_RE.findall(text))
    bad = 0
    for i, c in enumerate(text):
        if c in _VNI_MARKS:
            prev = text[i - 1] if i else " "
            if prev not in (_VNI_TONE_BASES if c.lower() in "ùøûõï" else _VNI_BASES):
                bad += 1
    return good, bad


_SAMPLE = 100_000


def _legacy_lines(text: str) -> str:
    """The part of ``text`` (line by line) not already written in Vietnamese Unicode."""
    return "\n".join(line for line in text[:_SAMPLE].splitlines() if not _has_vi_unicode(line))


def detect(text: str | None) -> str:
    """``"tcvn3"``, ``"vni"`` or ``"unicode"`` for ``text`` (as decoded with cp1252/Latin-1).

    Lines that already contain Vietnamese Unicode letters are ignored, so a document where
    a few lines were retyped in Unicode is still recognised as legacy. Plain ASCII or
    non-Vietnamese Latin text is ``"unicode"`` (nothing to convert).
    """
    if not text:
        return UNICODE
    sample = _legacy_lines(text)
    if not sample:
        return UNICODE
    best, best_score = UNICODE, 0
    tc = _tcvn3_evidence(sample)
    if tc:
        changed, valid = _changed_words_valid(sample, _convert_tcvn3(sample))
        if changed and valid >= 0.6 * changed:
            best, best_score = TCVN3, tc
    good, bad = _vni_evidence(sample)
    if good and bad * 3 <= good:
        changed, valid = _changed_words_valid(sample, _convert_vni(sample))
        if changed and valid >= 0.6 * changed and good > best_score:
            best, best_score = VNI, good
    return best


# ---------------------------------------------------------------------------- conversion
_UPPER_WORD_MIN = 2


def _convert_tcvn3(text: str, fix_case: bool = True) -> str:
    out: list[str] = []
    for c in text:
        if c in _TCVN3_COMBINING and out and out[-1] and unicodedata.normalize("NFD", out[-1])[0].lower() in "aeiouy":
            out.append(_TCVN3_COMBINING[c])
        else:
            out.append(_TCVN3_TO_UNI.get(c, c))
    converted = "".join(out)
    if fix_case:
        # .VnTimeH (upper-case font) text uses the lower-case codes: "CéNG HßA" -> "CỘNG HÒA".
        ascii_letters = [c for c in text if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 4 and all(c.isupper() for c in ascii_letters):
            return converted.upper()
        chars = list(converted)
        for m in _WORD_RE.finditer(converted):
            orig = text[m.start():m.end()]
            ascii_letters = [c for c in orig if c.isascii() and c.isalpha()]
            if len(ascii_letters) >= _UPPER_WORD_MIN and all(c.isupper() for c in ascii_letters) \
                    and any(c in _TCVN3_TO_UNI for c in orig):
                chars[m.start():m.end()] = list(m.group(0).upper())
        converted = "".join(chars)
    return converted


def _convert_vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI_TO_UNI[m.group(0)], text)


def _convert(line: str, encoding: str) -> str:
    if encoding == TCVN3:
        return _convert_tcvn3(line)
    if encoding == VNI:
        return _convert_vni(line)
    return line


def to_unicode(text: str | None, encoding: str | None = None) -> str:
    """Convert TCVN3/VNI text (decoded as cp1252/Latin-1) to Unicode NFC.

    ``encoding`` forces ``"tcvn3"``/``"vni"``; by default it is detected. Lines already in
    Vietnamese Unicode are kept as they are (NFC). Unicode input comes back NFC, unchanged.
    """
    if not text:
        return ""
    enc = encoding or detect(text)
    if enc not in (TCVN3, VNI):
        return unicodedata.normalize("NFC", text)
    parts = []
    for line in text.splitlines(keepends=True):
        parts.append(line if _has_vi_unicode(line) else _convert(line, enc))
    return unicodedata.normalize("NFC", "".join(parts))


def from_unicode(text: str, encoding: str) -> str:
    """Unicode -> TCVN3 or VNI (as the cp1252 characters). For tests and round trips."""
    nfc = unicodedata.normalize("NFC", text or "")
    table = _UNI_TO_TCVN3 if encoding == TCVN3 else _UNI_TO_VNI if encoding == VNI else None
    if table is None:
        raise ValueError(f"Bảng mã không hỗ trợ: {encoding!r}")
    return "".join(table.get(c, c) for c in nfc)


# ---------------------------------------------------------------------------- bytes
def _cp1252_lenient(data: bytes) -> str:
    """cp1252, with its five undefined bytes kept as the Latin-1 (C1) characters."""
    return data.decode("cp1252", errors="_cchc_latin1")


def _latin1_fallback(err: UnicodeDecodeError):
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("_cchc_latin1", _latin1_fallback)


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


_CP1258_TONE_BYTES = frozenset(b"\xcc\xec\xde\xd2\xf2")  # combining grave, acute, tilde, hook above, dot below


def windows_1258(data: bytes) -> str | None:
    """``data`` read as Windows-1258 (what Excel and Notepad on a Vietnamese Windows save as "CSV"/"ANSI": base
    letters plus combining tone marks), in NFC — or None when it does not read as Vietnamese that way (then it may
    be TCVN3/VNI, read by :func:`to_unicode`). Its bytes also decode as cp1252, where they look like TCVN3: the
    tone bytes after a vowel and the words then being Vietnamese syllables decide."""
    sample = data[:_SAMPLE]
    if not _CP1258_TONE_BYTES & set(sample):
        return None
    try:
        text = unicodedata.normalize("NFC", sample.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    words = [w for w in _WORD_RE.findall(text) if not w.isascii()]
    if not words or sum(map(_is_syllable, words)) < 0.8 * len(words):
        return None
    if any(unicodedata.combining(c) for c in text):
        return None  # a tone byte not after a vowel: not Windows-1258
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def decode_bytes(data: bytes | None) -> str:
    """Decode a text file of unknown encoding to Unicode NFC. Never raises.

    UTF-8 (with or without BOM), UTF-16/32 with BOM (and BOM-less UTF-16 recognised by its
    zero bytes); otherwise cp1252. The result then goes through :func:`to_unicode`, so
    TCVN3/VNI text — including legacy text that was once saved as UTF-8 — comes out as Unicode.
    """
    if not data:
        return ""
    text: str | None = None
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, enc in boms:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            enc16 = _looks_utf16(data)
            text = data.decode(enc16, errors="replace") if enc16 else (windows_1258(data) or _cp1252_lenient(data))
    return to_unicode(text)
