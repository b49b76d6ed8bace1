// Plain aligned text tables for the sweep commands (a terminal, a log file and `grep` all read them).
import type { JsonValue } from '@clusterlens/sweep';

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => row[col]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function formatAxes(axes: Record<string, JsonValue>): string {
  const entries = Object.entries(axes);
  if (entries.length === 0) return '-';
  return entries.map(([path, value]) => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ');
}

/** 0.4s, 42s, 3m05s, 1h02m: precise enough for an ETA, short enough for one line. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '-';
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
