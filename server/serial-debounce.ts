// Runs an async job debounced, and never two at once: a request that arrives while the job
// runs schedules exactly one more run after it. No LSP types, no checking logic.

export class SerialDebounce {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private disposed = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  schedule(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), this.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      await this.job();
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    }
  }
}
