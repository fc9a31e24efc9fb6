/**
 * A wait that ends early when woken. A wake while nobody waits is kept for the next wait, so rows
 * committed while the relay was busy are not left for the next poll.
 */
export class WakeSignal {
  private pending = false;
  private readonly wakers = new Set<() => void>();

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wake(): void {
    if (this.wakers.size === 0) this.pending = true;
    for (const waker of [...this.wakers]) waker();
  }
}
