"""Hostile and odd inputs: each gets a precise error or a correct result, and the parsers never crash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fakes import BigramEmbedder
from hypothesis import given, settings
from hypothesis import strategies as st

from index.errors import CorruptFileError, FileTooLargeError, IngestError
from index.ingest import ingest_paths, safe_name, save_upload
from index.pipeline import parse_report
from index.readers.text import parse_text
from index.settings import Settings
from index.text.normalize import decode_bytes, normalize_text

SEED_LINE = "至2021年12月31日，部门实际在职人员38人，局本级实际在职人员25人。"


def test_mixed_encodings_in_one_file_decode_line_by_line() -> None:
    data = "一、部门概况\n".encode() + (SEED_LINE + "\n").encode("gbk") + "二、收支情况\n".encode()
    text, encoding = decode_bytes(data)
    assert SEED_LINE in text and "二、收支情况" in text and encoding == "mixed utf-8/gb18030"


def test_password_protected_pdf_gets_a_clear_error(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    page.setFont("STSong-Light", 12)
    page.drawString(100, 700, "人员编制41人")
    page.save()
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises((CorruptFileError, IngestError), match="PDF"):
        parse_report(path, path.read_bytes(), Settings())


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    results = ingest_paths([big], Settings.from_env(data=tmp_path / "data"), progress=False, embedder=BigramEmbedder())
    assert not results[0].ok and "超过上限 52,428,800 字节" in str(results[0].error)
    with pytest.raises(FileTooLargeError):
        parse_report(big, b"x" * (Settings().max_file_bytes + 1), Settings())


def test_a_file_of_only_tables(tmp_path: Path) -> None:
    path = tmp_path / "tables.txt"
    path.write_text(
        "\t机构名称\n\t收入合计\n\t财政拨款\n\t其他收入\n\n\t汇总\n\t1,156.44\n\t１１１９．３８\n\t37.06\n\n"
        "\t机关\n\t100\n\t90\n\t10\n", encoding="utf-8")
    report = parse_report(path, path.read_bytes(), Settings())
    cells = {(f.entity, f.metric, f.value) for f in report.figures if f.kind == "table_cell"}
    assert ("汇总", "收入合计", "1156.44") in cells and ("汇总", "财政拨款", "1119.38") in cells


@pytest.mark.parametrize(
    "client_name, expected",
    [
        ("../../etc/passwd", "passwd"),
        ("/absolute/path/report.TXT", "report.txt"),
        ("C:\\\\Users\\\\x\\\\报告.docx", "报告.docx"),
        ("evil\x00.txt.pdf", "evil.txt.pdf"),
        ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
        ("..", "upload"),
    ],
)
def test_upload_names_cannot_leave_the_upload_folder(tmp_path: Path, client_name: str, expected: str) -> None:
    assert safe_name(client_name) == expected
    settings = Settings.from_env(data=tmp_path / "data")
    saved = save_upload(settings, client_name, b"one content")
    assert saved.parent.parent == settings.data / "uploads" and saved.name == expected
    assert save_upload(settings, "other-name.txt", b"one content").parent == saved.parent  # stored by content hash


@pytest.mark.slow
def test_two_thousand_tiny_files_in_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"note-{i:04d}.txt").write_text(f"一、概况\n\n第{i}号单位全年支出{i}.5万元。\n", encoding="utf-8")
    results = ingest_paths([folder], Settings.from_env(data=tmp_path / "data"), progress=False, embedder=BigramEmbedder())
    assert len(results) == 2000 and all(r.ok for r in results)
    assert all(r.figures == 1 for r in results)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\t\n 一二三、（）1234567890.,:：万元%人合计收入支出其中机构名称。") + ["\u3000", "１"]), max_size=400))
def test_the_text_parser_never_crashes_and_offsets_stay_in_the_text(text: str) -> None:
    normalized = normalize_text(text)
    document = parse_text(normalized)
    for block in document.blocks:
        assert 0 <= block.start <= block.end <= len(normalized) + 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_as_a_text_file_give_a_result_or_a_clear_error(data: bytes) -> None:
    try:
        parse_report(Path("random.txt"), data, Settings())
    except IngestError as exc:
        assert exc.reason
