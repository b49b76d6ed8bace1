// Activation names follow TransformerLens, so probes read like interpretability code elsewhere.

/** An activation inside block `block`, one per block. */
export type BlockActivation = 'residMid' | 'attnOut' | 'mlpOut' | 'pattern';

/** Where one cached activation comes from in the native forward pass. */
export type HookSource =
  | { kind: 'resid'; layer: number }
  | { kind: 'lnFinal' }
  | { kind: BlockActivation; block: number };

const BLOCK_HOOK = /^blocks\.(\d+)\.(hook_resid_pre|hook_resid_post|hook_resid_mid|hook_attn_out|hook_mlp_out|attn\.hook_pattern)$/;

const BLOCK_KINDS: Record<string, BlockActivation> = {
  hook_resid_mid: 'residMid',
  hook_attn_out: 'attnOut',
  hook_mlp_out: 'mlpOut',
  'attn.hook_pattern': 'pattern',
};

/** Every name the cache accepts, with {l} for a block index; packages/model/README.md gives their shapes. */
export const HOOK_NAMES = [
  'blocks.{l}.hook_resid_pre',
  'blocks.{l}.hook_resid_mid',
  'blocks.{l}.hook_resid_post',
  'blocks.{l}.hook_attn_out',
  'blocks.{l}.hook_mlp_out',
  'blocks.{l}.attn.hook_pattern',
  'ln_final.hook_normalized',
] as const;

/**
 * Resolves `blocks.{l}.hook_resid_pre` (input of block l = residual layer l), `blocks.{l}.hook_resid_post` (output
 * of block l = residual layer l+1), the per-block `hook_resid_mid`, `hook_attn_out`, `hook_mlp_out` and
 * `attn.hook_pattern`, and `ln_final.hook_normalized`.
 */
export function resolveHook(name: string, nLayer: number): HookSource {
  if (name === 'ln_final.hook_normalized') return { kind: 'lnFinal' };
  const match = BLOCK_HOOK.exec(name);
  if (!match) {
    throw new RangeError(`cache: unknown activation '${name}'; use ${HOOK_NAMES.join(', ')} (l = 0..${nLayer - 1})`);
  }
  const block = Number(match[1]);
  if (block >= nLayer) {
    throw new RangeError(`cache: '${name}' names block ${block}, but the model has blocks 0..${nLayer - 1}`);
  }
  if (match[2] === 'hook_resid_pre') return { kind: 'resid', layer: block };
  if (match[2] === 'hook_resid_post') return { kind: 'resid', layer: block + 1 };
  return { kind: BLOCK_KINDS[match[2]], block };
}

/** The canonical hook name of residual layer l (0 = embeddings, nLayer = output of the last block). */
export function residHookName(layer: number): string {
  return layer === 0 ? 'blocks.0.hook_resid_pre' : `blocks.${layer - 1}.hook_resid_post`;
}
