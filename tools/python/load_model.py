#!/usr/bin/env python3
"""A model written by `clusterlens export-hf` (or `clusterlens train`'s model/ folder), loaded with transformers.

Usage: python tools/python/load_model.py <model folder> <token ids, comma-separated>
Prints one JSON object: the ids decoded to text by AutoTokenizer and encoded back, the tokenizer's special tokens,
the model's logits for the ids ([position][vocabulary], float32), and the warnings transformers logged on loading.
"""

import json
import logging
import sys

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


class Collect(logging.Handler):
    """Keeps the warnings transformers logs (e.g. a config naming token ids the vocabulary lacks)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main(folder: str, ids_text: str) -> None:
    collect = Collect()
    logging.getLogger("transformers").addHandler(collect)
    ids = [int(i) for i in ids_text.split(",")]
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder)
    model.eval()
    text = tokenizer.decode(ids)
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0]
    print(json.dumps({
        "text": text,
        "reencoded": tokenizer(text)["input_ids"],
        "special": {"bos": tokenizer.bos_token_id, "eos": tokenizer.eos_token_id, "pad": tokenizer.pad_token_id},
        "config": {"bos": model.config.bos_token_id, "eos": model.config.eos_token_id, "pad": model.config.pad_token_id},
        "logits": logits.tolist(),
        "warnings": collect.messages,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
