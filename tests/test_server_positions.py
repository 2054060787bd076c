"""Columns in characters against LSP code units (UTF-16 by default, UTF-8, UTF-32)."""

import pytest

from medlint.readers import read_document
from medlint.server.positions import from_client, to_client, units

LINE = "a😀b中c"  # a, an emoji outside the BMP, b, a CJK character, c


@pytest.mark.parametrize("encoding,widths", [
    ("utf-16", [1, 2, 1, 1, 1]),
    ("utf-8", [1, 4, 1, 3, 1]),
    ("utf-32", [1, 1, 1, 1, 1]),
])
def test_each_character_counts_its_code_units_both_ways(encoding, widths):
    doc = read_document("p.txt", "first\r\n" + LINE + "\rlast\n")
    assert [units(c, encoding) for c in LINE] == widths
    for column in range(1, len(LINE) + 2):
        line, character = to_client(doc, 2, column, encoding)
        assert (line, character) == (1, sum(widths[:column - 1]))
        assert from_client(doc, line, character, encoding) == (2, column)
    assert to_client(doc, 3, 5, encoding) == (2, 4)  # after a lone \r


def test_positions_off_the_text_are_clamped():
    doc = read_document("p.txt", "ab\n" + LINE)
    assert from_client(doc, 1, 2) == (2, 3)  # inside the emoji's pair: the column after it
    assert from_client(doc, 0, 99) == (1, 3)
    assert from_client(doc, 9, 0) == (2, len(LINE) + 1)
