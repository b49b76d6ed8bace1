// Vega -> SVG in Node, without a browser or a canvas: Vega's headless renderer, text measured by its estimate.
import * as vega from 'vega';

/**
 * The SVG text of a Vega spec. Vega numbers clip paths and gradients from module-level counters; they are
 * reset before each render so the same spec gives the same bytes however many figures came before it.
 */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
