/**
 * The chi-square test for the card-odds check: the statistic, and its survival function
 * (the p-value), P(X >= x) for k degrees of freedom = Q(k/2, x/2), the regularized upper
 * incomplete gamma function, computed by its series (x < a + 1) or its continued fraction
 * (Numerical Recipes §6.2, Lentz's method).
 */
export function logGamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x) = Γ(a, x) / Γ(a). */
export function regularizedUpperGamma(a: number, x: number): number {
  if (x < 0 || a <= 0) throw new RangeError("Q(a, x) needs a > 0 and x >= 0");
  if (x === 0) return 1;
  if (x < a + 1) return 1 - lowerSeries(a, x);
  return upperContinuedFraction(a, x);
}

function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** P(X >= statistic) for a chi-square variable with `degrees` degrees of freedom. */
export function chiSquareSurvival(statistic: number, degrees: number): number {
  return regularizedUpperGamma(degrees / 2, statistic / 2);
}

/** Pearson's statistic for observed counts against expected probabilities. */
export function chiSquareStatistic(
  observed: readonly number[],
  probabilities: readonly number[],
): number {
  const total = observed.reduce((a, b) => a + b, 0);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = total * probabilities[i]!;
    statistic += (observed[i]! - expected) ** 2 / expected;
  }
  return statistic;
}
