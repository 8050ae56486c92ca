// Small, dependency-free statistics for comparing two latency samples.

/** The q-quantile (0..1) of an ascending array, interpolating linearly between ranks. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const ascending = (values) => Float64Array.from(values).sort();
export const median = (values) => quantile(ascending(values), 0.5);

export function summarize(values) {
  const sorted = ascending(values);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p10: quantile(sorted, 0.1),
    p90: quantile(sorted, 0.9),
    mean,
  };
}

/** Standard normal CDF via the complementary error function (Numerical Recipes erfc, |error| < 1.2e-7). */
export function normalCdf(z) {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Mann-Whitney U test of "a and b come from the same distribution", two-sided, by the normal
 * approximation with tie and continuity corrections (good for samples of a few dozen or more).
 * z > 0 means a tends to be larger than b.
 */
export function mannWhitney(a, b) {
  const n1 = a.length;
  const n2 = b.length;
  const pooled = [...a.map((value) => ({ value, first: true })), ...b.map((value) => ({ value, first: false }))].sort(
    (x, y) => x.value - y.value,
  );
  let rankSumA = 0;
  let tieTerm = 0; // sum of t^3 - t over groups of t equal values
  for (let start = 0; start < pooled.length;) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1].value === pooled[start].value) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) if (pooled[i].first) rankSumA += averageRank;
    const ties = end - start + 1;
    tieTerm += ties ** 3 - ties;
    start = end + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const meanU = (n1 * n2) / 2;
  const sdU = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const distance = Math.abs(u - meanU);
  const z = sdU === 0 ? 0 : (Math.sign(u - meanU) * Math.max(0, distance - 0.5)) / sdU;
  return { u, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Small seeded generator (mulberry32), so a bootstrap is reproducible for the same data. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Percentile-bootstrap interval of `statistic(...resampled samples)`, each sample resampled on its own. */
function bootstrap(samples, statistic, { resamples = 4000, confidence = 0.95, seed = 1 } = {}) {
  const random = seededRandom(seed);
  const resample = (values) => {
    const draw = new Float64Array(values.length);
    for (let i = 0; i < draw.length; i += 1) draw[i] = values[Math.floor(random() * values.length)];
    return draw;
  };
  const estimates = new Float64Array(resamples);
  for (let i = 0; i < resamples; i += 1) estimates[i] = statistic(...samples.map(resample));
  estimates.sort();
  const tail = (1 - confidence) / 2;
  return { estimate: statistic(...samples), low: quantile(estimates, tail), high: quantile(estimates, 1 - tail) };
}

/** median(a) - median(b) with a percentile-bootstrap confidence interval (independent samples). */
export const bootstrapMedianDifference = (a, b, options) => bootstrap([a, b], (x, y) => median(x) - median(y), options);

/** The median of paired differences with a percentile-bootstrap confidence interval. */
export const bootstrapMedian = (values, options) => bootstrap([values], median, options);

/**
 * Wilcoxon signed-rank test of "paired differences are symmetric around 0", two-sided, by the
 * normal approximation with tie and continuity corrections; zero differences are dropped.
 * z > 0 means the differences tend to be positive.
 */
export function wilcoxonSignedRank(differences) {
  const nonZero = differences.filter((d) => d !== 0).sort((x, y) => Math.abs(x) - Math.abs(y));
  const n = nonZero.length;
  let positiveRankSum = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && Math.abs(nonZero[end + 1]) === Math.abs(nonZero[start])) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) if (nonZero[i] > 0) positiveRankSum += averageRank;
    const ties = end - start + 1;
    tieTerm += ties ** 3 - ties;
    start = end + 1;
  }
  const mean = (n * (n + 1)) / 4;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const distance = Math.abs(positiveRankSum - mean);
  const z = sd === 0 ? 0 : (Math.sign(positiveRankSum - mean) * Math.max(0, distance - 0.5)) / sd;
  return { w: positiveRankSum, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}
