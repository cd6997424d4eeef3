"""Generated reports for tests: one fictional county bureau's 2022 report as docx, pdf and html.

The income table has merged header cells (a vertical merge for 单位名称 and 收入合计, a horizontal
merge for 其中：), so every reader must resolve them into the same leaf columns.
"""

from __future__ import annotations

import io
from pathlib import Path

TITLE = "湘潭县农业农村局2022年度部门整体支出绩效评价自评报告"
COVER = [("单位名称", "湘潭县农业农村局"), ("预算编码", "104002"), ("联系人", "王明"), ("人员编制", "57"), ("在职人数", "52")]
INTRO_HEADING = "一、部门基本情况"
INTRO = (
    "2022年，全局共争取上级资金1,250.5万元，完成高标准农田建设项目十二个，培训新型职业农民350人次。"
    "全年农业总产值比上年增长6.8%。"
)
TABLE_HEADING = "二、部门收支情况"
TABLE_CAPTION = "2022年度收入情况（单位：万元）"
HEADER_TOP = ["单位名称", "收入合计", "其中："]
HEADER_LEAVES = ["财政拨款", "上年结转", "其他收入"]
BODY = [
    ["部门汇总", "620.5", "500", "100.5", "20"],
    ["1、局本级", "420.3", "350", "60.3", "10"],
    ["2、农技推广中心", "200.2", "150", "40.2", "10"],
]
OUTRO_HEADING = "三、绩效自评情况"
OUTRO = "三公经费支出3.2万元，比上年下降12.5%。"
GRADE = [("自评得分", "88"), ("评价等次", "良好")]


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    cover = document.add_table(rows=len(COVER), cols=2)
    for row, (label, value) in zip(cover.rows, COVER, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph(INTRO_HEADING)
    document.add_paragraph(INTRO)
    document.add_paragraph(TABLE_HEADING)
    document.add_paragraph(TABLE_CAPTION)
    table = document.add_table(rows=2 + len(BODY), cols=5)
    name = table.cell(0, 0).merge(table.cell(1, 0))
    name.text = HEADER_TOP[0]
    total = table.cell(0, 1).merge(table.cell(1, 1))
    total.text = HEADER_TOP[1]
    parts = table.cell(0, 2).merge(table.cell(0, 4))
    parts.text = HEADER_TOP[2]
    for j, leaf in enumerate(HEADER_LEAVES):
        table.cell(1, 2 + j).text = leaf
    for i, row in enumerate(BODY):
        for j, value in enumerate(row):
            table.cell(2 + i, j).text = value
    document.add_paragraph(OUTRO_HEADING)
    document.add_paragraph(OUTRO)
    grades = document.add_table(rows=1, cols=4)
    for j, text in enumerate([x for pair in GRADE for x in pair]):
        grades.rows[0].cells[j].text = text
    document.save(path)
    return path


def write_html(path: Path) -> Path:
    cover = "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in COVER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in BODY)
    grades = "<tr>" + "".join(f"<td>{x}</td>" for pair in GRADE for x in pair) + "</tr>"
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE}</title>
<script>var tracker = 1;</script></head><body>
<div class="nav-bar"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<table class="meta"><tr><td>索引号：</td><td>430321-2023-00123</td><td>发布机构：</td><td>县农业农村局</td></tr></table>
<div class="article"><h1>{TITLE}</h1>
<p>来源：湘潭县农业农村局  浏览量：1024</p>
<table border="1">{cover}</table>
<h2>{INTRO_HEADING}</h2><p>{INTRO}</p>
<h2>{TABLE_HEADING}</h2><p>{TABLE_CAPTION}</p>
<table border="1">
<tr><td rowspan="2">{HEADER_TOP[0]}</td><td rowspan="2">{HEADER_TOP[1]}</td><td colspan="3">{HEADER_TOP[2]}</td></tr>
<tr>{"".join(f"<td>{leaf}</td>" for leaf in HEADER_LEAVES)}</tr>
{body}</table>
<h2>{OUTRO_HEADING}</h2><p>{OUTRO}</p>
<table border="1">{grades}</table></div>
<div class="footer">主办：湘潭县人民政府 版权所有</div></body></html>"""
    path.write_text(page, encoding="utf-8")
    return path


def write_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = [Paragraph(TITLE, style), Spacer(1, 8)]
    story.append(Table([list(pair) for pair in COVER], style=grid))
    story += [Spacer(1, 8), Paragraph(INTRO_HEADING, style), Paragraph(INTRO, style), Spacer(1, 8)]
    story += [Paragraph(TABLE_HEADING, style), Paragraph(TABLE_CAPTION, style)]
    income = [HEADER_TOP + ["", ""], ["", ""] + HEADER_LEAVES, *BODY]
    income_style = TableStyle(
        [*grid.getCommands(), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)), ("SPAN", (2, 0), (4, 0))]
    )
    story.append(Table(income, style=income_style))
    story += [Spacer(1, 8), Paragraph(OUTRO_HEADING, style), Paragraph(OUTRO, style), Spacer(1, 8)]
    story.append(Table([[x for pair in GRADE for x in pair]], style=grid))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    path.write_bytes(buffer.getvalue())
    return path


def write_borderless_pdf(path: Path) -> Path:
    """A PDF whose budget table has no rules: its rows reach pdfplumber as lines of spaced cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    rows = [["项目", "年初预算数", "全年预算数", "全年执行数"], ["收入合计", "1500", "1680.5", "1650.2"],
            ["其中：财政拨款", "1200", "1360.5", "1340.2"], ["其他收入", "300", "320", "310"]]
    story = [Paragraph("某县教育局2023年度部门整体支出绩效自评报告", style), Spacer(1, 8), Paragraph("二、收支情况", style),
             Paragraph("单位：万元", style), Table(rows, style=TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light")])),
             Spacer(1, 8), Paragraph("三公经费支出3.2万元，比上年下降12.5%。", style)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    path.write_bytes(buffer.getvalue())
    return path
