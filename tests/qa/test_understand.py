"""Question understanding and the word-overlap evidence, on their own (no model, no store)."""

from __future__ import annotations

from index.records import Figure
from index.text.vocabulary import unit_family
from qa.lexicon import load_lexicon
from qa.lookup import _phase_term, states_change
from qa.question_parser import find_department, parse_question, places_by_own_name

DEPARTMENTS = ("岳阳市科学技术局", "浏阳市文化旅游广电局", "湘潭县农业农村局")


def _figure(metric: str, *, qualifier: str | None = None, section: tuple[str, ...] = ()) -> Figure:
    return Figure(metric=metric, value="1", number=1.0, unit="万元", kind="prose", section=section, quote=metric,
                  start=0, end=1, qualifier=qualifier)


def test_a_question_is_read_once_into_its_slots() -> None:
    q = parse_question("2021年岳阳市科技局向上争取了多少资金？", load_lexicon(), departments=DEPARTMENTS)
    assert q.year == 2021 and q.department == "岳阳市科学技术局"
    assert q.wants == "figure" and q.unit_family == "money"
    assert "科技局" not in q.search_text and "向上争取" in q.content
    assert "2021" in q.search_text and "2021" in q.unnamed_text  # a figure's year is part of what is asked


def test_the_year_a_passage_is_asked_of_does_not_rank_its_passages() -> None:
    lexicon = load_lexicon()
    duties = parse_question("2021年岳阳市科技局的主要职责有哪些？", lexicon, departments=DEPARTMENTS)
    assert duties.wants == "passage" and duties.year == 2021
    assert "2021" not in duties.search_text and "主要职责" in duties.search_text
    # The year-over-year arithmetic is still read from the question with its years.
    change = parse_question("2021年和2020年比，岳阳市科技局向上争取资金增加了多少？", lexicon, departments=DEPARTMENTS)
    assert "2021" in change.unnamed_text and "2020" in change.unnamed_text and "科技局" not in change.unnamed_text
    # A date is what a why-question asks about, not the report's year.
    dated = parse_question("截至2022年12月8日为什么还没有拨付完？", lexicon)
    assert dated.wants == "passage" and "2022年12月8日" in dated.search_text


def test_abbreviations_name_departments_and_generic_words_do_not() -> None:
    assert find_department("浏阳文旅局的公务接待费", DEPARTMENTS)[0] == "浏阳市文化旅游广电局"
    assert find_department("局里的公务接待费", DEPARTMENTS) == (None, None)
    # 林业局 is written in one name and abbreviates the other: the name that holds it as written
    foresters = ("虎林市林业和草原局", "重庆市梁平区林业局")
    assert find_department("林业局年度目标里提到了哪些成果", foresters)[0] == "重庆市梁平区林业局"
    assert find_department("林业局年度目标里提到了哪些成果", foresters[::-1])[0] == "重庆市梁平区林业局"
    # A year begins many project names and distinguishes none: 专项2020年 is no mention of 淳安's project.
    projects = ("2020年公共文化活动专项资金", "县级储备粮专项资金")
    assert find_department("衡山县级储备粮专项2020年全年预算是多少？", projects)[0] == "县级储备粮专项资金"
    assert find_department("2020年的全年预算是多少？", projects) == (None, None)


def test_counters_and_units_ask_their_family() -> None:
    lexicon = load_lexicon()
    assert parse_question("一共争取到多少个科技项目？", lexicon).unit_family == "count:个"
    assert parse_question("在职人数有多少人？", lexicon).unit_family == "people"
    assert unit_family("万元") == "money" and unit_family("盏") == "count:盏"
    # Lengths and durations: 多深 is answered in 米, 飞了多少小时 in 小时, never in 万元.
    assert parse_question("新打的机井有多深？", lexicon).unit_family == "length" == unit_family("米")
    assert parse_question("直升机全年实际飞了多少小时？", lexicon).unit_family == "duration" == unit_family("小时")
    assert parse_question("新打的机井有多深？", lexicon).kind == "how_much"
    # Said outright (多少万元), the unit rules other units out; 安排了多少资金 only says what it is about.
    assert parse_question("一共安排了多少万元？", lexicon).unit_stated
    assert not parse_question("一共安排了多少资金？", lexicon).unit_stated
    # An indicator named by a rate whose points are asked: the 分值 (its weight in the table), not a percent.
    assert parse_question("政策知晓率这项指标的分值是多少？", lexicon).unit_family == "score"
    assert parse_question("政策知晓率是多少？", lexicon).unit_family == "percent"
    # 几架 and 几支 count aircraft and teams; 多少支出 asks money, not a count in 支.
    assert parse_question("2022年云南租了几架航空应急救援直升机？", lexicon).unit_family == "count:架"
    assert parse_question("专业扑火队伍实际组建了几支？", lexicon).unit_family == "count:支"
    assert parse_question("项目有多少支出？", lexicon).unit_family != "count:支"
    # 投资 is money (完成投资3460万元): a count of 栋 or 处 is not what 新建校舍投资多少 asks.
    assert parse_question("新建校舍投资多少？", lexicon).unit_family == "money"
    # 多少 before a noun counts it when the question names no money; 多少助学金 and 多少补助 still ask money.
    assert parse_question("营养改善计划惠及多少学生？", lexicon).counted_noun == "学生"
    assert parse_question("浏阳市文旅局接待了多少游客？", lexicon).counted_noun == "游客"
    for money in ("发放了多少助学金？", "临河农场分到多少防灾减灾补助？", "一共投了多少预算？"):
        assert parse_question(money, lexicon).counted_noun is None


def test_a_change_asked_is_not_answered_by_an_amount() -> None:
    lexicon = load_lexicon()
    assert parse_question("公务接待费比上年减少了多少？", lexicon).asks_change
    assert not parse_question("公务接待费是多少？", lexicon).asks_change
    assert states_change(_figure("公务接待费比上年降低")) and not states_change(_figure("公务接待费实际支出"))


def test_budget_or_actual_is_read_from_column_metric_or_heading() -> None:
    lexicon = load_lexicon()
    plain = parse_question("项目支出是多少？", lexicon)
    budget = parse_question("项目支出年初预算是多少？", lexicon)
    actual = parse_question("项目支出实际执行了多少？", lexicon)
    under_budget_heading = _figure("项目支出", section=("二、部门整体支出", "（一）年度预算收支情况", "2、使用方向"))
    actual_column = _figure("项目支出", qualifier="决算金额")
    assert _phase_term(actual, under_budget_heading) < 0 < _phase_term(budget, under_budget_heading)
    assert _phase_term(actual, actual_column) > 0 > _phase_term(budget, actual_column)
    # Naming neither, the question leans neither way (measured: leaning to the actual cost answers).
    assert _phase_term(plain, under_budget_heading) == 0 == _phase_term(plain, actual_column)


def test_how_the_answer_is_asked_outranks_what_the_question_is_about() -> None:
    lexicon = load_lexicon()
    assert parse_question("资金到位及时率这一项自评给了几分？", lexicon).unit_family == "score"
    assert parse_question("执行率是多少？", lexicon).unit_family == "percent"


def test_the_plan_is_asked_by_target_words_not_by_a_name_holding_them() -> None:
    lexicon = load_lexicon()
    assert parse_question("计划建设多少个空气质量自动监测子站？", lexicon).asks_target
    assert parse_question("危桥改造目标是几座？", lexicon).asks_target
    assert not parse_question("营养改善计划的政策知晓率实际达到多少？", lexicon).asks_target
    assert not parse_question("道路建设项目实际完成多少公里？", lexicon).asks_target


def test_places_a_question_names() -> None:
    from qa.question_parser import named_places

    assert named_places("新开镇这份自评报告的联系人是谁？") == ("新开镇",)
    assert named_places("资金一开始下达福田区多少？") == ("福田区",)
    assert named_places("其中市直属学校的困难新生有多少人？") == ()
    assert named_places("市县层面安排了多少资金？") == ()
    # A suffix that begins another word (省份, 省级) or a run holding a question word is no place: a
    # false place scoped the seed's own questions to no department and refused them.
    assert named_places("创新型省份建设专项拿到多少钱？") == ()
    assert named_places("选派了多少名三区科技人才？") == ()
    assert named_places("湖南省级孵化器申报了几个？") == ()
    # A year is no part of the place after it, and an area word (棚户区, 景区) or 乡镇 is no place.
    assert named_places("2021年岳阳市科技局向上争取了多少资金？") == ("岳阳市",)
    assert named_places("2019年四川棚户区改造基本建成任务是多少套？") == ()
    assert named_places("浏阳文旅局有多少个A级景区？") == ()
    assert named_places("受益乡镇满意度调查的结果是多少？") == ()


def test_the_kind_of_value_a_question_asks_for() -> None:
    from qa.question_parser import answer_type

    assert answer_type("这个项目的负责人是谁？") == "person"
    assert answer_type("联系电话是多少？") == "code"  # a phone number stays text, leading 0 and all
    assert answer_type("第一批资金是用哪个文号下拨的？") == "code"
    assert answer_type("自评结论是什么等级？") == "text"
    assert answer_type("资金的使用单位是哪个？") == "text"
    assert answer_type("从哪一年开始实施？") == "number"
    assert answer_type("哪个项目花了多少？") == "number"


def test_which_of_several_asks_a_list_not_a_count() -> None:
    lexicon = load_lexicon()
    for text in ("就业专项资金的钱是从哪几块来的？", "就业资金可以花在哪几类支出上？"):
        q = parse_question(text, lexicon)
        assert (q.kind, q.wants) == ("list", "passage"), text
        assert "哪" not in q.content
    assert parse_question("有几个项目？", lexicon).kind == "how_many"



def test_a_per_person_standard_answers_only_a_question_asking_a_rate() -> None:
    """2600 元/人 (护工培训补贴标准) never answers 总预算是多少; it answers 每人多少钱 and 补助标准."""
    import numpy as np

    from index.records import Figure
    from qa.features import FEATURES, feature_matrix
    from qa.records import FigureHit

    lexicon = load_lexicon()
    standard = Figure("吕梁山护工培训补贴标准达标", "2600", 2600.0, "元/人", "target_actual", (), "", 0, 4, target="3000元/人")
    total = Figure("项目总预算", "3000", 3000.0, "万元", "label_value", (), "", 0, 4)
    hits = [FigureHit("r", "r", f, 1.0, 0.5, {}) for f in (standard, total)]
    conflict = FEATURES.index("unit_conflict")
    for question, rate_ruled_out in (("吕梁山护工培训项目2021年总预算是多少？", True),
                                     ("护工培训补贴实际按每人多少钱执行？", False),
                                     ("护工培训补贴标准是多少？", False)):
        parsed = parse_question(question, lexicon)
        matrix = feature_matrix(parsed, hits, np.zeros(2))
        assert matrix[0, conflict] == float(rate_ruled_out), question
        assert matrix[1, conflict] == 0.0, question


def test_a_part_asked_with_zhan_is_a_share_or_an_amount() -> None:
    # 中央资金占多少 is answered with 2855万元 as often as 不得超过资金总规模 with 5%: no family is assumed.
    lexicon = load_lexicon()
    assert parse_question("能力建设经费最多能占资金总规模多少？", lexicon).unit_family is None
    assert parse_question("预拨资金里中央资金占多少？", lexicon).unit_family is None
    assert parse_question("项目占地多少亩？", lexicon).unit_family == "area"


def test_a_stated_target_never_answers_what_was_actually_done() -> None:
    # 广西's report states only the plan (目标筹集配租型保障性住房40422套): 实际筹集了多少 is not answered by it.
    import numpy as np

    from index.records import Figure
    from qa.features import FEATURES, feature_matrix
    from qa.records import FigureHit

    lexicon = load_lexicon()
    planned = Figure("筹集配租型保障性住房", "40422", 40422.0, "套", "target", (), "", 0, 5)
    hits = [FigureHit("r", "r", planned, 1.0, 0.5, {})]
    fit = FEATURES.index("type_fit")
    for question, ruled_out in (("配租型保障性住房2024年实际筹集了多少套？", True),
                                ("配租型保障性住房计划筹集多少套？", False),
                                ("配租型保障性住房筹集了多少套？", False)):
        assert (feature_matrix(parse_question(question, lexicon), hits, np.zeros(1))[0, fit] < 0) == ruled_out, question


def test_a_column_of_another_year_does_not_answer_the_year_asked() -> None:
    # 07_hengshan's 2023 report: 公用经费 | 2022年决算数 118.31 | 2023年预算数 85.76 | 2023年决算数 193.42.
    from index.records import Figure
    from index.store.rows import StoredFigure
    from qa.lookup import score_figures
    from qa.scorer import load_scorer

    cells = [Figure("公用经费", value, float(value), "万元", "table_cell", (), "", 0, 1, qualifier=column, year=year)
             for value, column, year in (("118.31", "2022年决算数", 2022), ("85.76", "2023年预算数", 2023),
                                         ("193.42", "2023年决算数", 2023))]
    prose = Figure("公用经费", "120", 120.0, "万元", "prose", (), "", 0, 1, year=2022)  # a year the column does not state
    candidates = [StoredFigure("r", "r", f) for f in (*cells, prose)]
    hits = score_figures(parse_question("贯塘乡2023年公用经费决算花了多少？", load_lexicon()), candidates,
                         lexicon=load_lexicon(), chunk_ranks={}, fiscal_years={"r": 2023}, weights=load_scorer().lexical)
    assert {h.figure.value for h in hits} == {"85.76", "193.42", "120"}  # type: ignore[attr-defined]


def test_make_calibrate_recomputes_the_word_overlap_total_exactly_as_the_answer_path() -> None:
    """`make calibrate` observes the candidates once and tries other weights of the word-overlap total
    on the stored rows (qa/features.reweighed): the rows must be the ones the answer path computes with
    those weights, to the last bit, or the weights chosen are not the ones judged."""
    import numpy as np

    from index.records import Figure
    from index.store.rows import StoredFigure
    from qa.features import FEATURES, feature_matrix, reweighed
    from qa.lookup import Weights, score_figures

    figures = [Figure("公用经费", "193.42", 193.42, "万元", "table_cell", (), "", 0, 1, chunk_id="c1", qualifier="2023年决算数"),
               Figure("公用经费支出", "120", 120.0, "万元", "prose", ("三、支出情况",), "公用经费支出120万元", 0, 1, chunk_id="c2"),
               Figure("商品和服务支出", "88", 88.0, "万元", "label_value", (), "", 0, 1, chunk_id="c3"),
               Figure("公用经费完成率", "95%", 95.0, "%", "target_actual", (), "", 0, 1, target="100%")]
    candidates = [StoredFigure("r", "r", f) for f in figures]
    question = parse_question("2023年公用经费决算花了多少？", load_lexicon())
    meaning = np.array([0.9, 0.88, 0.85, 0.8])

    def rows(weights: Weights) -> np.ndarray:
        hits = score_figures(question, candidates, lexicon=load_lexicon(), chunk_ranks={"c2": 0, "c3": 2},
                             fiscal_years={"r": 2023}, weights=weights)
        return feature_matrix(question, hits, meaning)

    observed, hand = Weights(1.0, 1.0, 1.0, 1.0), Weights(3.0, 1.5, 0.8, 1.0)
    total = FEATURES.index("lexical_total")
    assert not np.array_equal(rows(observed)[:, total], rows(hand)[:, total])
    assert np.array_equal(reweighed(rows(observed), hand), rows(hand))
    assert np.array_equal(reweighed(rows(hand), Weights(6.0, 0.75, 1.6, 0.0)), rows(Weights(6.0, 0.75, 1.6, 0.0)))


def test_a_rate_asked_is_met_by_a_rate() -> None:
    import numpy as np

    from index.records import Figure
    from qa.features import FEATURES, feature_matrix
    from qa.records import FigureHit

    standard = Figure("资助标准", "4000", 4000.0, "元/人", "prose", (), "", 0, 4)
    total = Figure("资助资金", "1200", 1200.0, "万元", "prose", (), "", 0, 4)
    hits = [FigureHit("r", "r", f, 1.0, 0.5, {}) for f in (standard, total)]
    matrix = feature_matrix(parse_question("困难大学新生入学补助的标准是每人多少？", load_lexicon()), hits, np.zeros(2))
    assert list(matrix[:, FEATURES.index("rate_fit")]) == [1.0, 0.0]


def test_a_place_named_as_written_outranks_a_mention_seated_elsewhere() -> None:
    # 17_xiping and 18_zongyang asked over the whole archive: another report's project (平江县's
    # 农村公路养护专项资金, 稷山县's 国家基本公共卫生服务) read as a mention scoped the question to that
    # report; the place the question writes is held by another department's name.
    names = ("平江县交通运输局", "农村公路养护专项资金", "西平县交通运输局", "稷山县卫生健康和体育局", "国家基本公共卫生服务",
             "枞阳县卫生健康委员会", "市中级人民法院", "审判业务专项经费")
    seats = {"平江县交通运输局": frozenset({"平江县"}), "农村公路养护专项资金": frozenset({"平江县"}),
             "西平县交通运输局": frozenset({"西平县"}), "稷山县卫生健康和体育局": frozenset({"稷山县"}),
             "国家基本公共卫生服务": frozenset({"稷山县"}), "枞阳县卫生健康委员会": frozenset({"枞阳县"}),
             "市中级人民法院": frozenset(), "审判业务专项经费": frozenset()}

    def parsed(text: str):  # type: ignore[no-untyped-def]
        return parse_question(text, load_lexicon(), departments=names, seats=seats)

    roads = parsed("西平县2022年农村公路通村道路项目计划投资多少？")
    assert roads.department is None and roads.places == ("西平县",) and "农村公路" in roads.content
    health = parsed("枞阳县2023年12类基本公卫服务资金一共多少？")
    assert health.department is None and "基本公卫服务" in health.content
    # A mention whose name holds the place keeps it; so does one where no known name holds the place, and
    # one whose reports name no place (a 市中级人民法院's project asked with its city's name).
    assert parsed("西平县交通运输局农村公路通村道路项目计划投资多少？").department == "西平县交通运输局"
    assert parsed("梁平县农村公路养护专项资金是多少？").department == "农村公路养护专项资金"
    assert parsed("西平县审判业务专项经费是多少？").department == "审判业务专项经费"


def test_short_names_name_departments_and_a_name_several_answer_to_names_them_all() -> None:
    councils = ("德钦县人民代表大会常务委员会", "寻甸回族彝族自治县人民代表大会常务委员会", "市中级人民法院", "湖北残疾人联合会")
    # 县人大 is the genre's short form for both counties' 人民代表大会常务委员会: the words they share, so
    # that each is asked on its own (qa/scope.department_groups), never the first one silently.
    assert find_department("县人大机关在职在编的行政人员实际有几个人？", councils) == ("县人民代表大会常务委员会", "人大")
    assert find_department("德钦县人大常委会的事业编制有几个？", councils)[0] == "德钦县人民代表大会常务委员会"
    assert find_department("中院有多少退休人员？", councils) == ("市中级人民法院", "中院")
    # A short name a report defines for its department (33_hubei: 湖北残疾人联合会(以下简称“省残联”)).
    assert find_department("省残联的项目预算是多少？", councils, {"省残联": ("湖北残疾人联合会",)}) == ("湖北残疾人联合会", "省残联")
    assert find_department("省残联的项目预算是多少？", councils) == ("湖北残疾人联合会", "残联")  # the genre's short form
    assert find_department("省总工会的项目预算是多少？", councils, {"省残联": ("湖北残疾人联合会",)}) == (None, None)
    question = parse_question("县人大有多少离退休人员？", load_lexicon(), departments=councils)
    assert question.department == "县人民代表大会常务委员会" and question.department_mention == "人大"


def test_a_department_cited_as_the_authority_is_not_the_one_asked() -> None:
    # 08_zhangjiajie's r047 and 33_hubei's r192 ask whose circular a report's evaluation followed: the
    # department after 按 / 依据的是 issued it; the question is about the other one's report.
    names = ("上海市普陀区财政局", "岳阳市财政局", "市中级人民法院", "湖北残疾人联合会", "湖北省财政厅")
    aliases = {"省残联": ("湖北残疾人联合会",)}
    assert find_department("中院这次整体支出自评是按财政局哪个文号开展的？", names) == ("市中级人民法院", "中院")
    assert find_department("省残联这次自评依据的是省财政厅哪个通知文号？", names, aliases) == ("湖北残疾人联合会", "省残联")
    assert find_department("省残联依据的是湖北省财政厅哪个通知？", names, aliases) == ("湖北残疾人联合会", "省残联")
    assert find_department("中院按岳阳市财政局要求开展了什么？", names)[0] == "市中级人民法院"
    # 按 before other words cites nothing; a department named alone is still the one asked, cited or not.
    assert find_department("按规定中院的编制有多少？", names)[0] == "市中级人民法院"
    assert find_department("岳阳市财政局按中院要求做了什么？", names)[0] == "岳阳市财政局"
    assert find_department("按岳阳市财政局哪个文号开展的自评？", names)[0] == "岳阳市财政局"


def test_a_place_the_archive_holds_is_named_without_its_level() -> None:
    # 24_bayannaoer's fund report names no department; its opening names 巴彦淖尔市. Asked 巴彦淖尔… over the
    # whole archive, 污染防治资金 read as a mention of 35_xinjiang's 自治区大气污染防治资金 scoped the
    # question to 新疆's report. The place, known to the archive, is read; the mention seated elsewhere goes.
    names = ("自治区大气污染防治资金", "自治区生态环境厅", "枞阳县卫生健康委员会", "省民政厅")
    seats = {"自治区大气污染防治资金": frozenset({"新疆维吾尔自治区"}), "自治区生态环境厅": frozenset({"新疆维吾尔自治区"}),
             "枞阳县卫生健康委员会": frozenset({"枞阳县", "铜陵市", "安徽省"}), "省民政厅": frozenset({"山东省"})}
    known = frozenset({"巴彦淖尔市", "乌拉特后旗", "内蒙古自治区", "新疆维吾尔自治区", "枞阳县", "安徽省", "山东省", "南县"})

    def parsed(text: str):  # type: ignore[no-untyped-def]
        return parse_question(text, load_lexicon(), departments=names, seats=seats, known_places=known)

    fund = parsed("巴彦淖尔2023年中央土壤污染防治资金一共多少？")
    assert fund.places == ("巴彦淖尔",) and fund.department is None
    assert parsed("山东省级临时救助安排了多少？").places == ("山东",)  # 省级 hides 山东省 from the suffix reading
    assert parsed("枞阳有多少家村卫生室？").places == ("枞阳",)
    # Written whole, a place is read once: not again by its own name inside it (乌拉特后 of 乌拉特后旗).
    assert parsed("乌拉特后旗清洁取暖项目安排了多少钱？").places == ("乌拉特后旗",)
    # A place no report is about is not read from a bare name; a one-character name never is (南县 stays whole).
    assert parsed("广州的污染防治资金有多少？").places == ()
    assert parsed("湖南的民政资金有多少？").places == ()  # 南县 is known, and 南 alone is no name of it
    # Without the archive's places the mention stays (a place of no report contradicts nothing).
    assert parse_question("巴彦淖尔2023年中央土壤污染防治资金一共多少？", load_lexicon(), departments=names,
                          seats=seats).department == "自治区大气污染防治资金"


def test_a_place_is_held_by_its_own_name_whatever_its_level_or_peoples() -> None:
    from index.text.places import holds_place, place_core

    # An autonomous county asked by its short name: 寻甸县 is 寻甸回族彝族自治县 (寻甸's two reports).
    assert place_core("寻甸县") == place_core("寻甸回族彝族自治县") == "寻甸"
    assert holds_place("寻甸回族彝族自治县人民代表大会常务委员会", "寻甸县")
    assert place_core("广西壮族自治区") == "广西" and place_core("巴彦淖尔市") == "巴彦淖尔"
    # One character left names no place: 南县 stays 南县 (南 is in many names).
    assert place_core("南县") == "南县" and not holds_place("湖南省民政厅", "南县")


def test_a_project_named_scopes_the_question_and_its_words_stay_when_a_passage_is_asked() -> None:
    # 19_tianjiaan's form names its 转移支付(项目) 就业补助资金: asked what it was spent on, the project's words
    # are what the passage is found by; asked a figure, they scope and the figure's own label is weighed.
    lexicon = load_lexicon()
    names = ("淮南市田家庵区人力资源和社会保障局", "就业补助资金")
    projects = frozenset({"就业补助资金"})
    passage = parse_question("就业补助资金主要花在哪些地方？", lexicon, departments=names, projects=projects)
    assert passage.wants == "passage" and passage.department == "就业补助资金"
    assert "就业补助资金" in passage.search_text and "就业补助资金" in passage.content
    figure = parse_question("就业补助资金年度总额是多少？", lexicon, departments=names, projects=projects)
    assert figure.department == "就业补助资金" and "就业补助资金" not in figure.search_text
    # A department's name scopes whatever is asked.
    duties = parse_question("淮南市田家庵区人力资源和社会保障局的主要职责是什么？", lexicon, departments=names, projects=projects)
    assert duties.department == names[0] and names[0] not in duties.search_text


def test_a_county_of_two_characters_is_a_place_where_a_word_begins() -> None:
    # 南县 and 横县 have no shorter name: written in full they name the place (the 南县财政局…,
    # 横县编办…), but not inside another word (湖南县级) nor as 和县 in 市和县级资金 (cities and counties).
    known = frozenset({"南县", "横县", "和县", "枞阳县", "岳阳市"})
    assert places_by_own_name("南县财政局退休人员有多少？", known, ()) == ("南县",)
    assert places_by_own_name("2020年南县财政局的收入是多少？", known, ()) == ("南县",)
    assert places_by_own_name("横县编办有多少在编人员？", known, ()) == ("横县",)
    assert places_by_own_name("湖南县级资金有多少？", known, ()) == ()
    assert places_by_own_name("中央和县级资金是多少？", known, ()) == ()
    assert places_by_own_name("枞阳卫健委的编制是多少？", known, ()) == ("枞阳",)


def test_standard_inside_a_name_asks_no_rate() -> None:
    """高标准农田 is farmland built to a standard, 标准化 a process: neither asks an amount per head."""
    lexicon = load_lexicon()
    assert not parse_question("高标准农田项目中央财政补助资金是多少？", lexicon).asks_rate
    assert not parse_question("标准化建设投入多少资金？", lexicon).asks_rate
    assert parse_question("耕地地力保护补贴标准是每亩多少元？", lexicon).asks_rate
    assert parse_question("低保标准是多少？", lexicon).asks_rate


def test_an_amount_per_head_mu_or_student_asks_a_rate() -> None:
    """人均, 户均, 亩均, 生均: the question asks an amount per one, as the label that answers it states."""
    lexicon = load_lexicon()
    for question in ("亩均投资是多少？", "义务教育生均公用经费是多少？", "公务接待费人均多少？"):
        assert parse_question(question, lexicon).asks_rate, question
    assert not parse_question("项目总投资是多少？", lexicon).asks_rate


def test_the_short_name_of_a_staff_category_reaches_the_report_s_term() -> None:
    """参公 is how 参照公务员法管理 is asked (a written opening's `参照公务员法管理事业编制12名`)."""
    asked = parse_question("县残联参公事业编制有多少名？", load_lexicon())
    assert "参照公务员法管理" in asked.terms and "参公" in asked.variants
