#!/usr/bin/env python3
"""Writes activations.safetensors, the golden file for the engine's TransformerLens-style activations.

Loads the Hugging Face fixture model (packages/model/test/fixtures/hf-gpt2-tiny, GPT2LMHeadModel with eager
attention, float32, CPU), runs the fixture's own batch (input_ids from expected.safetensors) with
output_attentions=True, and records per block l, under TransformerLens' names:

  blocks.{l}.attn.hook_pattern   (B, NH, T, T)  softmax probabilities (output_attentions; 0 above the diagonal)
  blocks.{l}.hook_attn_out       (B, T, C)      the attention module's output after c_proj (forward hook on attn)
  blocks.{l}.hook_resid_mid      (B, T, C)      the residual stream after attention = the input of ln_2
  blocks.{l}.hook_mlp_out        (B, T, C)      the MLP module's output after c_proj (forward hook on mlp)

    python tools/reference/hf_activations.py [FIXTURE_DIR]    # default: the hf-gpt2-tiny fixture folder
"""

import argparse
from pathlib import Path

import torch
import transformers
from safetensors.torch import load_file, save_file
from transformers import GPT2LMHeadModel

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "packages/model/test/fixtures/hf-gpt2-tiny"


def first(output):
    """A module's main output: GPT2Attention returns (attn_output, attn_weights), GPT2MLP a tensor."""
    return output[0] if isinstance(output, tuple) else output


def record_activations(model, input_ids):
    captured = {}
    hooks = []
    for l, block in enumerate(model.transformer.h):

        def keep(name):
            def hook(_module, _inputs, output):
                captured[name] = first(output)

            return hook

        def keep_input(name):
            def hook(_module, inputs):
                captured[name] = inputs[0]

            return hook

        hooks.append(block.attn.register_forward_hook(keep(f"blocks.{l}.hook_attn_out")))
        hooks.append(block.mlp.register_forward_hook(keep(f"blocks.{l}.hook_mlp_out")))
        # ln_2's input is exactly the residual stream between attention and MLP (hidden_states[l] + attn_out).
        hooks.append(block.ln_2.register_forward_pre_hook(keep_input(f"blocks.{l}.hook_resid_mid")))
    with torch.no_grad():
        out = model(input_ids=input_ids, output_attentions=True)
    for hook in hooks:
        hook.remove()
    for l, pattern in enumerate(out.attentions):
        captured[f"blocks.{l}.attn.hook_pattern"] = pattern
    return {name: t.detach().contiguous().clone() for name, t in sorted(captured.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fixture", nargs="?", type=Path, default=DEFAULT_DIR)
    fixture = parser.parse_args().fixture
    torch.set_num_threads(1)  # one fixed reduction order

    model = GPT2LMHeadModel.from_pretrained(fixture, attn_implementation="eager")
    model.eval()
    input_ids = load_file(fixture / "expected.safetensors")["input_ids"].to(torch.long)
    tensors = record_activations(model, input_ids)
    metadata = {"transformers": transformers.__version__, "torch": torch.__version__}
    save_file(tensors, fixture / "activations.safetensors", metadata=metadata)
    for name, t in tensors.items():
        print(name, list(t.shape))


if __name__ == "__main__":
    main()
