"""HTML reports as published on government sites: body text and <table>s, without the site's chrome."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from index.errors import CorruptFileError, DecodeError, EmptyFileError
from index.readers.canonical import render_paragraph, render_table
from index.readers.text import parse_text
from index.records import Document
from index.text.normalize import UndecodableText, decode_bytes, normalize_text

_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button")
_CHROME_NAMES = re.compile(r"nav|menu|footer|header|breadcrumb|share|sidebar|toolbar|crumb|topbar|bottom", re.I)
# Site furniture around the article: source, views, print buttons, the 索引号 metadata block.
_FURNITURE = re.compile(
    r"^\s*(来源|信息来源|浏览量|浏览次数|点击数|访问量|发布时间|发布日期|发布机构|索引号|文号|发文字号|主题分类|成文日期|"
    r"字号|打印|关闭|分享|【|当前位置|您现在的位置)"
)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dt", "dd")


def _span(cell: Tag, attribute: str) -> int:
    """colspan/rowspan as a small positive int; sites write `2`, `"2 "` or nonsense."""
    try:
        return min(max(int(str(cell.get(attribute) or 1).strip()), 1), 100)
    except ValueError:
        return 1


def _grid(table: Tag) -> list[list[str]]:
    """Rows in the canonical convention from rowspan/colspan markup."""
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        column = 0
        cells = tr.find_all(["td", "th"], recursive=False)
        queue = list(cells)
        while queue or pending.get(column, 0) > 0:
            if pending.get(column, 0) > 0:
                row.append("")
                pending[column] -= 1
                column += 1
                continue
            cell = queue.pop(0)
            text = "\n".join(s.strip() for s in cell.get_text("\n").split("\n") if s.strip())
            span = _span(cell, "colspan")
            down = _span(cell, "rowspan")
            row.append(text)
            for c in range(column, column + span):
                if down > 1:
                    pending[c] = down - 1
            column += span
        rows.append(row)
    return rows


def _is_furniture_table(table: Tag) -> bool:
    text = table.get_text(" ")
    return "索引号" in text or ("发布机构" in text and "发文日期" in text)


def html_to_text(markup: str) -> str:
    """The canonical text of an HTML page's article."""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        names = " ".join([*(str(c) for c in tag.get("class") or []), str(tag.get("id") or "")])
        if names.strip() and _CHROME_NAMES.search(names) and tag.name not in ("html", "body"):
            tag.decompose()
    body = soup.body or soup
    parts: list[str] = []
    for element in body.find_all(["table", *_BLOCKS]):
        if element.find_parent("table") is not None:
            continue
        if element.name == "table":
            if not _is_furniture_table(element):
                parts.append(render_table(_grid(element)))
            continue
        if element.find(_BLOCKS):
            continue  # its inner blocks are visited themselves
        text = element.get_text("", strip=True)
        if text and not _FURNITURE.match(text):
            parts.append(render_paragraph(text))
    if not parts:  # pages that put text straight into <div>s
        for line in body.get_text("\n").split("\n"):
            if line.strip() and not _FURNITURE.match(line):
                parts.append(render_paragraph(line))
    return "".join(parts)


def read_html(path: Path, data: bytes) -> Document:
    try:
        markup, _ = decode_bytes(data)
    except UndecodableText as exc:
        raise DecodeError(path, str(exc)) from exc
    try:
        text = normalize_text(html_to_text(markup))
    except (ValueError, TypeError) as exc:
        raise CorruptFileError(path, f"无法解析的 HTML：{exc}") from exc
    if not text.strip():
        raise EmptyFileError(path, "网页中没有正文")
    return parse_text(text)
