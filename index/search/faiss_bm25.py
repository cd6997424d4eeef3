"""The search index: FAISS vectors and BM25 over the stored chunks, in one folder swapped atomically.

Every build writes a new generation folder `index/gen-N/` (vectors.faiss, bm25/, meta.json) and then
replaces `index/current.json` with `os.replace`, so a reader sees the old index or the new one,
never a mix. SQLite holds the truth (chunks, their BM25 tokens and their vectors); this folder is
derived from it and can always be rebuilt without embedding again (`reportqa reindex` re-embeds only
when the model changed).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from index.embed.embedder import Embedder, encode_distinct_passages
from index.errors import SearchIndexError
from index.settings import Settings
from index.store.sqlite import Store

log = logging.getLogger(__name__)
INDEX_FORMAT = 1
KEEP_GENERATIONS = 2


@dataclass(frozen=True)
class IndexMeta:
    """How an index generation was built; compared with the store and the configured model on load."""

    format: int
    model: str
    source: str
    dim: int
    prompts: dict[str, str]
    index_type: str
    count: int
    checksum: int
    built_at: str
    build_seconds: float


def _pointer(settings: Settings) -> Path:
    return settings.index_dir / "current.json"


def _new_faiss(dim: int, count: int, settings: Settings, sample: np.ndarray) -> faiss.Index:
    if settings.vector_index == "ivf" and count >= 1000:
        lists = settings.ivf_lists or max(16, int(4 * np.sqrt(count)))
        quantizer = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
        ivf.train(sample)
        ivf.nprobe = settings.ivf_probe
        return faiss.IndexIDMap(ivf)
    if settings.vector_index not in ("flat", "ivf"):
        raise SearchIndexError(f"未知的 vector_index {settings.vector_index!r}；可选 flat、ivf")
    return faiss.IndexIDMap(faiss.IndexFlatIP(dim))


def bm25_idf(documents: int, holding: int) -> float:
    """BM25's inverse document frequency (bm25s' Lucene variant) of a token `holding` of `documents` chunks hold."""
    return float(np.log(1.0 + (documents - holding + 0.5) / (holding + 0.5)))


def rarity_weightings(documents: int, holding: dict[str, int], backgrounds: tuple[int, ...]) -> list[dict[str, float]]:
    """Each token's BM25 rarity among `documents` chunks of which `holding[token]` hold it, once per
    background (that many more chunks, none holding it): both index backends weigh words so."""
    return [{t: bm25_idf(documents + extra, n) for t, n in holding.items()} for extra in backgrounds]


def embed_missing_chunks(store: Store, embedder: Embedder, *, reports: Sequence[str] | None = None,
                         progress: bool = False) -> int:
    """Embed the chunks (of some reports, or of all) that lack a vector for this model; returns how many."""
    missing = store.chunks_without_vector(embedder.model_id, reports=reports)
    if missing:
        log.info("embedding %d new chunks with %s", len(missing), embedder.model_id)
        vectors = encode_distinct_passages(embedder, [text for _, text in missing], progress=progress)
        store.put_vectors(embedder.model_id, [vid for vid, _ in missing], vectors)
    return len(missing)


def store_chunk_vectors(store: Store, embedder: Embedder, *, progress: bool = False) -> None:
    """Embed the chunks that lack a vector for this model and forget the vectors of chunks that are gone:
    the first step of an index build on either backend."""
    embed_missing_chunks(store, embedder, progress=progress)
    store.drop_orphan_vectors()


def build_index(store: Store, embedder: Embedder, settings: Settings, *, progress: bool = False) -> IndexMeta:
    """Embed chunks that lack a vector for this model, then write a new index generation."""
    began = time.perf_counter()
    store_chunk_vectors(store, embedder, progress=progress)
    vids, matrix = store.vectors(embedder.model_id)
    count, checksum = store.chunk_fingerprint()
    if len(vids) != count:
        raise SearchIndexError(f"有 {count - len(vids)} 个段落没有 {embedder.model_id} 的向量；请运行 `reportqa reindex`")
    faiss_index = _new_faiss(embedder.dim, count, settings, matrix)
    if count:
        faiss_index.add_with_ids(matrix, vids)
    token_vids, tokens = store.chunk_tokens()
    bm25 = bm25s.BM25()
    if tokens:
        bm25.index([t or [""] for t in tokens], show_progress=False)
    meta = IndexMeta(
        format=INDEX_FORMAT, model=embedder.model_id, source=embedder.source, dim=embedder.dim,
        prompts=dict(embedder.prompts), index_type=settings.vector_index if count >= 1000 else "flat",
        count=count, checksum=checksum, built_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
        build_seconds=round(time.perf_counter() - began, 3),
    )
    _write_generation(settings, faiss_index, bm25, token_vids, meta, has_bm25=bool(tokens))
    return meta


def _write_generation(
    settings: Settings, faiss_index: faiss.Index, bm25: bm25s.BM25, bm25_vids: np.ndarray, meta: IndexMeta, *, has_bm25: bool
) -> None:
    root = settings.index_dir
    root.mkdir(parents=True, exist_ok=True)
    number = 1 + max((int(p.name.split("-")[1]) for p in root.glob("gen-*") if p.name.split("-")[1].isdigit()), default=0)
    final = root / f"gen-{number}"
    work = root / f".gen-{number}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    faiss.write_index(faiss_index, str(work / "vectors.faiss"))
    if has_bm25:
        bm25.save(str(work / "bm25"), show_progress=False)
    np.save(work / "bm25_vids.npy", bm25_vids)
    (work / "meta.json").write_text(json.dumps(asdict(meta), ensure_ascii=False, indent=1), encoding="utf-8")
    for path in work.iterdir():  # make the data durable before the pointer names it
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    work.rename(final)
    pointer_tmp = root / "current.json.tmp"
    pointer_tmp.write_text(json.dumps({"generation": final.name}), encoding="utf-8")
    os.replace(pointer_tmp, _pointer(settings))
    generations = sorted((p for p in root.glob("gen-*")), key=lambda p: int(p.name.split("-")[1]))
    for old in generations[:-KEEP_GENERATIONS]:
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class SearchIndex:
    """A loaded generation: FAISS over chunk vector ids, BM25 over their tokens."""

    meta: IndexMeta
    vectors: faiss.Index
    bm25: bm25s.BM25 | None
    bm25_vids: np.ndarray
    folder: Path
    stale: bool = False

    @property
    def generation(self) -> str:
        """The generation searched (`gen-7`)."""
        return self.folder.name

    def dense(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if self.meta.count == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64)))  # type: ignore[call-arg]
        k = min(k, self.meta.count)
        scores, ids = self.vectors.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def lexical(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        if self.bm25 is None or not tokens or k <= 0:
            return []
        mask = None
        if allowed is not None:
            mask = np.isin(self.bm25_vids, allowed).astype(np.float32)
        k = min(k, len(self.bm25_vids))
        docs, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, weight_mask=mask, n_threads=1)
        return [(int(self.bm25_vids[d]), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def rarities(self, tokens: list[str], *, backgrounds: tuple[int, ...] = (0,)) -> list[dict[str, float]]:
        """BM25's inverse document frequency of each token over the archive's chunks: a word no chunk
        holds weighs most, a word every chunk holds (资金, 工作) least. One weighting per background: as
        if the archive held that many more chunks holding none of them (the counts are read once)."""
        holding = dict.fromkeys(tokens, 0)
        if self.bm25 is not None:
            pointers = self.bm25.scores["indptr"]
            for token in tokens:
                column = self.bm25.vocab_dict.get(token)
                if column is not None and column + 1 < len(pointers):
                    holding[token] = int(pointers[column + 1] - pointers[column])
        return rarity_weightings(len(self.bm25_vids), holding, backgrounds)


def _current_folder(settings: Settings) -> Path | None:
    """The generation `current.json` names, or None when no index was built yet."""
    pointer = _pointer(settings)
    if not pointer.exists():
        return None
    return settings.index_dir / json.loads(pointer.read_text(encoding="utf-8"))["generation"]


def current_generation(settings: Settings) -> str | None:
    """The name of the generation searches should use now (`gen-7`): another process's ingest changes it."""
    folder = _current_folder(settings)
    return folder.name if folder is not None else None


def _read_meta(folder: Path) -> IndexMeta:
    return IndexMeta(**json.loads((folder / "meta.json").read_text(encoding="utf-8")))


def read_meta(settings: Settings) -> IndexMeta | None:
    folder = _current_folder(settings)
    return _read_meta(folder) if folder is not None else None


def load_index(settings: Settings, store: Store, embedder: Embedder | None = None) -> SearchIndex:
    """The current generation, checked against the store and the configured model."""
    try:
        folder = _current_folder(settings)
        if folder is None:
            raise SearchIndexError(f"{settings.data} 中没有检索索引；请运行 `reportqa ingest 路径 --data {settings.data}`")
        meta = _read_meta(folder)
        vectors = faiss.read_index(str(folder / "vectors.faiss"))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False) if (folder / "bm25").exists() else None
        bm25_vids = np.load(folder / "bm25_vids.npy")
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise SearchIndexError(f"{settings.index_dir} 中的检索索引已损坏（{exc}）；请运行 `reportqa reindex --data {settings.data}`") from exc
    if embedder is not None and (meta.model != embedder.model_id or meta.dim != embedder.dim):
        raise SearchIndexError(
            f"索引是用 {meta.model}（{meta.dim} 维）建的，而当前配置的模型是 {embedder.model_id}"
            f"（{embedder.dim} 维）；请运行 `reportqa reindex --data {settings.data}` 重建"
        )
    if meta.format != INDEX_FORMAT:
        raise SearchIndexError(
            f"{settings.index_dir} 中的检索索引格式是 {meta.format}，本版 reportqa 读取格式 "
            f"{INDEX_FORMAT}；请运行 `reportqa reindex --data {settings.data}`"
        )
    stale = (meta.count, meta.checksum) != store.chunk_fingerprint()
    if stale:
        # An ingest or removal stopped before it swapped in a new index (a crash, a kill): the previous
        # index still answers; chunks it lacks are not searched and chunks since removed are skipped.
        log.warning("the search index is behind the stored reports; run `reportqa reindex --data %s`", settings.data)
    return SearchIndex(meta, vectors, bm25, bm25_vids, folder, stale=stale)


def index_summary(settings: Settings) -> dict[str, object]:
    """What `reportqa info` shows of the index: type, size in chunks and bytes, model (None if absent)."""
    folder = _current_folder(settings)
    if folder is None:
        return {"index_type": None, "index_size": None, "index_bytes": None, "index_model": None}
    meta = _read_meta(folder)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"index_type": meta.index_type, "index_size": meta.count, "index_bytes": size, "index_model": meta.model}
