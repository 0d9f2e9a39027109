"""The unit registry import on a sheet without its header row: the message names the file."""

import pytest

from cchc.org import services
from tests.helpers import xlsx


@pytest.mark.django_db
def test_a_sheet_without_the_header_row_names_the_file(org_tree, users):
    report = services.units_import_xlsx(xlsx([["T42.a", "Phòng A", "Sở, ban, ngành"]]), user=users["par_office"],
                                      filename="don-vi-moi.xlsx")
    assert not report.ok and all("don-vi-moi.xlsx thiếu cột bắt buộc" in m for m in report.messages())
