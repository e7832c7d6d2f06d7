import { describe, expect, it } from "vitest";
import { progressBar } from "./progress.js";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe("progress bar", () => {
  it("stays silent during the first second", () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, () => now);
    now = 900;
    bar.update(10, 100);
    bar.finish();
    expect(written).toEqual([]);
  });

  it("shows the share done on a terminal after a second, and clears the line at the end", () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const bar = progressBar(stream, () => now);
    now = 1500;
    bar.update(50_000, 100_000);
    expect(written[0]).toContain(" 50 %");
    expect(written[0]).toContain("dragningar");
    bar.finish();
    expect(written.at(-1)).toBe("\r\x1b[2K");
  });

  it("never writes when stderr is not a terminal", () => {
    let now = 0;
    const { stream, written } = fakeStream(false);
    const bar = progressBar(stream, () => now);
    now = 5000;
    bar.update(1, 2);
    bar.finish();
    expect(written).toEqual([]);
  });
});
