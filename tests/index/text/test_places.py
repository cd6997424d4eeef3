"""The gazetteer: which places a text names, with the places they lie in (real openings' sentences)."""

from __future__ import annotations

import pytest

from index.text.places import Gazetteer, load_gazetteer, place_core


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_places_are_read_with_their_level_and_the_longest_name_wins(gazetteer: Gazetteer) -> None:
    # 24_bayannaoer's opening: the department is 我市; the city and its banners are named further on.
    text = "2023年度,中央下达我市土壤污染防治资金共1737万元……实施巴彦淖尔市乌拉特前旗和乌拉特后旗的项目"
    assert gazetteer.named_in(text) == ("巴彦淖尔市", "乌拉特前旗", "乌拉特后旗")
    assert gazetteer.named_in("寻甸回族彝族自治县人民代表大会常务委员会") == ("寻甸回族彝族自治县",)
    assert gazetteer.named_in("新疆维吾尔自治区生态环境厅") == ("新疆维吾尔自治区",)
    # The longest names are autonomous counties of several peoples: read whole, not cut at a fixed length.
    assert gazetteer.named_in("双江拉祜族佤族布朗族傣族自治县教育体育局") == ("双江拉祜族佤族布朗族傣族自治县",)
    # Everyday words that are also district names are no place; 我市 and 全省 name none.
    assert gazetteer.named_in("城区道路和郊区绿化，我市全省") == ()


def test_a_place_brings_the_places_it_lies_in_unless_its_name_is_borne_by_several(gazetteer: Gazetteer) -> None:
    assert gazetteer.with_parents(["枞阳县"]) == ("枞阳县", "铜陵市", "安徽省")
    assert gazetteer.with_parents(["巴彦淖尔市"]) == ("巴彦淖尔市", "内蒙古自治区")
    assert gazetteer.with_parents(["湖南省"]) == ("湖南省",)
    assert gazetteer.with_parents(["鼓楼区"]) == ("鼓楼区",)  # four cities have one: which is not known
    assert place_core("内蒙古自治区") == "内蒙古" and place_core("乌拉特后旗") == "乌拉特后"
