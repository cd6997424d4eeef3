"""Generated multi-year, multi-department reports for questions across the archive: the seed report
re-issued by other departments and years, with the figures the archive questions ask about set to the
values written here by hand (so every cell of a gold table is known), and everything else unchanged.

    write_fixtures(folder) -> the file names written
"""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yueyang-2021-kejiju-zhengti-zhichu-zipingbaogao.txt"
SEED_DEPARTMENT = "岳阳市科学技术局"
SEED_SHORT = "科技局"
SEED_YEAR = 2021

# (department, short name, fiscal year) -> 向上争取资金 (万元), 局机关及二级机构收入合计 (万元), 绩效自评综合得分 (分).
# The seed itself is 岳阳市科学技术局 2021: 9783.6, 1156.44, 97.
FIXTURES: dict[tuple[str, str, int], tuple[str, str, str]] = {
    ("岳阳市科学技术局", "科技局", 2019): ("7650.2", "1003.17", "93"),
    ("岳阳市科学技术局", "科技局", 2020): ("8412.9", "1088.05", "95"),
    ("岳阳市财政局", "财政局", 2019): ("3120.4", "2210.33", "88"),
    ("岳阳市财政局", "财政局", 2020): ("2950.7", "2315.9", "91"),
    ("岳阳市财政局", "财政局", 2021): ("3305.15", "2406.72", "89"),
    ("岳阳市民政局", "民政局", 2020): ("1520.36", "1830.25", "94"),
    ("岳阳市民政局", "民政局", 2021): ("1490.08", "1902.6", "86"),
    ("岳阳市教育局", "教育局", 2021): ("5230.9", "5120.47", "92"),
}
_SEED_VALUES = ("9783.6", "1156.44")
_SEED_SCORE = re.compile(r"(?<=\t)97(?=\n)|(?<=得分)97(?=分)")
_YEARS = re.compile(r"(?<!\d)(2020|2021|2022)(?!\d)")


def fixture_name(department: str, year: int) -> str:
    return f"gen-{FIXTURE_SLUGS[department]}-{year}.txt"


FIXTURE_SLUGS = {"岳阳市科学技术局": "kejiju", "岳阳市财政局": "caizhengju", "岳阳市民政局": "minzhengju",
                 "岳阳市教育局": "jiaoyuju"}


def fixture_text(seed: str, department: str, short: str, year: int, values: tuple[str, str, str]) -> str:
    """The seed as another department's report of another year: its names, its years (the year before
    and after shifted alike) and the three figures set."""
    text = seed.replace(SEED_DEPARTMENT, department).replace(SEED_SHORT, short)
    text = _YEARS.sub(lambda m: str(int(m.group(1)) - SEED_YEAR + year), text)
    for old, new in zip(_SEED_VALUES, values[:2], strict=True):
        text = text.replace(old, new)
    return _SEED_SCORE.sub(values[2], text)


def write_fixtures(folder: Path) -> list[str]:
    seed = SEED.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for (department, short, year), values in FIXTURES.items():
        name = fixture_name(department, year)
        (folder / name).write_text(fixture_text(seed, department, short, year, values), encoding="utf-8")
        names.append(name)
    return names
