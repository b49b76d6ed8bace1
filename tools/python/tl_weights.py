#!/usr/bin/env python3
"""The weight layout TransformerLens uses for GPT-2, made from an exported model with plain torch, and a forward
pass written from those tensors alone.

TransformerLens itself is not installed here (docs/python.md has the recipe with HookedTransformer); this does
what its GPT-2 weight conversion does, so the layout is checked against the model's own logits:
  embed.W_E [d_vocab, d_model], pos_embed.W_pos [n_ctx, d_model],
  blocks.{l}.attn.W_Q/W_K/W_V [n_heads, d_model, d_head], b_Q/b_K/b_V [n_heads, d_head],
  blocks.{l}.attn.W_O [n_heads, d_head, d_model], b_O [d_model],
  blocks.{l}.mlp.W_in [d_model, d_mlp], b_in, W_out [d_mlp, d_model], b_out,
  blocks.{l}.ln1/ln2.w/b, ln_final.w/b, unembed.W_U [d_model, d_vocab], b_U [d_vocab].

Usage: python tools/python/tl_weights.py <model folder> <token ids, comma-separated>
Prints one JSON object: the converted tensors' shapes and the logits of the forward pass ([position][vocabulary]).
"""

import json
import math
import sys

import torch
from safetensors.torch import load_file


def convert_gpt2_weights(hf: dict, cfg: dict) -> dict:
    """Hugging Face GPT-2 tensors (Conv1D weights stored [in, out]) -> TransformerLens names and shapes.

    TransformerLens's function of this name takes the transformers model; this one takes its tensors, so that it
    needs only safetensors and torch.
    """
    hf = {k.removeprefix("transformer."): v for k, v in hf.items()}
    n_heads, d_model = cfg["n_head"], cfg["n_embd"]
    d_head = d_model // n_heads
    tl = {"embed.W_E": hf["wte.weight"], "pos_embed.W_pos": hf["wpe.weight"]}
    for l in range(cfg["n_layer"]):
        p, b = f"h.{l}.", f"blocks.{l}."
        tl[b + "ln1.w"], tl[b + "ln1.b"] = hf[p + "ln_1.weight"], hf[p + "ln_1.bias"]
        # c_attn packs Q, K and V side by side: [d_model, 3 * d_model], each third split into heads.
        for name, w, bias in zip("QKV", hf[p + "attn.c_attn.weight"].split(d_model, dim=1), hf[p + "attn.c_attn.bias"].split(d_model)):
            tl[b + f"attn.W_{name}"] = w.reshape(d_model, n_heads, d_head).permute(1, 0, 2)
            tl[b + f"attn.b_{name}"] = bias.reshape(n_heads, d_head)
        tl[b + "attn.W_O"] = hf[p + "attn.c_proj.weight"].reshape(n_heads, d_head, d_model)
        tl[b + "attn.b_O"] = hf[p + "attn.c_proj.bias"]
        tl[b + "ln2.w"], tl[b + "ln2.b"] = hf[p + "ln_2.weight"], hf[p + "ln_2.bias"]
        tl[b + "mlp.W_in"], tl[b + "mlp.b_in"] = hf[p + "mlp.c_fc.weight"], hf[p + "mlp.c_fc.bias"]
        tl[b + "mlp.W_out"], tl[b + "mlp.b_out"] = hf[p + "mlp.c_proj.weight"], hf[p + "mlp.c_proj.bias"]
    tl["ln_final.w"], tl["ln_final.b"] = hf["ln_f.weight"], hf["ln_f.bias"]
    tl["unembed.W_U"] = hf["wte.weight"].T  # tied to the embedding
    tl["unembed.b_U"] = torch.zeros(cfg["vocab_size"])
    return tl


def layer_norm(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, eps: float) -> torch.Tensor:
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def forward(tl: dict, cfg: dict, ids: list[int]) -> torch.Tensor:
    """Logits [pos, d_vocab] from the TransformerLens tensors, attention written per head as TransformerLens does."""
    eps, n = cfg["layer_norm_epsilon"], len(ids)
    x = tl["embed.W_E"][ids] + tl["pos_embed.W_pos"][:n]  # [pos, d_model]
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    for l in range(cfg["n_layer"]):
        b = f"blocks.{l}."
        h = layer_norm(x, tl[b + "ln1.w"], tl[b + "ln1.b"], eps)
        q, k, v = (torch.einsum("pd,hde->hpe", h, tl[b + f"attn.W_{s}"]) + tl[b + f"attn.b_{s}"][:, None] for s in "QKV")
        scores = torch.einsum("hqe,hke->hqk", q, k) / math.sqrt(q.shape[-1])
        pattern = scores.masked_fill(~causal, float("-inf")).softmax(-1)
        z = torch.einsum("hqk,hke->hqe", pattern, v)  # [head, pos, d_head]
        x = x + torch.einsum("hpe,hed->pd", z, tl[b + "attn.W_O"]) + tl[b + "attn.b_O"]
        h = layer_norm(x, tl[b + "ln2.w"], tl[b + "ln2.b"], eps)
        x = x + torch.nn.functional.gelu(h @ tl[b + "mlp.W_in"] + tl[b + "mlp.b_in"], approximate="tanh") @ tl[b + "mlp.W_out"] + tl[b + "mlp.b_out"]
    return layer_norm(x, tl["ln_final.w"], tl["ln_final.b"], eps) @ tl["unembed.W_U"] + tl["unembed.b_U"]


def main(folder: str, ids_text: str) -> None:
    with open(f"{folder}/config.json") as f:
        cfg = json.load(f)
    tl = convert_gpt2_weights(load_file(f"{folder}/model.safetensors"), cfg)
    with torch.no_grad():
        logits = forward(tl, cfg, [int(i) for i in ids_text.split(",")])
    print(json.dumps({"shapes": {k: list(v.shape) for k, v in tl.items()}, "logits": logits.tolist()}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
