/**
 * How the `sikt` process ends when something outside it ends it: a reader that closes the pipe
 * (`sikt run … | head -3`) ends the command quietly with status 0; Ctrl-C (SIGINT) or SIGTERM
 * stops the Monte Carlo workers and exits with 130 (143) without a trace; anything unexpected
 * is one line in the user's language and status 1. Installed by `bin/sikt.cjs` only, never by
 * `main()`, so that tests calling `main()` keep their own process.
 * @module
 */

/** Exit statuses the shell conventionally gives a process ended by SIGINT and SIGTERM. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** What a guard needs of the process; the real one by default (a test may pass its own). */
export interface GuardedProcess {
  stdout: NodeJS.EventEmitter;
  stderr: NodeJS.EventEmitter & { isTTY?: boolean; write: (s: string) => boolean };
  on: (event: string, listener: (...args: never[]) => void) => unknown;
  exit: (code: number) => never;
}

/** Whether an error is the one Node raises when writing to a pipe whose reader has gone. */
function isClosedPipe(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

/**
 * Installs the guards on the process.
 * @param lang the language of the one-line message for an unexpected failure
 */
export function installProcessGuards(lang: () => "sv" | "en", proc: GuardedProcess = process as unknown as GuardedProcess): void {
  // A closed standard output: the reader has what it wanted. Nothing more to say, and exit 0.
  proc.stdout.on("error", (e: unknown) => {
    if (isClosedPipe(e)) proc.exit(0);
    fail(e);
  });
  // A closed standard error: nowhere left to report to.
  proc.stderr.on("error", () => proc.exit(1));

  const stop = (code: number) => () => {
    // Clear a progress bar that may be on the line, then end: exiting terminates the workers.
    if (proc.stderr.isTTY) proc.stderr.write("\r\x1b[2K");
    proc.exit(code);
  };
  proc.on("SIGINT", stop(EXIT_SIGINT));
  proc.on("SIGTERM", stop(EXIT_SIGTERM));

  function fail(e: unknown): void {
    if (isClosedPipe(e)) proc.exit(0);
    const message = e instanceof Error ? e.message : String(e);
    try {
      proc.stderr.write(
        lang() === "en" ? `sikt: an unexpected error occurred: ${message}\n` : `sikt: ett oväntat fel inträffade: ${message}\n`,
      );
    } finally {
      proc.exit(1);
    }
  }
  proc.on("uncaughtException", fail);
  proc.on("unhandledRejection", fail);
}

/** The language asked for on a command line (`--lang en`, `--lang=en` or SIKT_LANG), for messages written before parsing. */
export function langFromArgv(argv: readonly string[], env: Record<string, string | undefined> = process.env): "sv" | "en" {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lang") return argv[i + 1] === "en" ? "en" : "sv";
    if (a?.startsWith("--lang=")) return a.slice(7) === "en" ? "en" : "sv";
  }
  return env.SIKT_LANG === "en" ? "en" : "sv";
}
