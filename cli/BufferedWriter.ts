import type { Writable } from 'node:stream';

/**
 * Collects small writes into 64 KiB blocks and respects back-pressure, so printing one record per
 * entry of a multi-GB file neither makes millions of syscalls nor buffers the output in memory.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  private blocked: Promise<void> | undefined;

  constructor(
    private readonly target: Writable,
    private readonly blockSize = 64 * 1024,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.blockSize) this.flushBlock();
  }

  /** Resolves when the target has room again; call between input chunks. */
  async drain(): Promise<void> {
    if (this.blocked) await this.blocked;
  }

  async flush(): Promise<void> {
    this.flushBlock();
    await this.drain();
  }

  private flushBlock(): void {
    if (this.parts.length === 0) return;
    const ok = this.target.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    if (!ok && !this.blocked) {
      this.blocked = new Promise((resolve) =>
        this.target.once('drain', () => {
          this.blocked = undefined;
          resolve();
        }),
      );
    }
  }
}
