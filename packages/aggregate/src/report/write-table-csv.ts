// A table as CSV (RFC 4180): numbers in JavaScript's shortest round-trip form, so they read back exactly;
// a missing value is an empty field.
import { writeFile } from 'node:fs/promises';

import type { Table, TableCell } from './table.js';

function csvField(cell: TableCell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.name)), ...table.rows.map((row) => row.map(csvField))];
  return lines.map((fields) => fields.join(',')).join('\n') + '\n';
}

export async function writeTableCsv(table: Table, file: string): Promise<void> {
  await writeFile(file, tableToCsv(table));
}
