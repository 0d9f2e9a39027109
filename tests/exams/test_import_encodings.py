"""An Aiken question file saved by Notepad as "Unicode" (UTF-16) or "ANSI" (Windows-1258 on a Vietnamese
Windows) is recognised and read as Vietnamese; the legacy one with a warning."""

from __future__ import annotations

import pytest

from cchc.exams import qdata
from tests.helpers import windows_1258

AIKEN = "Cơ quan nào chủ trì công tác cải cách hành chính của tỉnh?\nA. Sở Nội vụ\nB. Sở Tư pháp\nANSWER: A\n"


@pytest.mark.parametrize("data", [AIKEN.encode("utf-16"), windows_1258(AIKEN)], ids=["utf-16", "windows-1258"])
def test_an_aiken_file_in_another_encoding_is_read(data):
    result = qdata.read_bank(data, "cau-hoi.txt", default_topic="cchc")
    assert result.fmt == "aiken" and not result.errors, result.errors
    assert result.questions[0].text == "Cơ quan nào chủ trì công tác cải cách hành chính của tỉnh?"


def test_a_windows_1258_file_is_said_converted():
    result = qdata.read_bank(windows_1258(AIKEN), "cau-hoi.txt", default_topic="cchc")
    assert any("Windows-1258" in w.message for w in result.warnings)
