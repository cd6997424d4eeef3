"""One reader per file format; each turns a file into a Document of ordered blocks."""

from __future__ import annotations

from pathlib import Path

from index.errors import BinaryFileError, DecodeError, EmptyFileError, UnsupportedFormatError
from index.records import Document
from index.settings import SUPPORTED_SUFFIXES
from index.text.normalize import UndecodableText, decode_bytes, looks_binary, normalize_text


def read_text_bytes(path: Path, data: bytes) -> Document:
    """Decode (UTF-8, BOMs, GBK/GB18030), normalize and parse a plain-text report."""
    from index.readers.layouts import canonical_layout
    from index.readers.text import parse_text

    if looks_binary(data):
        raise BinaryFileError(path, "这是二进制数据，不是文本（含空字节或控制字符）；请确认它真是 .txt 文件")
    try:
        text, _ = decode_bytes(data)
    except UndecodableText as exc:
        raise DecodeError(path, str(exc)) from exc
    text = normalize_text(text)
    if not text.strip():
        raise EmptyFileError(path, "文件只有空白，没有文字")
    return parse_text(canonical_layout(text))


def check_supported(path: Path) -> None:
    """Refuse a file whose suffix no reader handles, naming the ones that do."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(path, f"不支持的文件类型 {path.suffix or '（无扩展名）'}；可用的类型：{'、'.join(SUPPORTED_SUFFIXES)}")


def read_document(path: Path, data: bytes) -> Document:
    """Dispatch on the file suffix; every reader returns the same kind of blocks."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return read_text_bytes(path, data)
    if suffix == ".docx":
        from index.readers.docx import read_docx

        return read_docx(path, data)
    if suffix == ".pdf":
        from index.readers.pdf import read_pdf

        return read_pdf(path, data)
    check_supported(path)
    from index.readers.html import read_html

    return read_html(path, data)
