"""Bytes to normalized text: encoding detection (UTF-8, BOMs, GBK/GB18030) and character clean-up."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from charset_normalizer import from_bytes

# Full-width forms people type in numbers; Chinese punctuation (，。：（）) is kept as written.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "／": "/", "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " "})
_DROP = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_TRANSLATION = str.maketrans({**_FULLWIDTH, **dict.fromkeys(_DROP)})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class UndecodableText(ValueError):
    """Raised by `decode_bytes` with a reason the caller turns into a per-file error."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KiB mean this is not a text file."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 100)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Tries BOMs, strict UTF-8, strict GB18030, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    mixed = _decode_lines(data)
    if mixed is not None:
        return mixed, "mixed utf-8/gb18030"
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableText("no text encoding fits these bytes (tried UTF-8, GB18030 and detection)")
    return str(best), best.encoding


def _decode_lines(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and GBK parts: decode line by line, each the way it fits."""
    lines = []
    for raw in data.split(b"\n"):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "\n".join(lines)


def normalize_text(text: str) -> str:
    """NFC, LF line ends, half-width digits and letters, no zero-width characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_TRANSLATION)


# A reading gloss a mirror site prints after a character: 乡(xiāng), 内(nèi). Only tone-marked pinyin,
# so that (a), (km) or an English name in brackets stay.
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")


def drop_pinyin_glosses(text: str) -> str:
    """开阳县毛云乡(xiāng)中心学校 -> 开阳县毛云乡中心学校: the gloss splits the names it sits in."""
    return _PINYIN_GLOSS.sub("", text)


# A report is read as traditional Chinese when this share of its CJK characters has a different
# simplified form (a simplified report scores ~0; a traditional one 20–30%).
TRADITIONAL_SHARE = 0.05


@functools.cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc  # local: loads its dictionaries on first use

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified (爭取資金 -> 争取资金); one converter per process."""
    return str(_t2s().convert(text))


def fold_traditional(text: str) -> str:
    """A report in traditional characters, in simplified ones (臨河區…萬元 -> 临河区…万元), so that the
    lexicon, units and questions meet it; character for character, so offsets and numbers stay.
    Text that is not traditional, or whose conversion would change its length, is returned as is."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk == 0:
        return text
    folded = simplified(text)
    if len(folded) != len(text):
        return text
    changed = sum(1 for a, b in zip(text, folded, strict=True) if a != b)
    return folded if changed >= TRADITIONAL_SHARE * cjk else text
