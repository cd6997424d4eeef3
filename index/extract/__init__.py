"""From the canonical text of one report to what is stored of it: sections, metadata, tables' labels
and checks, chunks, figures (prose, tables, forms, words-as-values) and their statements. Pure
functions of the text: nothing here opens a store or a model."""
