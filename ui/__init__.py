"""Shells over the library: the command line (and, later, the Gradio app)."""
