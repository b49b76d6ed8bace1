// Which activation a probe clusters (the trial config's probe.hook, `clusterlens probe --hook`), and how one of
// them becomes a feature vector per token position.
import type { GptConfig } from '@clusterlens/model';
import { residHookName } from '@clusterlens/model';

/**
 * 'resid': the residual stream between blocks, layers 0..nLayer (0 = embeddings, l = output of block l-1); what a
 * config without probe.hook probes. The others are per block, layers 0..nLayer-1: 'resid_mid' (after the block's
 * attention), 'attn_out' and 'mlp_out' (what its attention and MLP add to the residual), 'pattern' (its attention
 * probabilities).
 */
export const PROBE_HOOKS = ['resid', 'resid_mid', 'attn_out', 'mlp_out', 'pattern'] as const;
export type ProbeHook = (typeof PROBE_HOOKS)[number];
export const DEFAULT_PROBE_HOOK: ProbeHook = 'resid';

/** The layers a hook has: residual layers 0..nLayer for 'resid', blocks 0..nLayer-1 for the others. */
export function hookLayerCount(hook: ProbeHook, nLayer: number): number {
  return hook === 'resid' ? nLayer + 1 : nLayer;
}

/** What `layer` counts for a hook, for messages: "residual layers 0..2" or "blocks 0..1". */
export function describeHookLayers(hook: ProbeHook, nLayer: number): string {
  return `${hook === 'resid' ? 'residual layers' : 'blocks'} 0..${hookLayerCount(hook, nLayer) - 1}`;
}

/** The TransformerLens cache name of a hook's layer (packages/model/README.md). */
export function hookCacheName(hook: ProbeHook, layer: number): string {
  switch (hook) {
    case 'resid':
      return residHookName(layer);
    case 'resid_mid':
      return `blocks.${layer}.hook_resid_mid`;
    case 'attn_out':
      return `blocks.${layer}.hook_attn_out`;
    case 'mlp_out':
      return `blocks.${layer}.hook_mlp_out`;
    case 'pattern':
      return `blocks.${layer}.attn.hook_pattern`;
  }
}

/**
 * Features per token position: C for the residual-width hooks; NH * nPositions for 'pattern', whose feature at
 * query position t is each head's attention row over key positions 0..nPositions-1 (0 beyond t, causal), so the
 * width does not depend on a batch's length.
 */
export function hookFeatureWidth(hook: ProbeHook, config: Required<GptConfig>): number {
  return hook === 'pattern' ? config.nHead * config.nPositions : config.nEmbd;
}

/** A cached activation as (B, T, hookFeatureWidth) rows, one per token position; the residual-width ones as they are. */
export function positionFeatures(hook: ProbeHook, activation: Float32Array, B: number, T: number, config: Required<GptConfig>): Float32Array {
  if (hook !== 'pattern') return activation;
  // pattern (B, NH, T, T) -> (B, T, NH * P): row (b, t) holds head h's probabilities at columns h*P .. h*P + T-1.
  const NH = config.nHead;
  const P = config.nPositions;
  const out = new Float32Array(B * T * NH * P);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      for (let t = 0; t < T; t++) {
        const from = ((b * NH + h) * T + t) * T;
        out.set(activation.subarray(from, from + T), (b * T + t) * NH * P + h * P);
      }
    }
  }
  return out;
}

/** The layers a probe section names: its list, or every layer of its hook for 'all'. */
export function probeLayerList(probe: { hook?: ProbeHook; layers: 'all' | number[] }, nLayer: number): number[] {
  if (probe.layers !== 'all') return [...probe.layers];
  return Array.from({ length: hookLayerCount(probe.hook ?? DEFAULT_PROBE_HOOK, nLayer) }, (_, l) => l);
}
