"""The assistant in a real browser (Debian's chromium driven by Playwright): ask, follow up, upload,
ask about the upload, delete it, open and filter the figures table; the report view's overview, audit
and Word brief; what a first-time user stumbled on. Screenshots go to the test's folder."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import running_app

import reports

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.slow, pytest.mark.model, pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_template: Path) -> Iterator[str]:
    data = Path(shutil.copytree(seeded_template, tmp_path_factory.mktemp("app") / "data"))
    with running_app(data) as url:
        yield url


@pytest.fixture()
def page(server: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="en-US")  # an English browser
        page.set_default_timeout(90_000)
        page.goto(server, wait_until="domcontentloaded")
        page.wait_for_selector("#rq-question textarea")
        yield page
        browser.close()


def _ask(page, question: str, expected_cards: int) -> str:  # type: ignore[no-untyped-def]
    page.fill("#rq-question textarea", question)
    page.click("#rq-send")
    page.wait_for_function(f"document.querySelectorAll('#rq-chat .rq-answer').length >= {expected_cards}")
    return page.locator("#rq-chat .rq-answer").nth(expected_cards - 1).inner_text()


def _settled_text(page) -> str:  # type: ignore[no-untyped-def]
    """The page's words at a moment no event runs: Gradio's own status line ('processing | 0.4s') shows
    while one does, and on a busy machine an event a tab's click starts may begin after any wait. The
    text is taken in the same step that checks the status line is absent."""
    return str(page.wait_for_function(
        "() => { const t = document.body.innerText; return t.includes('processing') ? false : t; }").json_value())


def _pick(page, dropdown: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.click(f"{dropdown} input")
    page.keyboard.type(text)
    page.locator("ul[role='listbox'] li", has_text=text).first.click()


def test_ask_follow_up_upload_delete_and_filter(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "岳阳市科学技术局" in page.inner_text("#rq-loaded")
    answer = _ask(page, "2021年向上争取了多少资金？", 1)
    assert "9783.6 万元" in answer and "来源" in answer
    card = page.locator("#rq-chat .rq-main").first
    assert "9783.6" in card.locator(".rq-value").inner_text() and card.locator("mark").count() >= 1
    page.screenshot(path=str(tmp_path / "1-answer.png"))

    assert "1.46" in _ask(page, "局机关的公务接待费是多少？", 2)
    assert "0.28" in _ask(page, "事务中心呢？", 3)  # the follow-up keeps 公务接待费

    page.click("#rq-tab-library-button") if page.locator("#rq-tab-library-button").count() else page.get_by_role("tab", name="报告库").click()
    docx = reports.write_docx(tmp_path / "xiangtan-2022.docx")
    page.set_input_files("#rq-upload input[type=file]", str(docx))
    page.click("#rq-ingest")
    page.wait_for_function("document.querySelector('#rq-upload-result textarea').value.includes('xiangtan')")
    assert "已入库" in page.input_value("#rq-upload-result textarea")
    page.wait_for_function("document.querySelector('#rq-reports').innerText.includes('湘潭县农业农村局')")
    page.screenshot(path=str(tmp_path / "2-library.png"), full_page=True)

    page.get_by_role("tab", name="问答").click()
    assert "88" in _ask(page, "湘潭县农业农村局的自评得分是多少？", 4)

    page.get_by_role("tab", name="报告库").click()
    _pick(page, "#rq-delete-choice", "湘潭县")
    page.check("#rq-delete-confirm input")
    page.click("#rq-delete")
    page.wait_for_function("document.querySelector('#rq-delete-result').innerText.includes('已删除')")
    page.wait_for_function("!document.querySelector('#rq-reports').innerText.includes('湘潭县农业农村局')")

    _pick(page, "#rq-open", "岳阳市科学技术局")
    page.get_by_role("tab", name="数字").click()
    page.wait_for_function("document.querySelector('#rq-figures').innerText.includes('联络电话')")
    search = page.locator("#rq-figures input").first
    search.fill("公务接待费")
    page.wait_for_function("!document.querySelector('#rq-figures').innerText.includes('联络电话')")
    assert "公务接待费" in page.inner_text("#rq-figures")
    page.screenshot(path=str(tmp_path / "3-figures.png"), full_page=True)

    page.get_by_role("tab", name="问答").click()
    gone = _ask(page, "湘潭县农业农村局的自评得分是多少？", 5)
    assert "88" not in gone


def test_first_time_user_sees_chinese_sources_and_an_unhidden_question(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _ask(page, "2021年向上争取了多少资金？", 1)
    # Nothing scrolls under the chat's toolbar (share, clear, copy): the message list starts below it,
    # so the question's bubble is never half hidden by the icons.
    gap = page.evaluate("""() => {
        const chat = document.querySelector('#rq-chat');
        const list = chat.querySelector('.bubble-wrap').getBoundingClientRect();
        const tools = [...chat.querySelectorAll('button[aria-label="Clear"], button[aria-label="Copy conversation"]')];
        return tools.length ? Math.min(...tools.map(b => list.top - b.getBoundingClientRect().bottom)) : null;
    }""")
    assert gap is not None and gap >= 0
    # Sources name the report as a person does, not by its file name.
    cite = page.locator("#rq-chat .rq-main .rq-cite").first.inner_text()
    assert cite.startswith("来源：岳阳市科学技术局 · 2021年") and "yueyang-2021" not in cite
    page.get_by_role("tab", name="报告库").click()
    upload_box = page.inner_text("#rq-upload")
    assert "将文件拖放到此处" in upload_box and "Drop File Here" not in upload_box
    # No report is shown as chosen before one is chosen (else its views stay empty until chosen again).
    assert page.input_value("#rq-open input") == ""
    page.screenshot(path=str(tmp_path / "4-library.png"), full_page=True)


def test_report_view_overview_audit_and_brief(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="报告库").click()
    _pick(page, "#rq-open", "岳阳市科学技术局")
    page.wait_for_function("document.querySelector('#rq-overview').innerText.includes('自评得分')")
    overview = page.inner_text("#rq-overview")
    assert "岳阳市科学技术局 · 2021年" in overview and "1156.44" in overview and "报告未载明" in overview
    assert "年初未作预算安排" in overview  # 存在的问题 as a list
    page.screenshot(path=str(tmp_path / "5-overview.png"), full_page=True)
    page.get_by_role("tab", name="一致性检查").click()
    page.wait_for_function("document.querySelector('#rq-audit').innerText.includes('9883.6')")
    audit = page.inner_text("#rq-audit")
    assert "发现 1 处不一致" in audit and "9783.6" in audit and "总数与分项之和不符" in audit
    page.screenshot(path=str(tmp_path / "6-audit.png"), full_page=True)
    page.click("#rq-brief")
    page.wait_for_selector("#rq-download a[download$='.docx']")
    with page.expect_download() as download:
        page.click("#rq-download a[download$='.docx']")
    assert download.value.suggested_filename == "岳阳市科学技术局-2021-报告概览.docx"
    saved = tmp_path / "brief.docx"
    download.value.save_as(saved)
    from docx import Document

    assert Document(str(saved)).paragraphs[0].text.startswith("岳阳市科学技术局 2021年")


def test_an_upload_is_listed_after_a_reload_and_for_a_second_user(page, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="报告库").click()
    docx = reports.write_docx(tmp_path / "xiangtan-2022.docx")
    page.set_input_files("#rq-upload input[type=file]", str(docx))
    page.click("#rq-ingest")
    seen: set[str] = set()
    for _ in range(600):  # what the page says while the file is ingested
        seen.add(page.inner_text("body"))
        if "已入库" in page.input_value("#rq-upload-result textarea"):
            break
        page.wait_for_timeout(100)
    assert not any("Batches" in text or "steps" in text for text in seen)  # no embedding overlay in English
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("#rq-question textarea")
    page.wait_for_function("document.querySelector('#rq-loaded').innerText.includes('湘潭县农业农村局')")
    page.get_by_role("tab", name="报告库").click()
    page.wait_for_function("document.querySelector('#rq-reports').innerText.includes('湘潭县农业农村局')")
    second = page.context.browser.new_page(locale="en-US")  # another user, another session
    second.goto(server, wait_until="domcontentloaded")
    second.wait_for_function("document.querySelector('#rq-loaded') && "
                             "document.querySelector('#rq-loaded').innerText.includes('湘潭县农业农村局')")
    _pick(page, "#rq-delete-choice", "湘潭县")  # leave the module's server as it was
    page.check("#rq-delete-confirm input")
    page.click("#rq-delete")
    page.wait_for_function("document.querySelector('#rq-delete-result').innerText.includes('已删除')")


def test_on_a_phone_the_answer_s_first_line_is_in_view(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True)
        phone.set_default_timeout(90_000)
        phone.goto(server, wait_until="domcontentloaded")
        phone.wait_for_selector("#rq-question textarea")
        for n, question in enumerate(("2021年向上争取了多少资金？", "报告里说存在哪些主要问题？", "局机关的公务接待费是多少？"), 1):
            _ask(phone, question, n)
            phone.wait_for_timeout(500)  # the scroll runs after the answer is drawn
            top = phone.locator("#rq-chat .rq-answer").nth(n - 1).bounding_box()
            assert top is not None and -2 <= top["y"] < 844, (question, top)
        browser.close()


def test_no_english_on_any_tab_of_an_english_browser(page, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every tab's visible text and every placeholder, in a browser asking for English: Latin letters only
    in the report's own words (GDP), report file names, report ids and file types (pdf, CSV)."""
    _ask(page, "2021年向上争取了多少资金？", 1)
    page.fill("#rq-question textarea", "？？")
    page.click("#rq-send")
    page.wait_for_function("document.querySelectorAll('#rq-chat .rq-answer').length >= 2")
    seen: list[str] = [_settled_text(page)]
    page.get_by_role("tab", name="报告库").click()
    _pick(page, "#rq-open", "岳阳市科学技术局")
    names = [tab.inner_text() for tab in page.get_by_role("tab").all()]  # the main tabs and the report's
    for name in names:
        tab = page.get_by_role("tab", name=name, exact=True).first
        if not tab.is_visible():
            page.get_by_role("tab", name="报告库", exact=True).first.click()  # a report view's tab
        tab.click()
        page.wait_for_timeout(500)
        seen.append(_settled_text(page))
        seen += page.eval_on_selector_all("input, textarea", "els => els.map(e => e.placeholder)")
    allowed = {"txt", "docx", "pdf", "html", "CSV", "XLSX", *re.findall(r"[A-Za-z]+", seed_path.read_text(encoding="utf-8"))}
    for name in re.findall(r"[\w.-]+\.(?:txt|docx|pdf|html)", " ".join(seen)):  # report file names
        allowed |= set(re.findall(r"[A-Za-z]+", name))
    english = {w for text in seen for w in re.findall(r"[A-Za-z]{2,}", text)
               if w not in allowed and not re.fullmatch(r"[0-9a-f]+", w)}  # report ids are hexadecimal
    assert english == set(), english


def test_a_filter_excluding_the_department_asked_is_said(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 部门 filter chosen, a question naming another department of the library: the answer says so and
    how to ask without the filter."""
    page.get_by_role("tab", name="报告库").click()
    page.set_input_files("#rq-upload input[type=file]", str(reports.write_docx(tmp_path / "xiangtan-2022.docx")))
    page.click("#rq-ingest")
    page.wait_for_function("document.querySelector('#rq-upload-result textarea').value.includes('已入库')")
    page.get_by_role("tab", name="问答").click()
    _pick(page, "#rq-department", "岳阳市科学技术局")
    answer = _ask(page, "湘潭县农业农村局的自评得分是多少？", 1)
    assert "注意：问题提到“湘潭县农业农村局”，但当前的部门筛选是“岳阳市科学技术局”" in answer
    assert "部门筛选改为“全部”" in answer
    page.get_by_role("tab", name="报告库").click()  # leave the module's server as it was
    _pick(page, "#rq-delete-choice", "湘潭县")
    page.check("#rq-delete-confirm input")
    page.click("#rq-delete")
    page.wait_for_function("document.querySelector('#rq-delete-result').innerText.includes('已删除')")
