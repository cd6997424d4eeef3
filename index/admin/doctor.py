"""`reportqa doctor`: do reports, chunks, figures, vectors and the search index agree? `--repair`
rebuilds what does not from the stored report texts and the stored vectors."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import faiss
import numpy as np

from index.backend import backend_for
from index.embed.embedder import Embedder, resolve_model
from index.errors import SearchIndexError, StoreError
from index.pipeline import derive_report
from index.readers.text import parse_text
from index.search.faiss_bm25 import build_index, load_index, read_meta
from index.settings import Settings
from index.store.sqlite import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """One disagreement, in words, and whether it is about a particular report."""

    problem: str
    report_id: str | None = None


def check(settings: Settings, store: Store) -> list[Finding]:
    """Everything that disagrees; an empty list means the data folder is sound."""
    if backend_for(settings).kind != "folder":
        raise StoreError("`reportqa doctor` 检查的是 SQLite 数据文件夹；PostgreSQL 自己检查完整性"
                         "（要在那里重建检索索引，请运行 `reportqa reindex`）")
    findings = [Finding(problem) for problem in store.integrity_problems()]
    for report in store.reports():
        counts = store.stored_counts(report.id)
        expected = (report.n_figures, report.n_chunks, report.n_sections, report.n_tables)
        if counts != expected:
            findings.append(Finding(f"{report.name}：保存的行数 {tuple(counts)} 与记录的 {expected} 不一致", report.id))
    model_id = resolve_model(settings)[0]
    missing = len(store.chunks_without_vector(model_id))
    if missing:
        findings.append(Finding(f"有 {missing} 个段落没有 {model_id} 的向量"))
    findings.extend(_check_index(settings, store, model_id))
    return findings


def _check_index(settings: Settings, store: Store, model_id: str) -> list[Finding]:
    meta = read_meta(settings) if (settings.index_dir / "current.json").exists() else None
    if meta is None:
        return [Finding("没有检索索引")]
    try:
        index = load_index(settings, store)
    except SearchIndexError as exc:
        return [Finding(str(exc))]
    findings = []
    if meta.model != model_id:
        findings.append(Finding(f"索引是用 {meta.model} 建的，而当前配置的模型是 {model_id}"))
    if index.stale:
        findings.append(Finding("检索索引落后于已保存的报告"))
    vids = set(store.chunk_vids().tolist())
    faiss_ids = set(faiss.vector_to_array(index.vectors.id_map).tolist()) if hasattr(index.vectors, "id_map") else set()
    if faiss_ids != vids:
        findings.append(Finding(f"FAISS 中有 {len(faiss_ids)} 个编号，库中有 {len(vids)} 个段落（{len(faiss_ids ^ vids)} 个不一致）"))
    if set(np.asarray(index.bm25_vids).tolist()) != vids:
        findings.append(Finding("BM25 索引的段落与库中保存的不一致"))
    return findings


def repair(settings: Settings, *, embedder: Embedder | None = None) -> list[str]:
    """Re-derive inconsistent reports from their stored text, drop orphans, rebuild the index."""
    from index.embed.embedder import load_embedder

    actions: list[str] = []
    with Store.open(settings.db_path, create=False) as store:
        for finding in check(settings, store):
            if finding.report_id is None:
                continue
            name = store.find_report(finding.report_id).name
            report = derive_report(name, parse_text(store.report_text(finding.report_id)))
            store.save_report(report, tokenize=_segmenter_tokens())
            actions.append(f"已从保存的文本重建 {name}")
        removed = store.drop_orphan_figures()
        if removed:
            actions.append(f"已删除 {removed} 个指向已不存在段落的数字")
        model = embedder if embedder is not None else load_embedder(settings)
        store.drop_orphan_vectors(keep_model=model.model_id)
        meta = build_index(store, model, settings)
        actions.append(f"已重建检索索引（{meta.count} 个段落，{meta.model}）")
    return actions


def _segmenter_tokens():  # type: ignore[no-untyped-def]
    from index.text.tokenize import Segmenter

    return Segmenter().tokens
