import { describe, expect, it } from "vitest";
import { DAY, HOUR, MIN, MS, SEC } from "../kernel/types.ts";
import { formatCpus, formatGoDuration, parseCpus, parseDuration, parseGoDuration, parseSize } from "./units.ts";

describe("scenario durations", () => {
  it("accepts an integer and one unit", () => {
    expect(["250us", "250ms", "30s", "5m", "2h", "1d", "0s"].map((s) => parseDuration(s))).toEqual([250, 250 * MS, 30 * SEC, 5 * MIN, 2 * HOUR, DAY, 0]);
    expect(parseDuration("-3s", true)).toBe(-3 * SEC);
  });
  it("rejects bare numbers, spaces, unknown units, fractions and negatives", () => {
    expect(() => parseDuration("30")).toThrow("duration '30' has no unit (write e.g. '30s' or '30ms')");
    expect(() => parseDuration("30 s")).toThrow(/did you mean '30s'/);
    expect(() => parseDuration("5x")).toThrow(/malformed duration '5x'/);
    expect(() => parseDuration("1.5s")).toThrow(/malformed/);
    expect(() => parseDuration("1m30s")).toThrow(/malformed/);
    expect(() => parseDuration("-3s")).toThrow(/must not be negative/);
  });
});

describe("Go durations", () => {
  it("parses compose/CLI forms", () => {
    expect(parseGoDuration("1m30s")).toBe(90 * SEC);
    expect(parseGoDuration("500ms")).toBe(500 * MS);
    expect(parseGoDuration("1.5h")).toBe(90 * MIN);
    expect(parseGoDuration("10us")).toBe(10);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration(".5s")).toBe(500 * MS);
  });
  it("rejects unitless and garbage", () => {
    expect(() => parseGoDuration("10")).toThrow(/missing unit/);
    expect(() => parseGoDuration("10 s")).toThrow(/malformed/);
    expect(() => parseGoDuration("1d")).toThrow(/malformed/);
  });
  it("formats without a day unit", () => {
    expect(formatGoDuration(DAY)).toBe("24h");
    expect(formatGoDuration(90 * SEC)).toBe("90s");
    expect(parseGoDuration(formatGoDuration(2 * DAY))).toBe(2 * DAY);
  });
});

describe("sizes and CPUs", () => {
  it("parses docker RAMInBytes forms", () => {
    expect(parseSize("512M")).toBe(512 * 2 ** 20);
    expect(parseSize("1g")).toBe(2 ** 30);
    expect(parseSize("4096M")).toBe(4096 * 2 ** 20);
    expect(parseSize("2GiB")).toBe(2 * 2 ** 30);
    expect(parseSize("1.5k")).toBe(1536);
    expect(parseSize("100")).toBe(100);
    expect(parseSize(2048)).toBe(2048);
    expect(() => parseSize("12Q")).toThrow(/invalid size/);
    expect(() => parseSize(-1)).toThrow(/invalid size/);
  });
  it("parses CPU counts exactly and formats them back", () => {
    expect(parseCpus("0.5")).toBe(5e8);
    expect(parseCpus("2")).toBe(2e9);
    expect(parseCpus("0.05")).toBe(5e7);
    expect(parseCpus(0.25)).toBe(2.5e8);
    expect(parseCpus("0.000000001")).toBe(1);
    expect(() => parseCpus("half")).toThrow(/invalid CPU count/);
    for (const n of [1, 5e7, 5e8, 1.5e9, 123456789]) expect(parseCpus(formatCpus(n))).toBe(n);
    expect(formatCpus(5e8)).toBe("0.5");
  });
});
