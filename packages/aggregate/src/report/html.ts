// Text into HTML safely: element content and attributes escaped, JSON made safe inside <script>.

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/**
 * JSON for a <script type="application/json"> block: '<' written as \u003c so no '</script>' or '<!--' in the
 * data can end the block early; U+2028/2029 escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** A script's source inlined in <script>: any '</script' inside it would end the element. */
export function scriptForInline(source: string): string {
  return source.replaceAll(/<\/script/gi, '<\\/script');
}

/** An id or file stem safe in HTML ids, CSS selectors and file names. */
export function slug(text: string): string {
  return text.toLowerCase().replaceAll(/[^a-z0-9.]+/g, '-').replaceAll(/^-+|-+$/g, '') || 'x';
}
