// Vega-Lite -> Vega, done once in Node: report.html then needs only vega.min.js in the page (no Vega-Lite
// compiler in the browser), and a spec that Vega-Lite would only warn about fails here, where it is fixed.
import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface CompiledFigure {
  vega: VegaSpec;
  /** Vega-Lite's warnings (empty for a clean spec). */
  warnings: string[];
}

/** Records Vega-Lite's messages instead of printing them. */
function collectingLogger(warnings: string[], errors: string[]): LoggerInterface {
  const logger: LoggerInterface = {
    level: () => logger,
    error: (...args: unknown[]) => (errors.push(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The Vega spec of a Vega-Lite spec. Errors (logged or thrown) become one error naming the figure. */
export function compileFigure(spec: TopLevelSpec, name = 'figure'): CompiledFigure {
  const warnings: string[] = [];
  const errors: string[] = [];
  let vega: VegaSpec;
  try {
    vega = compile(spec, { logger: collectingLogger(warnings, errors) }).spec;
  } catch (error) {
    throw new Error(`${name}: Vega-Lite cannot compile the spec: ${(error as Error).message}`);
  }
  if (errors.length > 0) throw new Error(`${name}: Vega-Lite reported errors: ${errors.join('; ')}`);
  return { vega, warnings };
}
