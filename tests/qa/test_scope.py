"""The scope stage's choice among departments asked on their own: pure functions over a question's
words, which reports hold them and where their passages rank."""

from __future__ import annotations

from dataclasses import replace

from testdata import DATA

from index.store.rows import ChunkRow, ReportRow
from index.text.places import load_gazetteer
from qa.lexicon import is_sibling_member, load_lexicon
from qa.question_parser import parse_question
from qa.records import Passage
from qa.scope import (
    MAX_DEPARTMENTS_LISTED,
    OPENING_CHARS,
    fund_kinds,
    groups_saying_most,
    likeliest_groups,
    name_core,
)


def _asked(words: tuple[str, ...], rarity: tuple[float, ...]):  # type: ignore[no-untyped-def]
    question = parse_question("营养餐项目自评总分多少分？", load_lexicon())
    return replace(question, words=words, word_rarity=rarity)


def test_a_department_whose_reports_never_say_a_word_of_the_question_is_not_asked() -> None:
    question = _asked(("营养餐", "项目", "总分"), (5.0, 0.5, 2.0))
    groups = [["yongde"], ["pingjiang"], ["liuyang", "liuyang-2"]]
    holding = {"营养餐": {"yongde"}, "项目": {"yongde", "pingjiang", "liuyang"}, "总分": {"pingjiang", "yongde"}}
    assert groups_saying_most(question, groups, holding) == [["yongde"]]
    # A department is held to its reports together: one says 营养餐, another 总分.
    holding = {"营养餐": {"liuyang-2"}, "项目": {"pingjiang"}, "总分": {"liuyang", "pingjiang"}}
    assert groups_saying_most(question, groups, holding) == [["liuyang", "liuyang-2"]]


def test_departments_saying_the_question_alike_are_all_asked() -> None:
    question = _asked(("营养餐", "总分"), (5.0, 2.0))
    groups = [["a"], ["b"], ["c"]]
    holding = {"营养餐": {"a", "b"}, "总分": {"a", "b", "c"}}
    assert groups_saying_most(question, groups, holding) == [["a"], ["b"]]
    # Rarity weighs: the rare word held outweighs two common ones.
    question = _asked(("营养餐", "项目", "资金"), (5.0, 1.0, 1.0))
    holding = {"营养餐": {"a"}, "项目": {"b", "c"}, "资金": {"b", "c"}}
    assert groups_saying_most(question, groups, holding) == [["a"]]


def test_one_department_or_a_question_without_words_is_left_as_it_is() -> None:
    question = _asked(("营养餐",), (5.0,))
    assert groups_saying_most(question, [["a", "b"]], {"营养餐": set()}) == [["a", "b"]]
    assert groups_saying_most(_asked((), ()), [["a"], ["b"]], {}) == [["a"], ["b"]]


def test_a_lexicon_term_is_said_in_its_variants_but_not_by_a_sibling() -> None:
    """人员编制 over 岳阳 (says 人员编制) and 丽水 (says only 事业编制核定数): both are asked."""
    question = _asked(("人员编制",), (4.3,))
    holding = {"人员编制": {"yueyang"}, "编制": {"yueyang", "lishui"}}
    assert groups_saying_most(question, [["yueyang"], ["lishui"]], holding) == [["yueyang"]]
    assert groups_saying_most(question, [["yueyang"], ["lishui"]], holding, {"人员编制": ["编制"]}) == [["yueyang"], ["lishui"]]
    assert is_sibling_member("退休") and is_sibling_member("事业") and not is_sibling_member("编制")


def test_a_place_asked_keeps_the_departments_whose_reports_are_about_it() -> None:
    from index.store.rows import ReportRow
    from qa.scope import department_groups

    def report(report_id: str, department: str | None) -> ReportRow:
        return ReportRow(report_id, f"{report_id}.txt", department, 2023, None, None, None, None, None, 1, 1, 1, 1,
                         "2026-12-06T05:00:00+00:00", ())

    reports = [report("zongyang", "枞阳县卫生健康委员会"), report("bayannaoer", None), report("jishan", "稷山县卫生健康和体育局")]
    places = {"zongyang": frozenset({"枞阳县", "铜陵市", "安徽省"}), "bayannaoer": frozenset({"巴彦淖尔市", "内蒙古自治区"}),
              "jishan": frozenset({"稷山县", "运城市", "山西省"})}

    def groups(text: str, known: frozenset[str] = frozenset().union(*places.values())) -> list[list[str]]:
        question = parse_question(text, load_lexicon(), known_places=known)
        return department_groups(question, reports, None, report_places=places)

    # A fund's report whose department is unknown is found by the place its opening names; a province
    # finds its counties' reports (枞阳县 lies in 安徽省).
    assert groups("巴彦淖尔中央土壤污染防治资金一共多少？") == [["bayannaoer"]]
    assert groups("安徽基本公卫服务资金有多少？") == [["zongyang"]]
    assert groups("枞阳县基本公卫服务资金有多少？") == [["zongyang"]]
    # No place asked: every department on its own.
    assert groups("基本公卫服务资金有多少？") == [["zongyang"], ["bayannaoer"], ["jishan"]]


def test_a_name_two_departments_answer_to_asks_each_on_its_own() -> None:
    from index.store.rows import ReportRow
    from qa.scope import department_groups

    def report(report_id: str, department: str) -> ReportRow:
        return ReportRow(report_id, f"{report_id}.txt", department, 2021, None, None, None, None, None, 1, 1, 1, 1,
                         "2026-12-06T05:00:00+00:00", ())

    deqin, xundian = report("deqin", "德钦县人民代表大会常务委员会"), report("xundian", "寻甸回族彝族自治县人民代表大会常务委员会")
    names = (str(deqin.department), str(xundian.department))
    question = parse_question("县人大有多少离退休人员？", load_lexicon(), departments=names)
    assert department_groups(question, [deqin, xundian], None) == [["deqin"], ["xundian"]]
    # One department named: its reports are one group.
    question = parse_question("德钦县人大有多少离退休人员？", load_lexicon(), departments=names)
    assert department_groups(question, [deqin], None) == [["deqin"]]


def test_last_year_is_read_against_the_date_of_asking_and_an_older_report_is_said_to_be_one() -> None:
    from datetime import date

    from index.store.rows import ReportRow
    from qa.compose import year_read_sentence
    from qa.records import YearRead
    from qa.scope import relative_year_reports

    def report(report_id: str, department: str, year: int) -> ReportRow:
        return ReportRow(report_id, f"{report_id}.txt", department, year, None, None, None, None, None, 1, 1, 1, 1,
                         "2026-12-06T05:00:00+00:00", ())

    rows = [report("k2020", "岳阳市科学技术局", 2020), report("k2021", "岳阳市科学技术局", 2021),
            report("f2023", "岳阳市财政局", 2023), report("f2025", "岳阳市财政局", 2025)]

    def asked(text: str, today: date) -> tuple[list[str], str | None]:
        kept, read = relative_year_reports(rows, parse_question(text, load_lexicon()), None, today)
        return [r.id for r in kept], year_read_sentence(read) if read else None

    # Asked in December 2026, 去年 is the 2025 fiscal year: 财政局's report of that year answers, and
    # 科技局, which has none, answers from its latest (2021) — the answer says so.
    ids, said = asked("去年三公经费是多少？", date(2026, 12, 6))
    assert ids == ["k2021", "f2025"]
    assert said == "“去年”即2025年度；部分单位没有该年度的报告，这些单位按最近的2021年度报告回答，请留意年度。"
    assert asked("去年三公经费是多少？", date(2024, 12, 6)) == (["k2021", "f2023"], "“去年”即2023年度；部分单位没有该年度的报告，这些单位按最近的2021年度报告回答，请留意年度。")
    # Asked in 2023, no report is of 2022 and none later counts (f2023 is after it).
    ids, said = asked("去年向上争取了多少资金？", date(2023, 3, 1))
    assert ids == ["k2021"] and said == "“去年”即2022年度；报告库中没有该年度的报告，按最近的2021年度报告回答，请留意年度。"
    assert asked("前年三公经费是多少？", date(2027, 1, 5)) == (["k2021", "f2025"],
                                                        "“前年”即2025年度；部分单位没有该年度的报告，这些单位按最近的2021年度报告回答，请留意年度。")
    assert asked("今年三公经费是多少？", date(2025, 6, 1))[1] == "“今年”即2025年度；部分单位没有该年度的报告，这些单位按最近的2021年度报告回答，请留意年度。"
    many = YearRead("去年", 2025, (2025, 2024, 2023, 2021, 2018))
    assert year_read_sentence(many) == "“去年”即2025年度；部分单位没有该年度的报告，这些单位按各自最近一年的报告回答（每条注明年度），请留意年度。"
    # One department with a report of the year asked: it alone is said.
    only_finance = [r for r in rows if r.department == "岳阳市财政局"]
    kept, read = relative_year_reports(only_finance, parse_question("去年三公经费是多少？", load_lexicon()), None, date(2026, 12, 6))
    assert [r.id for r in kept] == ["f2025"] and read is not None and year_read_sentence(read) == "“去年”按2025年度的报告回答。"
    # A comparison (比去年), a named year and a report's own 上年度结转 read no year of asking.
    assert asked("三公经费比去年减少了多少？", date(2026, 12, 6)) == ([r.id for r in rows], None)
    assert asked("2020年去年向上争取了多少资金？", date(2026, 12, 6)) == ([r.id for r in rows], None)
    assert asked("上年度结转资金有多少？", date(2026, 12, 6)) == ([r.id for r in rows], None)


def _passage(report_id: str, dense_rank: int | None, bm25_rank: int | None) -> Passage:
    chunk = ChunkRow(hash((report_id, dense_rank, bm25_rank)), f"{report_id}-c", report_id, report_id, None, None, (),
                     "", "text", 0, 0)
    return Passage(chunk, 0.0, dense_rank, bm25_rank)


def test_the_departments_searched_are_the_fused_best_and_each_ranking_s_first() -> None:
    # Ten departments, each with one passage in fused order (ranked second to eleventh by both rankings), and an
    # eleventh whose passage BM25 alone ranks first (the only report writing the question's rare word):
    # fused last, it is searched all the same, in place of the eighth best.
    groups = [[f"d{i}"] for i in range(11)]
    passages = [_passage(f"d{i}", i + 1, i + 1) for i in range(10)] + [_passage("d10", None, 0)]
    searched = likeliest_groups(groups, passages)
    assert len(searched) == MAX_DEPARTMENTS_LISTED
    assert searched == [[f"d{i}"] for i in range(MAX_DEPARTMENTS_LISTED - 1)] + [["d10"]]
    # When the fused best hold each ranking's first, the order of the fusion alone decides.
    passages = [_passage(f"d{i}", i, i) for i in range(10)] + [_passage("d10", None, 30)]
    assert likeliest_groups(groups, passages) == [[f"d{i}"] for i in range(MAX_DEPARTMENTS_LISTED)]


def test_a_project_name_other_reports_open_with_names_a_kind_of_fund() -> None:
    # Real openings: 20_suixi's project is 临时救助, which 10_futian's and 25_shandong's 困难群众救助
    # reports also open with; 35_xinjiang's 自治区大气污染防治资金 is, without its level, what 34_xianning's
    # 大气 report opens with. 29_chunan's 2020年公共文化活动专项资金 is its report's own.
    gazetteer = load_gazetteer()
    real = DATA / "real"
    files = {"suixi": ("20_suixi_mzj_lsjz_2019.txt", "临时救助"), "futian": ("10_futian_mzj_knqz_2021.txt", None),
             "shandong": ("25_shandong_czt_knqz_2018.txt", None), "chunan": ("29_chunan_wglt_ggwh_2020.txt", "2020年公共文化活动专项资金"),
             "xinjiang": ("35_xinjiang_sthjt_dqwr_2022-2024.txt", "自治区大气污染防治资金"),
             "xianning": ("34_xianning_sthjj_dqwr_2021.txt", "2021年第一批中央大气污染防治资金")}
    reports = [ReportRow(key, name, None, 2021, None, None, None, None, None, 1, 1, 1, 1, "", (), project)
               for key, (name, project) in files.items()]
    openings = {key: (real / name).read_text(encoding="utf-8")[:OPENING_CHARS] for key, (name, _) in files.items()}
    assert name_core("自治区大气污染防治资金", gazetteer) == "大气污染防治资金"
    assert name_core("南宁市困难大学新生入学补助项目", gazetteer) == "困难大学新生入学补助项目"
    # 34_xianning's form names its fund with year, batch and level: 35_xinjiang's opening says the rest.
    assert name_core("2021年第一批中央大气污染防治资金", gazetteer) == "大气污染防治资金"
    assert fund_kinds(reports, openings, gazetteer) == {"临时救助", "自治区大气污染防治资金", "2021年第一批中央大气污染防治资金"}
    # Alone in an archive, a project's name is its report's.
    assert fund_kinds(reports[:1], {"suixi": openings["suixi"]}, gazetteer) == set()
