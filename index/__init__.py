"""Report ingestion: readers, sections, tables, figures, chunks and the store."""
