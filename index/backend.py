"""Where an archive lives, chosen once from Settings: SQLite + FAISS + BM25 in the data folder (the
default), or PostgreSQL + pgvector when `database_url` is set. `backend_for` is the one place that
choice is made; everything above index/ opens stores and search indexes through the functions below
and never knows which."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from index.embed.embedder import Embedder, LazyEmbedder, load_embedder, resolve_model
from index.search import faiss_bm25
from index.search.faiss_bm25 import IndexMeta
from index.search.protocol import SearchBackend
from index.settings import Settings
from index.store.sqlite import Store

if TYPE_CHECKING:
    from index.store.postgres import PostgresStore


class Backend(Protocol):
    @property
    def kind(self) -> Literal["folder", "postgresql"]: ...

    def open_store(self, *, create: bool = True, shared: bool = False) -> Store: ...
    def build_index(self, store: Store, embedder: Embedder, *, progress: bool = False) -> IndexMeta: ...
    def read_meta(self, store: Store) -> IndexMeta | None: ...
    def load_index(self, store: Store, embedder: Embedder | None = None) -> SearchBackend: ...
    def current_generation(self, store: Store) -> str | None: ...
    def index_summary(self, store: Store | None) -> dict[str, object]: ...


@dataclass(frozen=True)
class FolderBackend:
    """SQLite file, FAISS vectors and BM25 in generation folders, all under the data folder."""

    settings: Settings
    kind: Literal["folder", "postgresql"] = "folder"

    def open_store(self, *, create: bool = True, shared: bool = False) -> Store:
        return Store.open(self.settings.db_path, create=create, shared=shared)

    def build_index(self, store: Store, embedder: Embedder, *, progress: bool = False) -> IndexMeta:
        return faiss_bm25.build_index(store, embedder, self.settings, progress=progress)

    def read_meta(self, store: Store) -> IndexMeta | None:
        return faiss_bm25.read_meta(self.settings)

    def load_index(self, store: Store, embedder: Embedder | None = None) -> SearchBackend:
        return faiss_bm25.load_index(self.settings, store, embedder)

    def current_generation(self, store: Store) -> str | None:
        return faiss_bm25.current_generation(self.settings)

    def index_summary(self, store: Store | None) -> dict[str, object]:
        return faiss_bm25.index_summary(self.settings)


@dataclass(frozen=True)
class PostgresBackend:
    """One PostgreSQL database with pgvector: store, vectors (HNSW) and token counts together."""

    settings: Settings
    url: str
    kind: Literal["folder", "postgresql"] = "postgresql"

    def open_store(self, *, create: bool = True, shared: bool = False) -> Store:
        from index.store.postgres import PostgresStore

        return PostgresStore.open_url(self.url, create=create, shared=shared)

    def build_index(self, store: Store, embedder: Embedder, *, progress: bool = False) -> IndexMeta:
        from index.search.pgvector import build_pg_index

        return build_pg_index(_postgres(store), embedder, self.settings, progress=progress)

    def read_meta(self, store: Store) -> IndexMeta | None:
        from index.search.pgvector import read_pg_meta

        return read_pg_meta(_postgres(store))

    def load_index(self, store: Store, embedder: Embedder | None = None) -> SearchBackend:
        from index.search.pgvector import load_pg_index

        return load_pg_index(self.settings, _postgres(store), embedder)

    def current_generation(self, store: Store) -> str | None:
        from index.search.pgvector import pg_generation

        return pg_generation(_postgres(store))

    def index_summary(self, store: Store | None) -> dict[str, object]:
        meta = self.read_meta(store) if store is not None else None
        return {"index_type": meta.index_type if meta else None, "index_size": meta.count if meta else None,
                "index_bytes": None, "index_model": meta.model if meta else None}


def _postgres(store: Store) -> PostgresStore:
    from index.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore), "a PostgreSQL backend was handed a SQLite store"
    return store


def backend_for(settings: Settings) -> Backend:
    """The archive's backend: the one place the settings choose it."""
    return PostgresBackend(settings, settings.database_url) if settings.database_url else FolderBackend(settings)


def open_store(settings: Settings, *, create: bool = True, shared: bool = False) -> Store:
    """The archive's store; `create=False` raises StoreError when there is none yet."""
    return backend_for(settings).open_store(create=create, shared=shared)


def build_index(store: Store, embedder: Embedder, settings: Settings, *, progress: bool = False) -> IndexMeta:
    """Embed what lacks a vector and make the new index generation current."""
    return backend_for(settings).build_index(store, embedder, progress=progress)


def read_meta(settings: Settings, store: Store) -> IndexMeta | None:
    """How the current index generation was built (None: no index yet)."""
    return backend_for(settings).read_meta(store)


def load_index(settings: Settings, store: Store, embedder: Embedder | None = None) -> SearchBackend:
    """The current generation, checked against the store and the configured model."""
    return backend_for(settings).load_index(store, embedder)


def current_generation(settings: Settings, store: Store) -> str | None:
    """The generation searches should use now; another process's ingest changes it."""
    return backend_for(settings).current_generation(store)


def index_summary(settings: Settings, store: Store | None = None) -> dict[str, object]:
    """What `reportqa info` shows of the index."""
    return backend_for(settings).index_summary(store)


def indexed_embedder(settings: Settings, store: Store) -> Embedder:
    """The configured model as the current index records it (id, dimension, prompts), loaded only on its
    first encode; the model itself when the index was built with another model or there is none."""
    meta = read_meta(settings, store)
    if meta is not None and meta.model == resolve_model(settings)[0]:
        return LazyEmbedder(settings, meta.model, meta.source, meta.dim, meta.prompts)
    return load_embedder(settings)
