"""PDF reading speed: each PDF's canonical text with PDFium reading the pages for pdfplumber (the
default) and with pdfplumber's own parser (pdfminer), and whether the two texts are the same.

Run: .venv/bin/python bench/pdf_read_bench.py [--runs N] [PDF ...]   (default: the development PDFs)
Numbers go in closing notes; nothing here is asserted (tests/index/readers/test_pdf_native.py is the test).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2  # noqa: E402

from index.readers.pdf import pdf_to_text  # noqa: E402

DEVELOPMENT_PDFS = sorted((Path(__file__).resolve().parent.parent / "tests" / "data" / "disclosures").glob("*.pdf"))


def _median_seconds(data: bytes, native: bool, runs: int) -> tuple[float, str]:
    timings, text = [], ""
    for _ in range(runs):
        began = time.perf_counter()
        text = pdf_to_text(data, native=native)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEVELOPMENT_PDFS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| PDF | pages | pdfminer s | PDFium s | × | same text |")
    print("|---|---|---|---|---|---|")
    for path in args.pdfs:
        data = path.read_bytes()
        pages = len(pypdfium2.PdfDocument(data))
        parsed, parsed_text = _median_seconds(data, False, args.runs)
        native, native_text = _median_seconds(data, True, args.runs)
        print(f"| {path.name} | {pages} | {parsed:.2f} | {native:.2f} | {parsed / native:.1f} | "
              f"{'yes' if parsed_text == native_text else 'NO'} |")


if __name__ == "__main__":
    main()
