"""Write a tiny random-weight llama model in GGUF format (byte-level vocabulary, 2 layers, width 64)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SPECIALS = ["<unk>", "<s>", "</s>"]
N_EMBD, N_FF, N_HEAD, N_LAYER, N_CTX = 64, 128, 4, 2, 2048
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def vocabulary() -> tuple[list[str], list[float], list[int]]:
    """259 tokens: unk, bos, eos, then one per byte (SentencePiece byte-fallback style)."""
    import gguf

    tokens = SPECIALS + [f"<0x{b:02X}>" for b in range(256)]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    types += [gguf.TokenType.BYTE] * 256
    return tokens, [0.0] * len(tokens), [int(t) for t in types]


def _weights(rng: np.random.Generator, n_vocab: int) -> dict[str, np.ndarray]:
    """Random tensors by GGUF name; the output rows of the special tokens are zero so greedy decoding rarely stops."""
    def mat(rows: int, cols: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float16)

    out = {"token_embd.weight": mat(n_vocab, N_EMBD, 1.0), "output_norm.weight": np.ones(N_EMBD, np.float32)}
    head = rng.standard_normal((n_vocab, N_EMBD)).astype(np.float16)
    head[: len(SPECIALS)] = 0
    out["output.weight"] = head
    for i in range(N_LAYER):
        p = f"blk.{i}."
        out |= {p + "attn_norm.weight": np.ones(N_EMBD, np.float32), p + "ffn_norm.weight": np.ones(N_EMBD, np.float32)}
        out |= {p + f"attn_{x}.weight": mat(N_EMBD, N_EMBD) for x in ("q", "k", "v", "output")}
        out |= {p + "ffn_gate.weight": mat(N_FF, N_EMBD), p + "ffn_up.weight": mat(N_FF, N_EMBD)}
        out[p + "ffn_down.weight"] = mat(N_EMBD, N_FF)
    return out


def write(path: Path, seed: int = 0) -> Path:
    """Write the model to `path` and return it."""
    import gguf

    tokens, scores, types = vocabulary()
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("tiny-random-llama")
    w.add_context_length(N_CTX)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(len(tokens))
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_unk_token_id(0)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_chat_template(CHAT_TEMPLATE)
    for name, tensor in _weights(np.random.default_rng(seed), len(tokens)).items():
        w.add_tensor(name, tensor)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
