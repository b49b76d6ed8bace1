#!/usr/bin/python3
"""GPT-2 in plain PyTorch: the reference the native clusterlens engine is benchmarked against.

Same architecture as Hugging Face GPT2LMHeadModel (learned positions, pre-LayerNorm blocks,
tanh-GELU MLP of width 4C, tied input/output embeddings, no dropout), written out by hand so
the reference needs nothing beyond torch (`npm run bench` installs a current 2.x into a virtual environment).

Usage:
  python tools/reference/gpt_torch.py bench --threads 2 --layers 5 --embd 128 \
      --heads 4 --ctx 32 --vocab 58 --batch 64 --warmup 5 --steps 30 --seed 0 [--peak-size 1024] [--device cuda]
prints one JSON line: {"engine":"pytorch","threads":..,"ms_per_step":..,"tokens_per_s":..,"torch":..}, with
"sgemm_gflops" (the peak below, timed right after the steps) when --peak-size is given; with --device cuda the
model trains on the GPU, fp32 (TF32 off), eager (tools/device-check.sh's reference)
  python tools/reference/gpt_torch.py ensemble --models 64 --device cuda [model and batch options as bench]
prints one JSON line: {"engine":"pytorch-vmap","models":..,"ms_per_step":..,"model_steps_per_s":..,"torch":..}: S
models of the same config (seeds seed..seed+S-1), each on its own batch, trained in lock-step by torch.func.vmap with
one AdamW over the stacked parameters and each model's gradient clipped to norm 1 on its own (the baseline of the
CUDA engine's ensemble mode)
  python tools/reference/gpt_torch.py sgemm --threads 2 --size 1024
prints one JSON line: {"engine":"pytorch-sgemm","threads":..,"gflops":..,"torch":..}: the machine's single-precision
matrix-product peak as PyTorch's BLAS reaches it (best of several timed products of two size x size matrices).
"""

import argparse
import json
import math
import os
import statistics
import sys
import time


def _pin_thread_pools(argv: list) -> None:
    """Give every thread pool the --threads count before torch loads.

    Debian's torch does its matmuls in OpenBLAS (pthreads build), whose pool is sized from
    OPENBLAS_NUM_THREADS when the library loads and ignores torch.set_num_threads; left alone
    it uses every core, so "--threads 1" would not be one thread. torch's OpenMP pool and
    OpenBLAS's pool are separate, and OpenMP workers spinning between parallel regions take the
    cores OpenBLAS needs (measured: 2 threads ran ~1.5-2x slower than 1), hence PASSIVE waiting.
    The counts always follow --threads (a globally exported OMP_NUM_THREADS must not skew a
    benchmark); the wait policy is only a default, so a caller can still try ACTIVE.
    """
    threads = "1"
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            threads = argv[i + 1]
        elif arg.startswith("--threads="):
            threads = arg.split("=", 1)[1]
    if not threads.isdigit() or int(threads) < 1:
        return  # leave it to argparse to reject, before torch prints warnings about it
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = threads
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


if __name__ == "__main__":
    _pin_thread_pools(sys.argv[1:])

import torch  # noqa: E402  (after the thread-pool environment is set)
import torch.nn as nn
import torch.nn.functional as F

IGNORE_INDEX = -100  # Hugging Face convention: label positions with this value add no loss


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd: int, n_head: int, n_ctx: int):
        super().__init__()
        assert n_embd % n_head == 0, "n_embd must be divisible by n_head"
        self.n_head = n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)  # q, k, v in one matmul, as GPT-2 does
        self.c_proj = nn.Linear(n_embd, n_embd)
        mask = torch.tril(torch.ones(n_ctx, n_ctx, dtype=torch.bool))
        self.register_buffer("causal_mask", mask.view(1, 1, n_ctx, n_ctx), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        head_dim = C // self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)
        # (B, T, C) -> (B, heads, T, head_dim)
        q = q.view(B, T, self.n_head, head_dim).transpose(1, 2)
        k = k.view(B, T, self.n_head, head_dim).transpose(1, 2)
        v = v.view(B, T, self.n_head, head_dim).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(head_dim)
        scores = scores.masked_fill(~self.causal_mask[:, :, :T, :T], float("-inf"))
        y = F.softmax(scores, dim=-1) @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)


class Mlp(nn.Module):
    def __init__(self, n_embd: int):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # GPT-2's "gelu_new" is the tanh approximation, not the exact erf GELU.
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, n_embd: int, n_head: int, n_ctx: int):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd, eps=1e-5)
        self.attn = CausalSelfAttention(n_embd, n_head, n_ctx)
        self.ln_2 = nn.LayerNorm(n_embd, eps=1e-5)
        self.mlp = Mlp(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Pre-LayerNorm residual blocks.
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Gpt(nn.Module):
    def __init__(self, n_layer: int, n_embd: int, n_head: int, n_ctx: int, vocab_size: int):
        super().__init__()
        self.n_ctx = n_ctx
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(n_ctx, n_embd)
        self.h = nn.ModuleList(Block(n_embd, n_head, n_ctx) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd, eps=1e-5)
        self._init_weights(n_layer)

    def _init_weights(self, n_layer: int) -> None:
        # GPT-2 init: N(0, 0.02) weights, zero biases, unit LayerNorm, and residual output
        # projections scaled by 1/sqrt(2 * n_layer) so the residual stream does not grow with depth.
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif ".ln_" in name or name.startswith("ln_"):
                nn.init.ones_(p)
            elif name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))
            else:
                nn.init.normal_(p, mean=0.0, std=0.02)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        B, T = tokens.shape
        assert T <= self.n_ctx, f"sequence length {T} exceeds context {self.n_ctx}"
        positions = torch.arange(T, device=tokens.device)
        x = self.wte(tokens) + self.wpe(positions)
        for block in self.h:
            x = block(x)
        # Tied embeddings: the LM head is wte's weight, with no bias.
        return self.ln_f(x) @ self.wte.weight.t()

    def loss(self, tokens: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        # Hugging Face shift semantics: labels are aligned with tokens, and position t's logits
        # predict labels[t + 1]; the last position has no target.
        logits = self(tokens)
        return F.cross_entropy(
            logits[:, :-1].reshape(-1, logits.size(-1)),
            labels[:, 1:].reshape(-1),
            ignore_index=IGNORE_INDEX,
        )


def gpt2_param_count(n_layer: int, C: int, T: int, V: int) -> int:
    """Closed-form GPT-2 parameter count (tied LM head), to check the module matches GPT-2."""
    per_layer = 2 * C + (C * 3 * C + 3 * C) + (C * C + C) + 2 * C + (C * 4 * C + 4 * C) + (4 * C * C + C)
    return V * C + T * C + n_layer * per_layer + 2 * C


def train_step(model: Gpt, opt: torch.optim.Optimizer, tokens: torch.Tensor, labels: torch.Tensor) -> float:
    loss = model.loss(tokens, labels)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    opt.step()
    opt.zero_grad(set_to_none=True)
    return loss.item()  # .item() also makes sure the step has really finished before timing stops


def bench(args: argparse.Namespace) -> None:
    # Interop threads must be set before any parallel work starts, so do it first.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    model = Gpt(args.layers, args.embd, args.heads, args.ctx, args.vocab).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    expected = gpt2_param_count(args.layers, args.embd, args.ctx, args.vocab)
    if n_params != expected:
        sys.exit(f"parameter count {n_params} != GPT-2's {expected}: architecture mismatch")

    # Plain torch AdamW: weight decay applies to every parameter (biases and LayerNorm included).
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)

    gen = torch.Generator().manual_seed(args.seed)
    tokens = torch.randint(0, args.vocab, (args.batch, args.ctx), generator=gen, dtype=torch.long).to(device)
    labels = tokens.clone()

    step_ms = []
    loss = float("nan")
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        loss = train_step(model, opt, tokens, labels)
        elapsed = (time.perf_counter() - start) * 1000.0
        if not math.isfinite(loss):
            sys.exit(f"loss is not finite at step {i}: {loss}")
        if i >= args.warmup:
            step_ms.append(elapsed)

    # Median, not mean: robust to the odd scheduler hiccup on a shared machine.
    ms_per_step = statistics.median(step_ms)
    result = {
        "engine": "pytorch",
        "device": args.device,
        "threads": args.threads,
        "ms_per_step": round(ms_per_step, 3),
        "tokens_per_s": round(args.batch * args.ctx / (ms_per_step / 1000.0), 1),
        "torch": torch.__version__,
        "params": n_params,
        "final_loss": round(loss, 5),
    }
    if args.peak_size:
        # The peak at the same moment as the steps: on a machine whose speed drifts, a share of the peak is only
        # meaningful against a peak read close in time.
        result["sgemm_gflops"] = round(sgemm_gflops(args.peak_size, 20), 2)
    print(json.dumps(result))


def sgemm_gflops(n: int, repeats: int) -> float:
    """GFLOP/s of the best of `repeats` timed products of two n x n matrices, on torch's current thread count."""
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=gen)
    b = torch.randn(n, n, generator=gen)
    out = torch.empty(n, n)
    for _ in range(3):
        torch.mm(a, b, out=out)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        torch.mm(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return 2.0 * n ** 3 / best / 1e9


def ensemble(args: argparse.Namespace) -> None:
    from torch.func import functional_call, grad_and_value, stack_module_state, vmap

    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    models = []
    for s in range(args.models):
        torch.manual_seed(args.seed + s)
        models.append(Gpt(args.layers, args.embd, args.heads, args.ctx, args.vocab).to(device))
    stacked, buffers = stack_module_state(models)
    params = {name: p.detach().clone() for name, p in stacked.items()}
    base = Gpt(args.layers, args.embd, args.heads, args.ctx, args.vocab).to("meta")

    def loss_of(p: dict, b: dict, tokens: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        logits = functional_call(base, (p, b), (tokens,))
        return F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)), labels[:, 1:].reshape(-1), ignore_index=IGNORE_INDEX)

    grads_and_losses = vmap(grad_and_value(loss_of))
    opt = torch.optim.AdamW(list(params.values()), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    gen = torch.Generator().manual_seed(args.seed)
    tokens = torch.randint(0, args.vocab, (args.models, args.batch, args.ctx), generator=gen, dtype=torch.long).to(device)

    step_ms = []
    for i in range(args.warmup + args.steps):
        start = time.perf_counter()
        grads, losses = grads_and_losses(params, buffers, tokens, tokens)
        # Each model's gradient clipped to norm 1 on its own, as clip_grad_norm_ does for one model.
        squares = sum(g.pow(2).flatten(1).sum(1) for g in grads.values())
        scale = (1.0 / (squares.sqrt() + 1e-6)).clamp(max=1.0)
        for name, p in params.items():
            p.grad = grads[name] * scale.view(-1, *([1] * (p.dim() - 1)))
        opt.step()
        total = losses.sum().item()  # waits for the step
        if not math.isfinite(total):
            sys.exit(f"loss is not finite at step {i}: {total}")
        if i >= args.warmup:
            step_ms.append((time.perf_counter() - start) * 1000.0)
    ms_per_step = statistics.median(step_ms)
    print(json.dumps({
        "engine": "pytorch-vmap",
        "device": args.device,
        "models": args.models,
        "ms_per_step": round(ms_per_step, 3),
        "model_steps_per_s": round(args.models / (ms_per_step / 1000.0), 1),
        "torch": torch.__version__,
    }))


def sgemm(args: argparse.Namespace) -> None:
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    print(json.dumps({
        "engine": "pytorch-sgemm",
        "threads": args.threads,
        "size": args.size,
        "gflops": round(sgemm_gflops(args.size, args.repeats), 2),
        "torch": torch.__version__,
    }))


def parse_args(argv: list) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench", help="time training steps and print one JSON line")
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--layers", type=int, default=5)
    b.add_argument("--embd", type=int, default=128)
    b.add_argument("--heads", type=int, default=4)
    b.add_argument("--ctx", type=int, default=32, help="context length; also the sequence length trained on")
    b.add_argument("--vocab", type=int, default=58)
    b.add_argument("--batch", type=int, default=64)
    b.add_argument("--warmup", type=int, default=5)
    b.add_argument("--steps", type=int, default=30)
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--peak-size", type=int, default=0, help="also time n x n sgemm after the steps (0: do not)")
    b.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="where the model trains")
    e = sub.add_parser("ensemble", help="time lock-step training of S models with torch.func.vmap; one JSON line")
    e.add_argument("--models", type=int, default=64)
    for name, default in (("threads", 1), ("layers", 5), ("embd", 128), ("heads", 4), ("ctx", 32), ("vocab", 58),
                          ("batch", 64), ("warmup", 3), ("steps", 20), ("seed", 0)):
        e.add_argument(f"--{name}", type=int, default=default)
    e.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    g = sub.add_parser("sgemm", help="time square single-precision matrix products and print one JSON line")
    g.add_argument("--threads", type=int, default=1)
    g.add_argument("--size", type=int, default=1024)
    g.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)
    if args.command == "sgemm":
        if args.threads < 1 or args.size < 1 or args.repeats < 1:
            parser.error("--threads, --size and --repeats must be >= 1")
        return args
    if args.command == "ensemble":
        if args.models < 1 or args.threads < 1 or args.steps < 1 or args.warmup < 0:
            parser.error("--models, --threads and --steps must be >= 1, --warmup >= 0")
        return args
    if args.device == "cuda" and args.peak_size:
        parser.error("--peak-size times the CPU's sgemm; leave it out with --device cuda")
    if args.threads < 1 or args.steps < 1 or args.warmup < 0 or args.peak_size < 0:
        parser.error("--threads and --steps must be >= 1, --warmup and --peak-size >= 0")
    return args


if __name__ == "__main__":
    args = parse_args(sys.argv[1:])
    if args.command == "bench":
        bench(args)
    elif args.command == "ensemble":
        ensemble(args)
    elif args.command == "sgemm":
        sgemm(args)
