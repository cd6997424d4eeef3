"""The embedding model's transformer run by ONNX Runtime, inside sentence-transformers.

sentence-transformers' own ONNX backend loads through `optimum-onnx`, which pins transformers < 4.58
(this project runs transformers 5), and its OpenVINO backend through `optimum-intel`, which pulls a
CUDA build of torch. So the transformer is exported here, once and offline, from the local model folder
with `torch.onnx`; its attention is fused by onnxruntime's transformer optimizer and, for `onnx-int8`,
its weights are quantized to int8 (dynamic quantization). The exported graph then takes the place of the
torch model inside the model's own Transformer module — where sentence-transformers' ONNX backend puts
its ORTModel — so tokenizing, pooling, normalizing and `SentenceTransformer.encode` stay as they are.

An export is checked against the torch model it came from before it is used: every check sentence's
vector must agree (cosine ≥ MIN_AGREEMENT), else loading fails with the measured cosine.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

EMBEDDING_BACKENDS = ("torch", "auto", "onnx", "onnx-int8", "auto-int8")
# Cosine an export's vectors must keep with the torch model's, per sentence. `auto` mixes the two
# runtimes in one index (queries from one, long passages from the other): it must be the same model.
# `auto-int8` embeds passage batches with the int8 graph (checked alone) and questions with the fp32 one.
MIN_AGREEMENT = {"auto": 0.9999, "onnx": 0.99, "onnx-int8": 0.99, "auto-int8": 0.99}
_INT8 = ("onnx-int8", "auto-int8")
# `auto`: inputs up to this many tokens (batch × length) go to ONNX, larger ones to torch. Measured
# (2 cores, fused fp32 graph): one 21-token query 11 ms vs torch's 35 ms; 4×128 tokens 191 vs 199 ms;
# 16×64 tokens 340 vs 309 ms; a full 16×365 passage batch 2.5 s vs 2.1 s.
AUTO_ONNX_MAX_TOKENS = 512
OPSET = 17
# Short and long, prose and table rows, so the check covers padding and the longer attention spans.
CHECK_TEXTS = (
    "passage: 2021年向上争取资金9783.6万元，比上年增加1683.1万元。",
    "query: 去年向上争取了多少资金？",
    "passage: 三公经费 | 年初预算数 | 全年执行数 | 执行率 公务接待费 | 2.00 | 1.46 | 73% 公务用车运行维护费 | 0.80 | 0.12 | 15%",
    "passage: 部门整体支出绩效评价自评报告 一、部门基本情况 (一)部门职能 负责全市科技创新体系建设，组织实施重大科技项目，"
    "推动科技成果转化，管理科技计划项目和资金，指导高新技术产业开发区建设。",
)


class OnnxError(RuntimeError):
    """The transformer could not be exported to ONNX, or its export disagrees with the torch model."""


def export_folder(model_cache: Path, model_id: str) -> Path:
    """Where a model's exports live: one folder per model, named after it."""
    return model_cache / "onnx" / re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)


def export_path(folder: Path, backend: str) -> Path:
    return folder / ("model_opt_int8.onnx" if backend in _INT8 else "model_opt.onnx")


class SizeRoutedModel(torch.nn.Module):
    """Small inputs (a question, a few statements) to the fp32 ONNX graph, whose fixed cost per call is
    a third of torch's; large passage batches to `large`: torch (`auto`), whose kernels are faster on
    long inputs, or the int8 graph (`auto-int8`)."""

    def __init__(self, small: OnnxTransformerModel, large: torch.nn.Module, max_tokens: int) -> None:
        super().__init__()
        self.small, self.large, self.max_tokens = small, large, max_tokens
        self.config = small.config

    def forward(self, input_ids: Any, attention_mask: Any, **kwargs: Any) -> Any:
        model = self.small if input_ids.numel() <= self.max_tokens else self.large
        return model(input_ids=input_ids, attention_mask=attention_mask, **kwargs)


class OnnxTransformerModel(torch.nn.Module):
    """Stands in for the Hugging Face model inside sentence-transformers' Transformer module: the same
    call (input ids, attention mask, token types) and the same output field (`last_hidden_state`)."""

    def __init__(self, path: Path, config: Any, threads: int) -> None:
        import onnxruntime as ort

        super().__init__()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.config = config  # read by the Transformer module (output_hidden_states)
        self.path = path

    def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None, **_: Any) -> dict[str, Any]:
        feeds = {"input_ids": input_ids.numpy(), "attention_mask": attention_mask.numpy()}
        if "token_type_ids" in self.input_names:
            types = token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
            feeds["token_type_ids"] = types.numpy()
        (hidden,) = self.session.run(["last_hidden_state"], feeds)
        return {"last_hidden_state": torch.from_numpy(hidden)}


class _Graph(torch.nn.Module):
    """The transformer called by keyword with the tokenizer's inputs, returning its last hidden state:
    a positional call of a transformers 5 model collides with its keyword-only arguments (use_cache)."""

    def __init__(self, transformer: torch.nn.Module, names: list[str]) -> None:
        super().__init__()
        self.transformer, self.names = transformer, names

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.transformer(**dict(zip(self.names, inputs, strict=True))).last_hidden_state


def _export(model: SentenceTransformer, folder: Path, backend: str) -> Path:
    """Write the fp32 graph, its fused form and (for onnx-int8) the quantized form; return the one to use."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    folder.mkdir(parents=True, exist_ok=True)
    transformer: Any = model[0].model  # a Hugging Face model (typed as a tensor-or-module attribute)
    config = transformer.config
    raw, fused, wanted = folder / "model.onnx", folder / "model_opt.onnx", export_path(folder, backend)
    if not raw.exists():
        log.info("exporting the embedding model's transformer to ONNX (once): %s", raw)
        sample = model.tokenizer(["passage: 示例", "passage: 较长的示例文本"], padding=True, return_tensors="pt")
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
        axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
        tmp = raw.with_suffix(".tmp")
        # Eager attention exports the classic pattern onnxruntime's optimizer fuses into one Attention
        # operator per layer; the SDPA path exports a decomposed graph it cannot fuse (measured 1.5×
        # slower than torch). The torch model's own attention is restored afterwards.
        attention = getattr(config, "_attn_implementation", None)
        if attention and hasattr(transformer, "set_attn_implementation"):
            transformer.set_attn_implementation("eager")
        try:
            with torch.no_grad():
                # The TorchScript exporter: one fixed graph with dynamic batch and length.
                torch.onnx.export(_Graph(transformer.eval(), names), tuple(sample[n] for n in names), str(tmp),
                                  input_names=names, output_names=["last_hidden_state"], dynamic_axes=axes,
                                  opset_version=OPSET, dynamo=False)
        finally:
            if attention and hasattr(transformer, "set_attn_implementation"):
                transformer.set_attn_implementation(attention)
        os.replace(tmp, raw)
    if not fused.exists():
        model_type = {"xlm-roberta": "bert", "roberta": "bert", "bert": "bert"}.get(getattr(config, "model_type", ""), None)
        if model_type is None:
            raise OnnxError(f"no attention fusion for model type {config.model_type!r}; use REPORTQA_EMBEDDING_BACKEND=torch")
        optimized = optimize_model(str(raw), model_type=model_type, num_heads=int(config.num_attention_heads),
                                   hidden_size=int(config.hidden_size))
        tmp = fused.with_suffix(".tmp")
        optimized.save_model_to_file(str(tmp))
        os.replace(tmp, fused)
        log.info("fused attention: %s", optimized.get_fused_operator_statistics())
    if backend in _INT8 and not wanted.exists():
        tmp = wanted.with_suffix(".tmp")
        # The fused operators are of another domain, so shape inference cannot type their outputs: float.
        quantize_dynamic(str(fused), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
        os.replace(tmp, wanted)
        log.info("quantized the fused graph to int8: %s", wanted)
    return wanted


def _vectors(model: SentenceTransformer) -> np.ndarray:
    return np.asarray(model.encode(list(CHECK_TEXTS), normalize_embeddings=True, convert_to_numpy=True), dtype=np.float32)


def use_onnx(model: SentenceTransformer, folder: Path, backend: str, threads: int) -> Path:
    """Replace the model's torch transformer by its ONNX export, or (`auto`) route small inputs to it
    (the export is made and checked on first use)."""
    if backend not in EMBEDDING_BACKENDS[1:]:
        raise OnnxError(f"unknown ONNX backend {backend!r}; choose one of {', '.join(EMBEDDING_BACKENDS)}")
    record = folder / f"{export_path(folder, backend).stem}.check.json"
    try:
        path = _export(model, folder, backend)
    except OnnxError:
        raise
    except Exception as exc:  # noqa: BLE001 — an exporter's many failure types, reported as one with its cause
        raise OnnxError(f"exporting the embedding model to ONNX failed: {exc}") from exc
    transformer_module: Any = model[0]
    recorded: float | None = float(json.loads(record.read_text(encoding="utf-8"))["min_cosine"]) if record.exists() else None
    reference = _vectors(model) if recorded is None else None
    torch_model = transformer_module.model
    exported = OnnxTransformerModel(path, torch_model.config, threads)
    transformer_module.model = exported  # checked alone, whatever it is routed beside
    if reference is not None:
        recorded = float((reference * _vectors(model)).sum(axis=1).min())
        record.write_text(json.dumps({"min_cosine": recorded}), encoding="utf-8")
        log.info("%s export checked against torch: min cosine %.6f", path.name, recorded)
    if recorded is None or recorded < MIN_AGREEMENT[backend]:
        transformer_module.model = torch_model  # never left half-switched
        raise OnnxError(f"the {backend} export of the embedding model disagrees with it: cosine {recorded:.4f} "
                        f"< {MIN_AGREEMENT[backend]}; use REPORTQA_EMBEDDING_BACKEND=torch")
    if backend == "auto":
        transformer_module.model = SizeRoutedModel(exported, torch_model, AUTO_ONNX_MAX_TOKENS)
    elif backend == "auto-int8":
        fp32 = OnnxTransformerModel(export_path(folder, "onnx"), torch_model.config, threads)
        transformer_module.model = SizeRoutedModel(fp32, exported, AUTO_ONNX_MAX_TOKENS)
    return path
