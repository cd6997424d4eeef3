"""Searching an archive: the `SearchBackend` protocol, FAISS + BM25 over a data folder, and pgvector
+ stored token counts in PostgreSQL."""
