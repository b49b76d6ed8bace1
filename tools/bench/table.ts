// Aligned result tables, so every benchmark prints its numbers the same way.

export interface ResultRow {
  name: string;
  value: number;
  unit: string;
  /** Optional comparison, printed as "1.23x" (e.g. native / pytorch). */
  ratio?: number | undefined;
}

// Enough digits to compare runs by eye, not so many that noise looks like signal.
function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (magnitude >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : String(ratio);
}

function formatTable(title: string, rows: readonly ResultRow[]): string {
  const cells = rows.map((row) => [
    row.name,
    formatValue(row.value),
    row.unit,
    row.ratio === undefined ? '' : formatRatio(row.ratio),
  ]);
  const widths = [0, 1, 2, 3].map((col) => Math.max(0, ...cells.map((cell) => cell[col]!.length)));
  const lines = cells.map(([name, value, unit, ratio]) =>
    [
      name!.padEnd(widths[0]!),
      value!.padStart(widths[1]!), // numbers right-aligned so digits line up
      unit!.padEnd(widths[2]!),
      ratio!.padStart(widths[3]!),
    ]
      .join('  ')
      .trimEnd(),
  );
  return [title, ...lines.map((line) => `  ${line}`)].join('\n');
}

export function printTable(title: string, rows: readonly ResultRow[]): void {
  process.stdout.write(`${formatTable(title, rows)}\n`);
}
