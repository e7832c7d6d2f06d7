/**
 * A progress bar on stderr for long Monte Carlo runs: shown only when stderr is a terminal and
 * the run has taken more than about a second, so that quick runs and pipes stay clean.
 * @module
 */

export function progressBar(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): { update: (done: number, total: number) => void; finish: () => void } {
  const started = now();
  let shown = false;
  const width = 30;
  return {
    update(done, total) {
      if (!stream.isTTY || now() - started < 1000) return;
      shown = true;
      const share = total > 0 ? done / total : 1;
      const filled = Math.round(share * width);
      stream.write(
        `\r[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${Math.floor(share * 100)
          .toString()
          .padStart(3)} %  ${done.toLocaleString("sv-SE")} / ${total.toLocaleString("sv-SE")} dragningar`,
      );
    },
    finish() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
