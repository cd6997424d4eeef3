"""PDFium reads a PDF's characters and rules for pdfplumber (index/readers/pdfium_objects.py): the
canonical text is the one pdfplumber's own parser (pdfminer) gives, on both development PDFs, the seed
rendered as a ruled PDF and the generated report's PDFs — and every page of them is read by PDFium,
so the comparison is not pdfminer against itself."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
import seed_formats
from testdata import DATA

from index.readers.pdf import pdf_to_text
from index.readers.pdfium_objects import lend_objects

import reports

DISCLOSURES = {path.name: path for path in sorted((DATA / "disclosures").glob("*.pdf"))}
NAMES = [*DISCLOSURES, "seed-ruled.pdf", "report.pdf", "borderless.pdf"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("pdfs")
    written = {
        "seed-ruled.pdf": seed_formats.write_pdf(seed_path, folder / "seed-ruled.pdf"),
        "report.pdf": reports.write_pdf(folder / "report.pdf"),
        "borderless.pdf": reports.write_borderless_pdf(folder / "borderless.pdf"),
    }
    return {name: path.read_bytes() for name, path in {**DISCLOSURES, **written}.items()}


def test_both_development_pdfs_are_here() -> None:
    assert len(DISCLOSURES) == 2


@pytest.mark.parametrize("name", NAMES)
def test_the_canonical_text_is_pdfminer_s(name: str, pdfs: dict[str, bytes]) -> None:
    data = pdfs[name]
    text = pdf_to_text(data)
    assert len(text) > 100
    assert text == pdf_to_text(data, native=False)


def _lent(data: bytes) -> list[bool]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        document = pdfium.PdfDocument(data)
        try:
            return [lend_objects(page, document[number]) for number, page in enumerate(pdf.pages)]
        finally:
            document.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_page_is_read_by_pdfium(name: str, pdfs: dict[str, bytes]) -> None:
    lent = _lent(pdfs[name])
    assert lent and all(lent)


def _pages(data: bytes, native: bool) -> list[tuple[list[tuple], list[tuple]]]:
    """Per page: its characters (text and box) and its table edges."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        document = pdfium.PdfDocument(data)
        for number, page in enumerate(pdf.pages):
            if native:
                assert lend_objects(page, document[number])
            chars = [(c["text"], *(c[k] for k in ("x0", "x1", "top", "bottom"))) for c in page.chars
                     if not c["text"].isspace()]
            edges = sorted(((e["orientation"], *(e[k] for k in ("x0", "x1", "top", "bottom"))) for e in page.edges),
                           key=lambda edge: (edge[0], *(round(v, 1) for v in edge[1:])))
            out.append((chars, edges))
        document.close()
    return out


def test_characters_and_rules_are_pdfminer_s_where_pdfplumber_reads_them() -> None:
    """The 2025 财政局 部门预算: 16 pages of ruled tables. Its drawn spaces are the one thing PDFium's
    text page leaves out (the module says why that keeps the text)."""
    data = DISCLOSURES["shanghai-putuo-2025-caizhengju-bumenyusuan.pdf"].read_bytes()
    native, parsed = _pages(data, True), _pages(data, False)
    assert len(native) == len(parsed) >= 10
    assert sum(len(edges) for _, edges in parsed) > 500
    for (native_chars, native_edges), (chars, edges) in zip(native, parsed, strict=True):
        for mine, theirs in [*zip(native_chars, chars, strict=True), *zip(native_edges, edges, strict=True)]:
            # PDFium computes in single precision: the same point to a few thousandths
            assert mine[0] == theirs[0] and mine[1:] == pytest.approx(theirs[1:], abs=0.02)


def test_a_rotated_page_is_left_to_pdfminer(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 720, "一、部门基本情况")
    page.drawString(72, 700, "全年预算数为1200.50万元。")
    page.showPage()
    page.setPageRotation(90)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 500, "二、预算执行情况：执行率98.5%。")
    page.showPage()
    page.save()
    data = buffer.getvalue()
    assert _lent(data) == [True, False]
    text = pdf_to_text(data)
    assert "全年预算数为1200.50万元。" in text and "执行率98.5%" in text
    assert text == pdf_to_text(data, native=False)
