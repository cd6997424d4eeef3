"""China's administrative places, from the gazetteer the `cpca` package ships (resources/adcodes.csv:
3,500 provinces, cities and counties with their codes): which places a text names, their own names
without the level (枞阳 of 枞阳县), and the places they lie in (枞阳县 → 铜陵市 → 安徽省).

A question says 枞阳 or 巴彦淖尔 with no 县 or 市; a report's department may name no place at all
(a fund's report opening `我市…` and naming 巴彦淖尔市 further on). Both are read against this list."""

from __future__ import annotations

import csv
import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# A place's level, and for an autonomous place its peoples: 寻甸县 and 寻甸回族彝族自治县 are one place,
# as are 巴彦淖尔市 and 巴彦淖尔.
_PLACE_LEVEL = re.compile(r"(?:自治区|自治县|自治州|自治旗|街道|省|市|县|区|镇|乡|旗|盟)$")
_PEOPLE = re.compile(r"(?:土家|蒙古|维吾尔|哈萨克|柯尔克孜|[\u4e00-\u9fff])族$")
# The characters a place's name ends in: where a text is looked at for a name.
_LEVEL_ENDS = frozenset("省市县区州旗盟")
# Rows that are groupings of the table, not places (省直辖县级行政区划, 市辖区), and two-character
# districts whose names are everyday words (城区, 郊区, 矿区, 东区: 城区道路 names no place).
_NOT_A_PLACE = re.compile(r"行政区划|^市辖区$|群岛|海域|^.区$")


def place_core(place: str) -> str:
    """The place's own name (寻甸 of 寻甸县 and of 寻甸回族彝族自治县); the place itself when the name
    left would be one character (南县, 沙县: a single character names no place)."""
    core = _PLACE_LEVEL.sub("", place)
    while _PEOPLE.search(core):
        core = _PEOPLE.sub("", core)
    return core if len(core) >= 2 else place


def holds_place(name: str, place: str) -> bool:
    """Does a department's or project's name hold the place, as written or by its own name?"""
    return place in name or place_core(place) in name


@dataclass(frozen=True)
class Gazetteer:
    """Each place's name and code; a code's first two digits are its province, its first four its city."""

    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name → codes (鼓楼区 is in four cities)
    names: dict[str, str] = field(default_factory=dict)  # code → name
    longest: int = 0  # characters of its longest name (双江拉祜族佤族布朗族傣族自治县: 15)

    def named_in(self, text: str) -> tuple[str, ...]:
        """The places a text names with their level (枞阳县, 巴彦淖尔市, 新疆维吾尔自治区), in order, each once;
        of two names ending at the same character the longer (乌拉特前旗, not 前旗)."""
        found: list[str] = []
        for end, char in enumerate(text, 1):
            if char not in _LEVEL_ENDS:
                continue
            for start in range(max(0, end - self.longest), end - 1):
                if text[start:end] in self.codes:
                    found.append(text[start:end])
                    break
        return tuple(dict.fromkeys(found))

    def with_parents(self, places: Iterable[str]) -> tuple[str, ...]:
        """The places and those they lie in (枞阳县 → 铜陵市, 安徽省), each once; a name several places
        bear (鼓楼区) brings no parent: which one is meant is not known."""
        out: list[str] = []
        for place in places:
            out.append(place)
            codes = self.codes.get(place, ())
            if len(codes) != 1:
                continue
            code = codes[0]
            for parent in (code[:4] + "0" * 8, code[:2] + "0" * 10):
                if parent != code and parent in self.names:
                    out.append(self.names[parent])
        return tuple(dict.fromkeys(out))


def read_gazetteer(path: Path) -> Gazetteer:
    """The gazetteer from a cpca-format table (adcode,name,…)."""
    codes: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table):
            name, code = row["name"].strip(), row["adcode"].strip()
            if not name or _NOT_A_PLACE.search(name):
                continue
            codes.setdefault(name, []).append(code)
            names[code] = name
    return Gazetteer({n: tuple(c) for n, c in codes.items()}, names, max(map(len, codes), default=0))


def gazetteer_path() -> Path:
    """Where the installed cpca package keeps its table; the package itself is never imported (its
    import builds a matcher with pandas, a second of start-up for a table read here in milliseconds)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("找不到地名表：cpca 包未安装（make setup 会安装它）")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def load_gazetteer() -> Gazetteer:
    return read_gazetteer(gazetteer_path())
