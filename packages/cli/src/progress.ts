// Progress of a long conversion on a terminal. The status line and the clock are handed in (see
// Output in cli.ts): main.ts gives a status writer only when stderr is a terminal, so piped or
// in-process runs print nothing unless they ask to.

/** Work shorter than this shows no progress at all. */
const DELAY_MS = 1000;
/** Redraws at most this often. */
const INTERVAL_MS = 100;

export class Progress {
  private readonly start: number;
  private lastDraw = -Infinity;
  private shown = false;

  constructor(
    private readonly status: ((text: string) => void) | undefined,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  /** Redraws the status line with `text()` once the work has run for a second. */
  update(text: () => string): void {
    if (this.status === undefined) return;
    const t = this.now();
    if (t - this.start < DELAY_MS || t - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = t;
    this.shown = true;
    this.status(text());
  }

  /** Clears the status line, if one was drawn, so that what follows starts on a clean line. */
  done(): void {
    if (this.shown) this.status!('');
    this.shown = false;
  }
}
