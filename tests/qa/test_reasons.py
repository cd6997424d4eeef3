"""The reason a disclosure gives right after a figure, and never the next item's reason."""

from __future__ import annotations

from qa.reasons import reason_after

TEXT = ("25. “城乡社区支出（类）城乡社区管理事务（款）行政运行（项）”1837.36万元，主要用于行政运行。2022年当年预算执行数为"
        "2695.80万元，2023年预算安排1837.36万元，比2022年预算执行数减少31.84%。主要原因是：行政运行经费减少。\n\n"
        "26. “城乡社区支出（类）城乡社区管理事务（款）一般行政管理事务（项）”1822.95万元，主要用于一般行政管理事务。"
        "比2022年预算执行数增加5.00%。主要原因是：城市管理经费增加。\n")


def test_the_reason_after_a_figure_is_its_own_items() -> None:
    assert reason_after(TEXT, TEXT.index("1837.36万元") + 9) == "行政运行经费减少"
    assert reason_after(TEXT, TEXT.index("31.84%") + 6) == "行政运行经费减少"
    assert reason_after(TEXT, TEXT.index("1822.95万元") + 9) == "城市管理经费增加"


def test_a_figure_without_a_reason_before_the_next_item_has_none() -> None:
    text = "1.“一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元，主要用于基本支出。\n\n2.“…（项）”10.00万元，主要原因是：宣传。\n"
    assert reason_after(text, text.index("1,623.18万元") + 10) is None
