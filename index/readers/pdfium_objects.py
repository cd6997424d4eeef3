"""A PDF page's characters and painted paths read by PDFium (C++), in the shape pdfplumber's own parser
gives them, so pdfplumber's line and table finding runs unchanged on them.

Why: pdfplumber interprets every content stream in pure Python (pdfminer); on a 35-page 部门预算 that
is ~85 % of reading it. PDFium reads the same operators natively. The objects built here reproduce
pdfminer's, field for field where pdfplumber reads them:
- a character's box is pdfminer's: its advance by its font size above the baseline's descent (PDFium's
  "loose" box has the same left, right and bottom; its top is the font's ascent, so it is redrawn);
- a painted path is split at each move, as pdfminer does, and each piece becomes a line (two points),
  a rect (an axis-aligned closed four-sided piece) or a curve (the rest, one point per segment);
- no spaces: PDFium's text page drops the spaces a content stream draws and makes up its own where it
  sees a gap, which do not match pdfminer's (tried: extra spaces inside table cells). pdfplumber breaks
  a word at a drawn space and at a gap wider than its tolerance (3 points), so a word still breaks at
  every space wider than that; a narrower one is not seen. On every development PDF the canonical text
  is the same either way (tests/index/readers/test_pdf_native.py).

A page this cannot reproduce faithfully (rotated, text that is not upright and axis-aligned, a glyph
without a Unicode mapping) is left to pdfminer: `page_objects` returns None.
"""

from __future__ import annotations

import ctypes
from collections import deque
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Objects = dict[str, list[dict]]
Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PageFrame:
    """Where pdfplumber puts a page's points: pdfminer counts them from the media box's lower-left
    corner (PDF user space, y up), pdfplumber from the page's top-left, adding its media box's
    offsets back."""

    number: int
    height: float
    doctop: float  # the page's top, counted down from the first page's top
    user_left: float  # the media box's lower-left corner in user space
    user_bottom: float
    plumber_left: float  # pdfplumber's media box (x0, top)
    plumber_top: float

    def x(self, user_x: float) -> float:
        return user_x - self.user_left + self.plumber_left

    def y(self, user_y: float) -> float:
        """pdfminer's y (up from the media box's bottom)."""
        return user_y - self.user_bottom

    def top(self, user_y: float) -> float:
        return self.height - self.y(user_y) + self.plumber_top


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m applied first, then n (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _object_matrix(obj: ctypes.c_void_p) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _painted_paths(objects: list[tuple[ctypes.c_void_p, Matrix]]) -> list[tuple[list[tuple[str, list[Point]]], Matrix]]:
    """Every path object that is stroked or filled, with the matrix to page space; form XObjects are
    opened (their objects' matrices are relative to the form's)."""
    found = []
    pending = deque(objects)  # in drawing order: a form's objects stand where the form is drawn
    while pending:
        obj, outer = pending.popleft()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = _times(_object_matrix(obj), outer)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            pending.extendleft((pdfium_c.FPDFFormObj_GetObject(obj, i), inner) for i in reversed(range(count)))
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
            continue
        if fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
            continue  # a clipping path: pdfminer never sees it painted
        found.append((_segments(obj), _times(_object_matrix(obj), outer)))
    return found


def _segments(path: ctypes.c_void_p) -> list[tuple[str, list[Point]]]:
    """The path as pdfminer records it: (operator, points) with m, l, c (a Bézier's three points) and h."""
    out: list[tuple[str, list[Point]]] = []
    bezier: list[Point] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (float(x.value), float(y.value))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            out.append(("m", [point]))
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.append(("l", [point]))
        else:
            bezier.append(point)
            if len(bezier) < 3:
                continue
            out.append(("c", bezier))
            bezier = []
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            out.append(("h", []))
    return out


def _pieces(path: list[tuple[str, list[Point]]]) -> list[list[tuple[str, list[Point]]]]:
    """A path split at each move (pdfminer paints each subpath on its own)."""
    pieces: list[list[tuple[str, list[Point]]]] = []
    for operator, points in path:
        if operator == "m" or not pieces:
            pieces.append([])
        pieces[-1].append((operator, points))
    return [piece for piece in pieces if piece[0][0] == "m"]


def _bound(points: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _shape_object(piece: list[tuple[str, list[Point]]], matrix: Matrix, frame: PageFrame) -> dict:
    """One subpath as pdfminer classifies it (converter.paint_path), in pdfplumber's fields."""
    shape = "".join(operator for operator, _ in piece)
    start = piece[0][1][-1]
    # a segment's point is its last (a Bézier's end); h returns to the start
    points = [_apply(matrix, *(start if operator == "h" else segment[-1])) for operator, segment in piece]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in {"mlh", "ml"}:
        kind, points = "line", points[:2]
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        kind = "rect" if points[0] == points[4] and square else "curve"
        if kind == "rect":
            points = [points[0], points[2]]
    else:
        kind = "curve"
    left, bottom, right, up = _bound(points)
    obj = {
        "object_type": kind, "page_number": frame.number,
        "x0": frame.x(left), "x1": frame.x(right), "y0": frame.y(bottom), "y1": frame.y(up),
        "width": right - left, "height": up - bottom, "top": frame.top(up), "bottom": frame.top(bottom),
        "doctop": frame.doctop + frame.top(up),
    }
    if kind == "curve":
        obj["pts"] = [(frame.x(x), frame.top(y)) for x, y in points]
    return obj


def _path_objects(page: pdfium.PdfPage, frame: PageFrame) -> Objects:
    top_level = [(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY) for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
    out: Objects = {}
    for path, matrix in _painted_paths(top_level):
        for piece in _pieces(path):
            obj = _shape_object(piece, matrix, frame)
            out.setdefault(obj["object_type"], []).append(obj)
    return out


def _char_objects(text_page: pdfium.PdfTextPage, frame: PageFrame) -> list[dict] | None:
    """The page's characters with pdfminer's boxes, or None when a character cannot be reproduced (no
    Unicode mapping; rotated, mirrored or skewed text)."""
    raw = text_page.raw
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    chars: list[dict] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # a space or line break PDFium made up
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i):
            return None
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix))
        if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
            return None
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box))
        # pdfminer's box: from the descent below the baseline (PDFium's loose bottom) up one font size
        size = pdfium_c.FPDFText_GetFontSize(raw, i) * matrix.d
        bottom = frame.top(box.bottom)
        chars.append({
            "object_type": "char", "page_number": frame.number, "text": chr(code),
            "x0": frame.x(box.left), "x1": frame.x(box.right), "top": bottom - size, "bottom": bottom,
            "doctop": frame.doctop + bottom - size, "y0": frame.y(box.bottom), "y1": frame.y(box.bottom) + size,
            "width": box.right - box.left, "height": size, "size": size, "upright": True,
            "matrix": (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
        })
    return chars


def page_objects(page: pdfium.PdfPage, frame: PageFrame) -> Objects | None:
    """pdfplumber's objects of one page ("char", "line", "rect", "curve"), or None when pdfminer must
    read it (see the module's note)."""
    if page.get_rotation() != 0:
        return None
    text_page = page.get_textpage()
    try:
        chars = _char_objects(text_page, frame)
    finally:
        text_page.close()
    if chars is None:
        return None
    objects = _path_objects(page, frame)
    objects["char"] = chars
    return objects


def lend_objects(plumber_page: object, native_page: pdfium.PdfPage) -> bool:
    """Give a pdfplumber page the objects PDFium read, so that pdfplumber never parses it; False when
    the page is left to pdfminer."""
    left, bottom, _, _ = native_page.get_mediabox()
    frame = PageFrame(
        number=plumber_page.page_number, height=float(plumber_page.height), doctop=float(plumber_page.initial_doctop),
        user_left=left, user_bottom=bottom,
        plumber_left=float(plumber_page.mediabox[0]), plumber_top=float(plumber_page.mediabox[1]),
    )
    objects = page_objects(native_page, frame)
    if objects is None:
        return False
    plumber_page._objects = objects  # pdfplumber's cache of the parsed page: Page.objects reads it first
    return True
