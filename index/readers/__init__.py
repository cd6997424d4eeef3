"""One reader per file format; each turns a file into ordered blocks."""
