import type { DeployWindow } from '../../model/index.ts';
import type { StateStore } from '../store/index.ts';
import { StoreContentionError } from '../store/index.ts';

/**
 * Conditional writes of one window tried this often before the invocation fails (and Lambda retries it
 * later). Writers of one window come in bursts (a deployment's instance events arrive together, every
 * log group marks `seenIn`), and the core may not sleep between attempts. Every lost attempt means
 * another writer's update went in, so with N writers at once none needs more than N attempts.
 */
const MAX_WINDOW_WRITE_ATTEMPTS = 25;

/**
 * Read-merge-write of one deploy window under optimistic locking. `change` gets the caller's view of
 * the windows and returns the window to write, built from the one it read (so it carries that
 * `version`), or undefined when there is nothing to change. When another writer got there first,
 * the window is read again by id, the view updated, and `change` runs again; it must be pure.
 *
 * `windows` is the caller's view and is kept current: the stored window replaces the old one. Returns
 * the stored window, or undefined when nothing was written.
 *
 * @example
 * await writeDeployWindow(store, windows, (view) => {
 *   const w = view.find((x) => x.id === id);
 *   return w && !w.digestSent ? { ...w, digestSent: true } : undefined;
 * });
 */
export async function writeDeployWindow(
  store: StateStore,
  windows: DeployWindow[],
  change: (view: readonly DeployWindow[]) => DeployWindow | undefined,
): Promise<DeployWindow | undefined> {
  for (let attempt = 0; attempt < MAX_WINDOW_WRITE_ATTEMPTS; attempt++) {
    const next = change(windows);
    if (!next) return undefined;
    if (await store.putDeployWindow(next)) {
      const stored = { ...next, version: (next.version ?? 0) + 1 };
      replaceWindow(windows, stored);
      return stored;
    }
    // Lost the race, or the view missed a window stored under this id: read it, try again.
    await store.backoff?.(attempt + 1);
    const current = await store.getDeployWindow(next.id);
    if (current) replaceWindow(windows, current);
    else removeWindow(windows, next.id);
  }
  throw new StoreContentionError(`deploy window: conditional write lost ${MAX_WINDOW_WRITE_ATTEMPTS} times`);
}

function replaceWindow(windows: DeployWindow[], window: DeployWindow): void {
  const at = windows.findIndex((w) => w.id === window.id);
  if (at === -1) windows.push(window);
  else windows[at] = window;
}

function removeWindow(windows: DeployWindow[], id: string): void {
  const at = windows.findIndex((w) => w.id === id);
  if (at !== -1) windows.splice(at, 1);
}
