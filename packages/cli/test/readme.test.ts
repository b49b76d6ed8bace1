// packages/cli/README.md documents every command, argument and option the program has, so it cannot fall behind:
// each command has a heading with its usage (`clusterlens sweep plan <spec.yaml>`), and every option's flags, as
// commander prints them (`-o, --out <dir>`), appear in that command's section.
import { readFileSync } from 'node:fs';

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { buildProgram } from '@clusterlens/cli';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const LINES = README.split('\n');

interface Documented {
  usage: string;
  flags: string[];
}

/** Every subcommand, depth first: its usage as a README heading shows it, and its visible options' flags. */
function commands(command: Command, parents: string[] = []): Documented[] {
  return command.commands.flatMap((sub) => {
    const path = [...parents, sub.name()];
    const args = sub.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
    const usage = ['clusterlens', ...path, ...args].join(' ');
    return [{ usage, flags: visibleFlags(sub) }, ...commands(sub, path)];
  });
}

function visibleFlags(command: Command): string[] {
  return command.options.filter((option) => !option.hidden).map((option) => option.flags);
}

/** The lines from the heading that shows `usage` to the next heading; undefined without such a heading. */
function section(usage: string): string | undefined {
  const start = LINES.findIndex((line) => /^#+ /.test(line) && line.includes(`\`${usage}\``));
  if (start < 0) return undefined;
  const end = LINES.findIndex((line, i) => i > start && /^#+ /.test(line));
  return LINES.slice(start, end < 0 ? undefined : end).join('\n');
}

const program = buildProgram();
const documented = commands(program);

describe('packages/cli/README.md', () => {
  it.each(documented.map((c) => [c.usage]))('has a section headed `%s`', (usage) => {
    expect(section(usage), `add a heading such as "## \`${usage}\`" to packages/cli/README.md`).toBeDefined();
  });

  it.each(documented.filter((c) => c.flags.length > 0).map((c) => [c.usage, c.flags] as const))('documents every option of `%s` in its section', (usage, flags) => {
    const text = section(usage) ?? '';
    expect(flags.filter((flag) => !text.includes(`\`${flag}\``)), `add these flags, as \`--help\` prints them, to the section of \`${usage}\``).toEqual([]);
  });

  it("documents the program's own options before the first command", () => {
    const intro = README.slice(0, README.indexOf('\n## '));
    expect(visibleFlags(program).filter((flag) => !intro.includes(`\`${flag}\``))).toEqual([]);
  });
});
