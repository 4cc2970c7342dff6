import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  chiSquareStatistic,
  chiSquareSurvival,
  logGamma,
  regularizedUpperGamma,
} from "./chi-square.js";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of ${expected}`,
  );

describe("chi-square survival function", () => {
  it("log-gamma matches known values", () => {
    close(logGamma(1), 0, 1e-12, "lnΓ(1)");
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12, "lnΓ(1/2)");
    close(logGamma(10), Math.log(362_880), 1e-10, "lnΓ(10)");
  });
  it("Q(1, x) = e^-x and 2 degrees of freedom give e^(-x/2)", () => {
    for (const x of [0.1, 1, 3, 10, 40]) {
      close(regularizedUpperGamma(1, x), Math.exp(-x), 1e-13, `Q(1, ${x})`);
      close(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-13, `χ²₂(${x})`);
    }
  });
  it("matches table critical values", () => {
    // Standard chi-square table: P(X >= x) for k degrees of freedom.
    close(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-9, "k=1, 0.05");
    close(chiSquareSurvival(6.634896601021214, 1), 0.01, 1e-9, "k=1, 0.01");
    close(chiSquareSurvival(18.307038053275146, 10), 0.05, 1e-9, "k=10, 0.05");
    close(chiSquareSurvival(29.58829844507442, 10), 0.001, 1e-9, "k=10, 0.001");
    close(chiSquareSurvival(124.34211340400407, 100), 0.05, 1e-9, "k=100, 0.05");
    close(chiSquareSurvival(10, 10), 0.44049328506521257, 1e-10, "k=10, x=10");
  });
  it("Pearson's statistic", () => {
    assert.equal(chiSquareStatistic([50, 50], [0.5, 0.5]), 0);
    close(chiSquareStatistic([60, 40], [0.5, 0.5]), 4, 1e-12, "60/40");
  });
});
