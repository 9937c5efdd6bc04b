"""The offline teaching model: a deterministic simulator served in-process over the Chat Completions API."""
