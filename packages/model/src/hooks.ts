// Activation names follow TransformerLens, so probes read like interpretability code elsewhere.

/** Where one cached activation comes from in the native forward pass. */
export type HookSource = { kind: 'resid'; layer: number } | { kind: 'lnFinal' };

const RESID = /^blocks\.(\d+)\.hook_resid_(pre|post)$/;

/**
 * Resolves `blocks.{l}.hook_resid_pre` (input of block l = residual layer l),
 * `blocks.{l}.hook_resid_post` (output of block l = residual layer l+1) and `ln_final.hook_normalized`.
 */
export function resolveHook(name: string, nLayer: number): HookSource {
  if (name === 'ln_final.hook_normalized') return { kind: 'lnFinal' };
  const match = RESID.exec(name);
  if (!match) {
    throw new RangeError(
      `cache: unknown activation '${name}'; use blocks.{l}.hook_resid_pre, blocks.{l}.hook_resid_post or ln_final.hook_normalized`,
    );
  }
  const block = Number(match[1]);
  if (block >= nLayer) {
    throw new RangeError(`cache: '${name}' names block ${block}, but the model has blocks 0..${nLayer - 1}`);
  }
  return { kind: 'resid', layer: match[2] === 'pre' ? block : block + 1 };
}

/** The canonical hook name of residual layer l (0 = embeddings, nLayer = output of the last block). */
export function residHookName(layer: number): string {
  return layer === 0 ? 'blocks.0.hook_resid_pre' : `blocks.${layer - 1}.hook_resid_post`;
}
