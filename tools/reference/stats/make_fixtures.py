#!/usr/bin/python3
"""Reference values for @clusterlens/aggregate, computed with SciPy and NumPy.

Run with the system interpreter (it has numpy, scipy 1.10):

    /usr/bin/python3 tools/reference/stats/make_fixtures.py

It writes packages/aggregate/test/fixtures/scipy-stats.json. Every value the TypeScript tests compare against
comes from SciPy / NumPy calls here (or, for rliable's definitions, from rliable's own formulas written with
SciPy calls, since rliable and arch are not installed; Student's t quantiles also at 40 digits with mpmath). Inputs are drawn from a fixed NumPy seed, so re-running
the script reproduces the file bit for bit on the same library versions.
"""

import json
import math
import os
import sys

import mpmath
import numpy as np
import scipy
import scipy.integrate
import scipy.special
import scipy.stats
from scipy.stats import _resampling

mpmath.mp.dps = 40

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
OUT = os.path.join(ROOT, 'packages', 'aggregate', 'test', 'fixtures', 'scipy-stats.json')

rng = np.random.default_rng(20240611)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


# --- Distributions -------------------------------------------------------------------------------------------

def exact_t_cdf(t, df):
    """Student's t CDF at 40 significant digits (mpmath), for quantiles SciPy itself only gets to ~1e-10."""
    t = mpmath.mpf(t)
    df = mpmath.mpf(df)
    tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    return tail if t < 0 else 1 - tail


def exact_t_quantile(p, df):
    p = mpmath.mpf(p)  # the exact binary value of the double p
    if p == mpmath.mpf(1) / 2:
        return mpmath.mpf(0)
    if p > mpmath.mpf(1) / 2:
        return -exact_t_quantile(1 - p, df)
    guess = mpmath.mpf(scipy.stats.t.ppf(float(p), df))
    return mpmath.findroot(lambda t: exact_t_cdf(t, df) - p, guess, tol=mpmath.mpf(10) ** -35)


def t_quantiles():
    # scipy 1.10's t.ppf is special.stdtrit, cdflib's root finder: about 1e-11 relative near the centre, worse in
    # the far tails. 'q' is SciPy's value, 'exact' the 40-digit mpmath root of the CDF, rounded to double.
    dfs = [1, 2, 3, 4, 5, 7, 9.5, 10, 19, 29, 30, 50, 100, 1000, 1e5]
    ps = [1e-12, 1e-6, 1e-3, 5e-3, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.975, 0.995, 0.999,
          1 - 1e-6]
    return [{'df': df, 'p': p, 'q': float(scipy.stats.t.ppf(p, df)), 'exact': float(exact_t_quantile(p, df))}
            for df in dfs for p in ps]


def t_cdfs():
    dfs = [1, 2, 3, 5, 9.5, 30, 1000]
    ts = [-1e6, -50, -6, -2.5, -1, -0.1, 0, 0.3, 1.7, 4, 40]
    return [{'df': df, 't': t, 'cdf': float(scipy.stats.t.cdf(t, df)), 'exact': float(exact_t_cdf(t, df))}
            for df in dfs for t in ts]


def normal_cdfs():
    zs = [-37, -20, -8.5, -5, -3, -1.959963984540054, -1, -0.3, -1e-9, 0, 1e-9, 0.5, 1, 2.5, 5, 8.2]
    return [{'z': z, 'cdf': float(scipy.special.ndtr(z))} for z in zs]


def normal_quantiles():
    ps = [1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.99,
          0.999, 1 - 1e-8, 1 - 1e-12]
    return [{'p': p, 'q': float(scipy.special.ndtri(p))} for p in ps]


# --- Intervals and summaries --------------------------------------------------------------------------------

def t_intervals():
    cases = []
    for n in [2, 3, 5, 10, 30]:
        x = rng.normal(0.6, 0.15, n)
        for level in [0.9, 0.95, 0.99]:
            low, high = scipy.stats.t.interval(level, n - 1, loc=np.mean(x), scale=scipy.stats.sem(x))
            cases.append({'values': floats(x), 'confidenceLevel': level, 'mean': float(np.mean(x)),
                          'sd': float(np.std(x, ddof=1)), 'low': float(low), 'high': float(high)})
    return cases


def trim_means():
    cases = []
    for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 40]:
        x = rng.normal(0, 1, n)
        if n > 4:
            x[1] = x[3]  # ties must not change the result
        for proportion in [0.0, 0.1, 0.25, 0.4]:
            cases.append({'values': floats(x), 'proportion': proportion,
                          'trimMean': float(scipy.stats.trim_mean(x, proportion))})
    return cases


def iqm_matrices():
    # rliable.metrics.aggregate_iqm: trim_mean(scores, 0.25, axis=None) over a (runs x tasks) matrix.
    cases = []
    for runs, tasks in [(3, 1), (5, 3), (7, 4), (10, 6)]:
        scores = rng.beta(2, 3, (runs, tasks))
        strata = [floats(scores[:, j]) for j in range(tasks)]
        cases.append({'strata': strata, 'iqm': float(scipy.stats.trim_mean(scores, proportiontocut=0.25, axis=None))})
    return cases


def rliable_probability_of_improvement(scores_x, scores_y):
    """rliable.metrics.probability_of_improvement, with ragged tasks allowed."""
    probabilities = []
    for x, y in zip(scores_x, scores_y):
        x = np.asarray(x)
        y = np.asarray(y)
        if np.array_equal(x, y):
            probabilities.append(0.5)
        else:
            u, _ = scipy.stats.mannwhitneyu(x, y, alternative='greater')
            probabilities.append(u / (len(x) * len(y)))
    return float(np.mean(probabilities)), [float(p) for p in probabilities]


def probability_of_improvement_cases():
    cases = []
    for nx, ny, tasks, rounding in [(5, 5, 1, None), (5, 7, 3, None), (10, 10, 4, 1), (8, 6, 5, 2), (3, 3, 2, 0)]:
        x = [rng.normal(0.5, 0.2, nx) for _ in range(tasks)]
        y = [rng.normal(0.4, 0.2, ny) for _ in range(tasks)]
        if rounding is not None:  # rounded scores have ties, which count 1/2
            x = [np.round(v, rounding) for v in x]
            y = [np.round(v, rounding) for v in y]
        overall, per_task = rliable_probability_of_improvement(x, y)
        cases.append({'x': [floats(v) for v in x], 'y': [floats(v) for v in y],
                      'probability': overall, 'perTask': per_task})
    same = [rng.normal(0, 1, 4)]
    overall, per_task = rliable_probability_of_improvement(same, same)
    cases.append({'x': [floats(same[0])], 'y': [floats(same[0])], 'probability': overall, 'perTask': per_task})
    return cases


def trapezoids():
    cases = []
    for n in [2, 3, 7, 20]:
        steps = np.sort(rng.choice(np.arange(0, 3000, 10), n, replace=False)).astype(np.float64)
        values = rng.uniform(-0.1, 1.0, n)
        area = float(scipy.integrate.trapezoid(values, steps))
        cases.append({'steps': floats(steps), 'values': floats(values), 'area': area,
                      'normalized': area / float(steps[-1] - steps[0])})
    return cases


def percentiles():
    cases = []
    for n in [1, 2, 5, 10, 101, 1000]:
        x = rng.normal(0, 1, n)
        qs = [0, 2.5, 2.5000000000000022, 5, 25, 50, 73.3, 97.5, 97.49999999999999, 100]
        cases.append({'values': floats(x), 'qs': qs, 'percentiles': [float(np.percentile(x, q)) for q in qs]})
    return cases


# --- Bootstrap ----------------------------------------------------------------------------------------------

def mean_statistic(x, axis=-1):
    return np.mean(x, axis=axis)


def std_statistic(x, axis=-1):
    return np.std(x, ddof=1, axis=axis)


STATISTICS = {'mean': mean_statistic, 'std': std_statistic}


def bca_given_distribution():
    """BCa / percentile / basic endpoints for a bootstrap distribution given explicitly, by SciPy's own code."""
    cases = []
    for n, statistic, level, size in [(8, 'mean', 0.95, 400), (12, 'mean', 0.9, 1000), (15, 'std', 0.95, 999),
                                      (10, 'std', 0.8, 300)]:
        sample = rng.exponential(1.0, n)
        fn = STATISTICS[statistic]
        resamples = sample[rng.integers(0, n, (size, n))]
        distribution = fn(resamples, axis=-1)
        alpha = (1 - level) / 2
        alpha_1, alpha_2, a_hat = _resampling._bca_interval((sample,), fn, axis=-1, alpha=alpha,
                                                            theta_hat_b=distribution, batch=None)
        theta_hat = float(fn(sample))
        z0 = float(scipy.special.ndtri(_resampling._percentile_of_score(distribution, theta_hat, axis=-1)))
        p_low = float(np.percentile(distribution, alpha * 100))
        p_high = float(np.percentile(distribution, (1 - alpha) * 100))
        cases.append({
            'sample': floats(sample), 'statistic': statistic, 'confidenceLevel': level,
            'distribution': floats(distribution), 'estimate': theta_hat,
            'biasCorrection': z0, 'acceleration': float(a_hat),
            'bcaLevels': [float(alpha_1), float(alpha_2)],
            'bca': [float(np.percentile(distribution, alpha_1 * 100)), float(np.percentile(distribution, alpha_2 * 100))],
            'percentile': [p_low, p_high],
            'basic': [2 * theta_hat - p_high, 2 * theta_hat - p_low],
            'standardError': float(np.std(distribution, ddof=1)),
        })
    return cases


REPEATS = 40
RESAMPLES = 20000


def bootstrap_monte_carlo():
    """scipy.stats.bootstrap endpoints over REPEATS seeds: their mean and standard deviation.

    NumPy's generator and ours differ, so the TypeScript test cannot match bits. It checks that its endpoint,
    computed with the same number of resamples, lies within a few Monte Carlo standard deviations of SciPy's mean.
    """
    cases = []
    for name, sample in [('normal-12', rng.normal(0.5, 0.2, 12)), ('exponential-15', rng.exponential(1.0, 15)),
                         ('lognormal-20', rng.lognormal(0.0, 0.8, 20))]:
        for statistic in ['mean', 'std']:
            for method, level in [('percentile', 0.95), ('BCa', 0.95), ('BCa', 0.9), ('basic', 0.95)]:
                lows, highs = [], []
                for repeat in range(REPEATS):
                    result = scipy.stats.bootstrap((sample,), STATISTICS[statistic], n_resamples=RESAMPLES,
                                                   confidence_level=level, method=method,
                                                   random_state=np.random.default_rng(1000 + repeat))
                    lows.append(result.confidence_interval.low)
                    highs.append(result.confidence_interval.high)
                cases.append({'name': name, 'sample': floats(sample), 'statistic': statistic,
                              'method': method.lower(), 'confidenceLevel': level, 'nResamples': RESAMPLES,
                              'repeats': REPEATS, 'lowMean': float(np.mean(lows)), 'lowSd': float(np.std(lows, ddof=1)),
                              'highMean': float(np.mean(highs)), 'highSd': float(np.std(highs, ddof=1))})
    return cases


def stratified_iqm_distribution(scores, reps, generator):
    """rliable's StratifiedBootstrap: a (runs x tasks) matrix of run indices per resample, task columns kept."""
    runs, tasks = scores.shape
    indices = generator.integers(0, runs, (reps, runs, tasks))
    resampled = scores[indices, np.arange(tasks)[None, None, :]]
    return scipy.stats.trim_mean(resampled.reshape(reps, runs * tasks), 0.25, axis=1)


def stratified_poi_distribution(x, y, reps, generator):
    """rliable's StratifiedIndependentBootstrap for probability_of_improvement (x and y resampled apart)."""
    tasks = x.shape[1]
    total = np.zeros(reps)
    ix = generator.integers(0, x.shape[0], (reps, x.shape[0], tasks))
    iy = generator.integers(0, y.shape[0], (reps, y.shape[0], tasks))
    for task in range(tasks):
        xs = x[ix[:, :, task], task]  # (reps, nx)
        ys = y[iy[:, :, task], task]  # (reps, ny)
        greater = (xs[:, :, None] > ys[:, None, :]).mean(axis=(1, 2))
        equal = (xs[:, :, None] == ys[:, None, :]).mean(axis=(1, 2))
        total += greater + 0.5 * equal
    return total / tasks


def stratified_monte_carlo():
    cases = []
    scores = rng.beta(2, 3, (6, 4))
    lows, highs = [], []
    for repeat in range(REPEATS):
        distribution = stratified_iqm_distribution(scores, RESAMPLES, np.random.default_rng(2000 + repeat))
        lows.append(np.percentile(distribution, 2.5))
        highs.append(np.percentile(distribution, 97.5))
    cases.append({'kind': 'iqm', 'strata': [floats(scores[:, j]) for j in range(scores.shape[1])],
                  'estimate': float(scipy.stats.trim_mean(scores, 0.25, axis=None)),
                  'confidenceLevel': 0.95, 'nResamples': RESAMPLES, 'repeats': REPEATS,
                  'lowMean': float(np.mean(lows)), 'lowSd': float(np.std(lows, ddof=1)),
                  'highMean': float(np.mean(highs)), 'highSd': float(np.std(highs, ddof=1))})

    x = np.round(rng.normal(0.55, 0.15, (7, 3)), 2)
    y = np.round(rng.normal(0.45, 0.15, (5, 3)), 2)
    lows, highs = [], []
    for repeat in range(REPEATS):
        distribution = stratified_poi_distribution(x, y, RESAMPLES, np.random.default_rng(3000 + repeat))
        lows.append(np.percentile(distribution, 2.5))
        highs.append(np.percentile(distribution, 97.5))
    estimate, _ = rliable_probability_of_improvement([x[:, j] for j in range(3)], [y[:, j] for j in range(3)])
    cases.append({'kind': 'probability-of-improvement', 'x': [floats(x[:, j]) for j in range(3)],
                  'y': [floats(y[:, j]) for j in range(3)], 'estimate': estimate,
                  'confidenceLevel': 0.95, 'nResamples': RESAMPLES, 'repeats': REPEATS,
                  'lowMean': float(np.mean(lows)), 'lowSd': float(np.std(lows, ddof=1)),
                  'highMean': float(np.mean(highs)), 'highSd': float(np.std(highs, ddof=1))})
    return cases


# --- Seeded generator ---------------------------------------------------------------------------------------

MASK64 = (1 << 64) - 1
MASK32 = (1 << 32) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def rotl32(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK32


def xoshiro128starstar(seed, count):
    """Blackman & Vigna's xoshiro128**, its 128-bit state filled from two splitmix64 outputs (low word first)."""
    state, a = splitmix64(seed)
    state, b = splitmix64(state)
    s = [a & MASK32, a >> 32, b & MASK32, b >> 32]
    out = []
    for _ in range(count):
        out.append(rotl32((s[1] * 5) & MASK32, 7) * 9 & MASK32)
        t = (s[1] << 9) & MASK32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl32(s[3], 11)
    return out


def generator_streams():
    streams = []
    for seed in [0, 1, 42, 2 ** 32 + 7, 2 ** 53 - 1]:
        streams.append({'seed': seed, 'uint32': xoshiro128starstar(seed, 12)})
    state = 1234567
    splitmix = []
    for _ in range(3):
        state, z = splitmix64(state)
        splitmix.append(str(z))
    return {'xoshiro128ss': streams, 'splitmix64Seed1234567': splitmix}


def main():
    fixture = {
        'generatedBy': 'tools/reference/stats/make_fixtures.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__,
                     'mpmath': mpmath.__version__},
        'tQuantiles': t_quantiles(),
        'tCdfs': t_cdfs(),
        'normalCdfs': normal_cdfs(),
        'normalQuantiles': normal_quantiles(),
        'tIntervals': t_intervals(),
        'trimMeans': trim_means(),
        'iqmMatrices': iqm_matrices(),
        'probabilityOfImprovement': probability_of_improvement_cases(),
        'trapezoids': trapezoids(),
        'percentiles': percentiles(),
        'bootstrapGivenDistribution': bca_given_distribution(),
        'bootstrapMonteCarlo': bootstrap_monte_carlo(),
        'stratifiedMonteCarlo': stratified_monte_carlo(),
        'generator': generator_streams(),
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write('\n')
    print(f'wrote {os.path.relpath(OUT, ROOT)}')


if __name__ == '__main__':
    main()
