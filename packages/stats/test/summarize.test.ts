// A summary across seeds is the t interval and the bootstrap interval of the same values.
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, meanTInterval, summarize } from '@clusterlens/stats';

const finalAri = [0.71, 0.64, 0.8, 0.69, 0.75];

describe('summarize', () => {
  it('holds the mean, the t interval and the seeded bootstrap interval', () => {
    const s = summarize(finalAri, { seed: 4, nResamples: 4000 });
    const t = meanTInterval(finalAri);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(t.mean);
    expect(s.sd).toBe(t.sd);
    expect(s.tInterval).toEqual({ low: t.low, high: t.high });
    expect(s.bootstrap).toEqual(bootstrapInterval(finalAri, { seed: 4, nResamples: 4000 }));
  });

  it('passes the confidence level and method to both intervals', () => {
    const s = summarize(finalAri, { seed: 4, nResamples: 1000, confidenceLevel: 0.8, method: 'percentile' });
    expect(s.confidenceLevel).toBe(0.8);
    expect(s.bootstrap.confidenceLevel).toBe(0.8);
    expect(s.bootstrap.method).toBe('percentile');
    expect(s.tInterval.high - s.tInterval.low).toBeLessThan(
      meanTInterval(finalAri).high - meanTInterval(finalAri).low,
    );
  });
});
