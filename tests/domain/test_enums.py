"""Open Dental's enums as its schema document defines them."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from odpay.domain import enums


def test_each_enum_has_the_members_and_values_of_open_dentals_document() -> None:
    # tests/domain/data/od_enums.xml holds the document's enumerations that
    # scripts/gen_schema.py generated odpay.domain.enums from; a value is the number its
    # description starts with ("2- Complete."), or the member's position where there is none.
    document = ET.parse(Path(__file__).parent / "data" / "od_enums.xml").getroot()
    assert len(document) == 19
    for enumeration in document:
        expected = []
        for position, value in enumerate(enumeration):
            number = re.match(r"\s*(\d+)", value.text or "")
            name = value.get("name")
            expected.append(
                (f"{name}_" if name == "None" else name, int(number[1]) if number else position)
            )
        enum = getattr(enums, enumeration.get("name", ""))
        assert [(m.name, int(m)) for m in enum] == expected
