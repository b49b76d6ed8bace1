/// <reference lib="dom" />
// report.html in a real browser (Debian's headless Chromium driven by playwright-core): the page must draw every
// chart offline, with no console error, no page error and no request to the network, and its tooltips must work.
// The browser is part of this test's requirements: when it is missing the test fails, saying how to install it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport, type ReportResult } from '@clusterlens/report';

import { gaussianBlobs } from '../packages/stats/test/support/gaussian-blobs.js';
import { writeRepresentationFile, writeSyntheticSweep } from '../packages/report/test/support/synthetic-sweep.js';

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium reaches for Google's hosts at start, which this machine's
// closed network refuses (.library/env/machines/node.md).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots for a person to look at. */
const SCREENSHOT = join(tmpdir(), 'report-screenshot.png');
const FULL_PAGE_SCREENSHOT = join(tmpdir(), 'report-screenshot-full.png');

interface ChartState {
  name: string;
  rendered: boolean;
  error: string | null;
  svgs: number;
  marks: number;
}

describe('report.html in headless Chromium', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'clusterlens-report-browser-'));
  const problems: string[] = [];
  const requests: string[] = [];
  let report: ReportResult;
  let context: BrowserContext;
  let page: Page;
  let charts: ChartState[];
  // A failed setup fails every test with its message (vitest would report a throwing beforeAll as skipped tests).
  let setupError: unknown;
  const ready = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  });

  async function setUp(): Promise<void> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: this test needs Debian's Chromium (apt-get install -y chromium)`);
    }
    const sweepDir = await writeSyntheticSweep(join(scratch, 'sweep'), { withFailedTrial: true });
    const { points, tasks } = gaussianBlobs(240, 16, 4, 6, 5);
    writeRepresentationFile(join(sweepDir, 'representations', 'train-layer3-step800.safetensors'), points, 240, 16, tasks, {
      split: 'train',
      layer: '3',
      step: '800',
      task_names: JSON.stringify(['capital', 'continent', 'plural', 'successor']),
    });
    report = await writeReport(sweepDir, { seed: 0, nResamples: 2000 });

    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    // Everything but the page's own file and inline data is refused, and recorded as a failure.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      return route.abort();
    });
    page = await context.newPage();
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('file:') && !url.startsWith('data:')) requests.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(report.html).href, { waitUntil: 'load' });
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('.chart')).every((c) => c.hasAttribute('data-rendered') || c.hasAttribute('data-error')),
      null,
      { timeout: 60_000 },
    );
    charts = await page.$$eval('.chart', (containers) =>
      containers.map((c) => ({
        name: c.getAttribute('data-figure') ?? '',
        rendered: c.getAttribute('data-rendered') === 'true',
        error: c.getAttribute('data-error'),
        svgs: c.querySelectorAll('svg').length,
        // Items of data marks (role-mark), not axes, legends or titles.
        marks: c.querySelectorAll('svg g.role-mark > *').length,
      })),
    );
    await page.evaluate(() => document.getElementById('figures')!.scrollIntoView());
    await page.screenshot({ path: SCREENSHOT });
    await page.screenshot({ path: FULL_PAGE_SCREENSHOT, fullPage: true });
  }

  afterAll(async () => {
    await context?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('loads without console errors or page errors', () => {
    ready();
    expect(problems).toEqual([]);
  });

  it('makes no request to the network', () => {
    ready();
    expect(requests).toEqual([]);
  });

  it('would notice a request to the network (self-check of the guard above)', async () => {
    ready();
    const probe = await context.newPage();
    const seen: string[] = [];
    probe.on('request', (request) => seen.push(request.url()));
    // 192.0.2.0/24 is TEST-NET-1: never routed, and refused by the route handler before any attempt.
    await probe.setContent('<img src="http://192.0.2.1/pixel.png">');
    await expect.poll(() => seen).toContain('http://192.0.2.1/pixel.png');
    await probe.close();
  });

  it('draws every chart as an SVG with data marks', () => {
    ready();
    expect(charts.map((c) => c.name)).toEqual([
      'ari-over-training-baseline',
      'ari-over-training-aux-loss',
      'final-ari-by-layer',
      'intervention-iqm',
      'probability-of-improvement',
      'pca-train-layer3-step800',
    ]);
    for (const chart of charts) {
      expect(chart.error, chart.name).toBeNull();
      expect(chart.rendered, chart.name).toBe(true);
      expect(chart.svgs, chart.name).toBe(1);
      expect(chart.marks, chart.name).toBeGreaterThan(0);
    }
  });

  it('shows a tooltip with the values of the point under the mouse', async () => {
    ready();
    const point = page.locator('[data-figure="pca-train-layer3-step800"] svg g.role-mark > path').first();
    await point.scrollIntoViewIfNeeded();
    await point.hover({ force: true });
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toMatch(/task: (capital|continent|plural|successor)/);
  });

  it('fades unpicked tasks when a legend entry is clicked', async () => {
    ready();
    const chart = page.locator('[data-figure="pca-train-layer3-step800"]');
    const opacities = () => chart.locator('svg g.role-mark > path').evaluateAll((paths) => paths.map((p) => Number(p.getAttribute('opacity') ?? 1)));
    expect(new Set(await opacities()).size).toBe(1);
    await chart.locator('svg g.role-legend-symbol path').first().click({ force: true });
    await expect.poll(async () => new Set(await opacities()).size).toBe(2);
  });

  it('shows the findings with their thresholds, the tables and the how-to for the claims the data cannot speak to', async () => {
    ready();
    const text = await page.locator('main').innerText();
    expect(text).toContain('C1: ARI at the probe position rises over training and saturates');
    expect(text).toContain('Not assessed: no finished trials with data.kind: natural');
    // Every verdict threshold with its flag, and the tests behind each verdict.
    expect(text).toContain('Verdict thresholds');
    expect(await page.locator('#verdict-thresholds tr').count()).toBe(1 + 9);
    expect(text).toContain('--c4-min-gap');
    expect(text).toContain('Verdict of C1 per condition:');
    expect(text).toContain('Task suites: per seed (data.seed absent');
    expect(await page.locator('details[id^="table-"]').count()).toBe(report.tables.length / 2);
  });
});
