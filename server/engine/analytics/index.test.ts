import { describe, expect, it } from "vitest";
import * as analytics from "./index";

describe("analytics public API", () => {
  it("exports the functions the report, the Critic and the quality gate use", () => {
    const functions = [
      "closedTrades",
      "cumulativeCurve",
      "maxDrawdown",
      "normalCdf",
      "normalPdf",
      "inverseNormalCdf",
      "sharpeMoments",
      "probabilisticSharpeRatio",
      "expectedMaxSharpe",
      "deflatedSharpeRatio",
      "mean",
      "sampleStdev",
      "sharpeRatio",
      "downsideDeviation",
      "sortinoRatio",
      "skewness",
      "kurtosis",
      "excessKurtosis",
      "profitFactor",
      "expectancy",
      "winRate",
      "reviewTrades",
      "reviewRow",
    ];
    const exported = Object.entries(analytics)
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    expect(exported.sort()).toEqual(functions.sort());
    expect(analytics.UNATTRIBUTED).toBe("unattributed");
  });
});
