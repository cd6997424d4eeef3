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
        raise StoreError("`reportqa doctor` checks a SQLite data folder; PostgreSQL checks its own integrity "
                         "(run `reportqa reindex` to rebuild the search index there)")
    findings = [Finding(problem) for problem in store.integrity_problems()]
    for report in store.reports():
        counts = store.stored_counts(report.id)
        expected = (report.n_figures, report.n_chunks, report.n_sections, report.n_tables)
        if counts != expected:
            findings.append(Finding(f"{report.name}: stored rows {tuple(counts)} differ from its record {expected}", report.id))
    model_id = resolve_model(settings)[0]
    missing = len(store.chunks_without_vector(model_id))
    if missing:
        findings.append(Finding(f"{missing} chunks have no vector from {model_id}"))
    findings.extend(_check_index(settings, store, model_id))
    return findings


def _check_index(settings: Settings, store: Store, model_id: str) -> list[Finding]:
    meta = read_meta(settings) if (settings.index_dir / "current.json").exists() else None
    if meta is None:
        return [Finding("there is no search index")]
    try:
        index = load_index(settings, store)
    except SearchIndexError as exc:
        return [Finding(str(exc))]
    findings = []
    if meta.model != model_id:
        findings.append(Finding(f"the index was built with {meta.model}, the configured model is {model_id}"))
    if index.stale:
        findings.append(Finding("the search index is behind the stored reports"))
    vids = set(store.chunk_vids().tolist())
    faiss_ids = set(faiss.vector_to_array(index.vectors.id_map).tolist()) if hasattr(index.vectors, "id_map") else set()
    if faiss_ids != vids:
        findings.append(Finding(f"FAISS holds {len(faiss_ids)} ids, the store {len(vids)} chunks ({len(faiss_ids ^ vids)} differ)"))
    if set(np.asarray(index.bm25_vids).tolist()) != vids:
        findings.append(Finding("BM25 covers other chunks than the store holds"))
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
            actions.append(f"rebuilt {name} from its stored text")
        removed = store.drop_orphan_figures()
        if removed:
            actions.append(f"removed {removed} figures of vanished chunks")
        model = embedder if embedder is not None else load_embedder(settings)
        store.drop_orphan_vectors(keep_model=model.model_id)
        meta = build_index(store, model, settings)
        actions.append(f"rebuilt the search index ({meta.count} chunks, {meta.model})")
    return actions


def _segmenter_tokens():  # type: ignore[no-untyped-def]
    from index.text.tokenize import Segmenter

    return Segmenter().tokens
