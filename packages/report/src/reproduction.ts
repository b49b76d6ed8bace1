// The reproduction's one document: each claim of PROTOCOL section 7 as the sweep that speaks to it decided it, with
// its statistics, intervals, verdicts and figures, and the run's wall time and machine. Written by
// `clusterlens reproduce` from the sweeps' own reports, so no number in it is typed by hand.
import type { ClaimId, ClaimResult } from './claims/common.js';
import { conditionVerdictText } from './report-model.js';

/** One sweep of the reproduction and the claims it is run for. */
export interface ReproductionSweep {
  /** The sweep's name (its folder under the reproduction's output). */
  name: string;
  /** The spec file it ran, as given to the command. */
  spec: string;
  claims: readonly ClaimId[];
  /** Every claim the sweep's report decided (those of `claims` are shown). */
  results: readonly ClaimResult[];
  /** Figures of the sweep's report, relative to the reproduction document, by the claim they illustrate. */
  figures: Partial<Record<ClaimId, string[]>>;
  /** Wall time of the sweep over every run of the command, seconds. */
  seconds: number;
  trials: number;
}

export interface ReproductionRun {
  scale: string;
  /** ISO date of the run that finished the reproduction. */
  date: string;
  machine: string;
  clusterlensVersion: string;
  concurrency: number;
  threadsPerTrial: number;
  sweeps: readonly ReproductionSweep[];
}

/** The figures of a report (file names under its figures/ folder) that illustrate each claim. */
export function figuresForClaims(files: readonly string[]): Record<ClaimId, string[]> {
  const png = files.filter((f) => f.endsWith('.png')).sort();
  const starting = (...prefixes: string[]) => png.filter((f) => prefixes.some((p) => f.startsWith(p)));
  return {
    C1: starting('ari-over-training'),
    C2: starting('final-ari-by-layer'),
    C3: starting('ari-over-training'),
    C4: [],
    C5: starting('final-ari-by-layer', 'ari-over-training'),
    C6: starting('intervention-iqm', 'probability-of-improvement'),
    C7: starting('intervention-iqm', 'probability-of-improvement'),
  };
}

/** A claim held when every condition it was decided for supports it (C1-C5), or, for the comparisons C6-C7, it was assessed. */
function claimStatus(claim: ClaimResult): string {
  if (claim.findings.length === 0) return 'not assessed';
  if (claim.verdicts.length === 0) {
    const verdicts = [...new Set(claim.findings.map((f) => f.verdict))];
    return `compared (${verdicts.join(', ')})`;
  }
  const verdicts = claim.verdicts.map((v) => v.verdict);
  if (verdicts.every((v) => v === 'supported')) return 'held';
  if (verdicts.every((v) => v === 'not supported' || v === 'not assessed')) return 'did not hold';
  return 'partly held';
}

function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(seconds - 60 * minutes)} s` : `${seconds.toFixed(0)} s`;
}

function claimSection(claim: ClaimResult, sweep: ReproductionSweep): string[] {
  const lines = [`## ${claim.id}: ${claimStatus(claim)}`, '', `> ${claim.statement}`, '', `Sweep \`${sweep.name}\` (\`${sweep.spec}\`).`, ''];
  if (claim.findings.length === 0) {
    lines.push(`Not assessed: ${claim.notAssessed ?? 'no data'}.`, '');
    return lines;
  }
  lines.push(`Rule: ${claim.rule}`, '');
  if (claim.verdicts.length > 0) {
    lines.push('Verdict per condition:', '', ...claim.verdicts.map((v) => `- ${v.condition}: ${conditionVerdictText(v)}`), '');
  }
  lines.push('Findings (statistic, interval, tests):', '');
  // A finding's text usually opens with its scope ('train: top-layer ARI ...'); it is not repeated then.
  const described = (f: ClaimResult['findings'][number]) => (f.text.startsWith(`${f.scope}: `) ? f.text : `${f.scope}: ${f.text}`);
  lines.push(...claim.findings.map((f) => `- **${f.condition}**, ${described(f)} **${f.verdict}**`), '');
  for (const figure of sweep.figures[claim.id] ?? []) lines.push(`![${claim.id}: ${figure}](${figure})`, '');
  return lines;
}

/** The reproduction document (Markdown), claims C1-C7 in order. */
export function renderReproductionMarkdown(run: ReproductionRun): string {
  const total = run.sweeps.reduce((sum, s) => sum + s.seconds, 0);
  const claimed = run.sweeps.flatMap((sweep) =>
    sweep.claims.map((id) => ({ sweep, claim: sweep.results.find((c) => c.id === id) })).filter((c) => c.claim !== undefined),
  ) as { sweep: ReproductionSweep; claim: ClaimResult }[];
  claimed.sort((a, b) => a.claim.id.localeCompare(b.claim.id));
  const lines = [
    `# Reproduction of Wu & Varshney's claims (scale: ${run.scale})`,
    '',
    `Written by \`clusterlens reproduce --scale ${run.scale}\` from the sweeps' reports (docs/PROTOCOL.md section 7 states ` +
      'the claims and how verdicts are made). Nothing here is edited by hand.',
    '',
    `- Finished: ${run.date}; clusterlens ${run.clusterlensVersion}`,
    `- Machine: ${run.machine}; ${run.concurrency} trial(s) at a time, ${run.threadsPerTrial} thread(s) each`,
    `- Wall time: ${formatSeconds(total)} in all (${run.sweeps.map((s) => `${s.name} ${formatSeconds(s.seconds)}, ${s.trials} trials`).join('; ')})`,
    '',
    '| claim | status | sweep |',
    '|---|---|---|',
    ...claimed.map(({ sweep, claim }) => `| ${claim.id} | ${claimStatus(claim)} | ${sweep.name} |`),
    '',
  ];
  for (const { sweep, claim } of claimed) lines.push(...claimSection(claim, sweep));
  return `${lines.join('\n').trimEnd()}\n`;
}
