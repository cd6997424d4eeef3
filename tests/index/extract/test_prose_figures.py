"""Numbers in running text named by what the sentence says of them: the genre's nested enumerations and
indicator tables flattened into text. Short sentences written here, and the real report each rule was
checked on."""

from __future__ import annotations

from testdata import DATA

from index.pipeline import derive_report, parse_report
from index.readers.text import parse_text
from index.records import Figure
from index.settings import Settings


def _figures_of(body: str) -> list[Figure]:
    return list(derive_report("t.txt", parse_text("部门整体支出绩效评价自评报告\n一、基本情况\n" + body)).figures)


def _by_value(figures: list[Figure]) -> dict[str, tuple[str | None, str]]:
    return {f.value: (f.entity, f.metric) for f in figures}


def test_a_bracket_after_a_sub_unit_s_count_lists_that_sub_unit_s_people() -> None:
    found = _by_value(_figures_of(
        "我局现有人员356人，其中机关本级58人（在职人员40人、退休人员12人、临聘人员6人），"
        "执法大队298人（在职人员120人、退休人员97人、协管员81人）。"))
    assert found["12"] == ("机关本级", "退休人员")
    assert found["97"] == ("执法大队", "退休人员")
    assert found["81"] == ("执法大队", "协管员")
    # the sub-units' own counts and the whole stay unscoped
    assert found["58"] == (None, "机关本级") and found["356"] == (None, "现有人员")


def test_a_bracket_after_a_count_of_anything_else_does_not_rename_its_parts() -> None:
    # Named after their whole, the parts would outrank the whole when the whole is asked (困难新生 3000).
    found = _by_value(_figures_of("全年资助困难新生3000名（其中市直学校1150人，县区学校1850人）。"))
    assert found["1150"] == (None, "市直学校") and found["3000"] == (None, "资助困难新生")


def test_an_indicator_row_whose_headers_stand_in_an_earlier_paragraph_pairs_target_and_actual() -> None:
    # 04_hengshan: the table's headers (年度指标 值 / 全年 完成值) are a paragraph above `…专户管 理率100%100%`.
    path = DATA / "real" / "04_hengshan_swlsj_cbl_2020.txt"
    paired = [f for f in parse_report(path, path.read_bytes(), Settings()).figures if f.kind == "target_actual"]
    account = next(f for f in paired if f.metric == "储备粮管理专户管 理率")
    assert (account.value, account.unit, account.target) == ("100", "%", "100%")
    assert len(paired) >= 9


def test_a_unit_column_before_the_target_and_actual_is_not_part_of_the_name() -> None:
    figures = _figures_of("一级指标 二级指标 三级指标 单位 年度指标值 实际完成值 分值 得分\n"
                          "产出指标 数量指标 培训人次人次200人次260人次 10 10 资金拨付率%90%85% 10 9\n")
    paid = [f for f in figures if f.metric == "资金拨付率"]
    assert [(f.value, f.kind, f.target) for f in paid] == [("85", "target_actual", "90%")]
    assert not [f for f in figures if f.value == "90"]  # the target is the pair's, never a figure of its own


def test_after_a_conjunction_comes_the_next_item_s_name_not_the_noun_a_count_counts() -> None:
    # `社区居委会3个和村民委员会14个`: each item is named before its count; 3 counts no 和村民委员会.
    found = _by_value(_figures_of("全镇下辖社区居委会3个和村民委员会14个，户籍人口4.2万人。"))
    assert found["3"][1].endswith("社区居委会") and found["14"][1] == "村民委员会"
    # A run of counted nouns still names each number by the noun after it.
    chain = _by_value(_figures_of("路灯工程覆盖7个乡镇58个村庄1510盏路灯。"))
    assert chain["58"][1] == "村庄" and chain["1510"][1] == "路灯"


def test_the_first_count_of_an_enumeration_is_named_by_the_noun_it_counts_too() -> None:
    # 18_zongyang `全县15家乡镇卫生院、5家政府办社区服务机构…`, 04_hengshan `5000吨稻谷、500吨成品粮`.
    found = _by_value(_figures_of("主要依靠全县15家乡镇卫生院、5家政府办社区服务机构、190家村卫生室开展服务。"))
    assert found["15"][1].endswith("全县乡镇卫生院")
    assert found["5"][1] == "政府办社区服务机构" and found["190"][1].startswith("村卫生室")
    stored = _by_value(_figures_of("储备5000吨稻谷、500吨成品粮。"))
    assert stored["5000"][1].endswith("稻谷") and stored["500"][1] == "成品粮"
    # Counts of different things, or a list that is not of counts, keep their names.
    plain = _by_value(_figures_of("在职人员20人、退休人员8人。"))
    assert plain["20"][1] == "在职人员" and plain["8"][1] == "退休人员"


def test_an_item_of_a_list_opened_by_qi_zhong_is_quoted_with_the_total_it_is_part_of() -> None:
    # 16_danzhou `项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元;…`, the seed's `超支305.15万元，
    # 其中：…；…`, 31_guangxi, both disclosure PDFs: the items after a semicolon are still parts of the total.
    figures = {f.value: f for f in _figures_of(
        "2.项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元;其他法院支出1772.23万元。另有收入5万元;支出3万元。")}
    assert figures["6.25"].metric == "案件执行"
    assert figures["6.25"].quote == "2.项目支出2604.1万元,其中:案件审判414.35万元;案件执行6.25万元;"
    assert figures["1772.23"].quote.startswith("2.项目支出2604.1万元")
    # Semicolons with no 其中 list before them part sentences as before.
    assert figures["3"].quote == "支出3万元。"


def test_an_item_of_a_list_of_batches_is_quoted_with_the_batch_it_belongs_to() -> None:
    # 14_lincheng `二批项目道路工程…;修缮小桥2座…;7个乡镇58个村庄1510盏路灯。`; a 衔接资金 opening written in
    # session 33 (`分三批下达：第一批…；第二批1860万元（…）；`): each item is the batch's the sentence opens with.
    figures = {f.value: f for f in _figures_of(
        "二批项目道路工程覆盖25个村庄,主要建设内容为道路建设141330平方米;修缮小桥2座;7个乡镇58个村庄1510盏路灯。"
        "共收到衔接资金5520万元，分三批下达：第一批3120万元；第二批1860万元；第三批540万元。"
        "防治资金支持范围包括:清洁取暖项目;能力建设经费不超过资金总规模的5%。")}
    assert figures["1510"].quote.startswith("二批项目道路工程")
    assert figures["1860"].quote.startswith("共收到衔接资金5520万元")
    # A list of other things after a colon: each item is quoted alone (its neighbours' words are not its).
    assert figures["5"].quote.startswith("能力建设经费")


def test_a_count_after_a_verb_of_having_is_named_by_the_noun_it_counts() -> None:
    # 16_danzhou `我院2018年共有8个支出项目`, 14_lincheng `道路工程覆盖25个村庄`: the phrase before says whose.
    found = _by_value(_figures_of("我院2018年共有8个支出项目，所有项目皆按照年初预算执行。"))
    assert found["8"][1].endswith("支出项目")
    covered = _by_value(_figures_of("二批项目道路工程覆盖25个村庄，路灯工程覆盖7个乡镇58个村庄。"))
    assert covered["25"][1].endswith("覆盖村庄") and covered["58"][1] == "村庄"
    # A count whose noun stands before it keeps its name; no verb of having, no noun added.
    plain = _by_value(_figures_of("在职人员20人，完成培训3期。"))
    assert plain["20"][1] == "在职人员" and plain["3"][1] == "培训"


def test_a_value_reached_after_a_named_target_is_that_indicator_s_actual() -> None:
    # Written here in the genre's words: 目标 then 实际完成 in one sentence, the second number named by nothing
    # but 实际 — it is the indicator's actual, the first its target.
    figures = _figures_of("数量指标：新建灌溉渠道目标86公里，实际完成91.3公里；工程验收合格率目标≥95%，实际达到100%。"
                          "项目按期完工率目标100%，实际为96%。")
    reached = {f.metric: (f.value, f.kind, f.target) for f in figures if f.kind == "target_actual"}
    assert reached["新建灌溉渠道"] == ("91.3", "target_actual", "86公里")
    assert reached["工程验收合格率"] == ("100", "target_actual", "≥95%")
    assert reached["项目按期完工率"] == ("96", "target_actual", "100%")
    # The target is not a figure of its own beside its row, and no figure is named 实际完成.
    assert not any(f.metric in ("实际完成", "实际达到", "实际为", "新建灌溉渠道目标") for f in figures)


def test_a_value_in_another_unit_or_named_by_its_own_words_is_not_paired_with_a_target() -> None:
    figures = _figures_of("亩均投资控制在1800元以内，实际亩均投资1786元；培训目标500人，实际完成42场。")
    assert not any(f.kind == "target_actual" for f in figures)
