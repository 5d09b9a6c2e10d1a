// Per-thread re-entrancy state. "busy" means the agent itself is running Java code on this thread
// (stringifying, walking the stack): nothing hooked is recorded then. "depth" counts hooked calls
// in progress on the thread, to recognise a hooked API called from inside another one.

const busy = new Set<number>();
const depth = new Map<number, number>();

export function isBusy(tid: number): boolean {
  return busy.has(tid);
}

export function withBusy<T>(tid: number, fn: () => T): T {
  if (busy.has(tid)) return fn();
  busy.add(tid);
  try {
    return fn();
  } finally {
    busy.delete(tid);
  }
}

/** withBusy without a closure, for the hot path: the caller checked isBusy(tid) is false. */
export function markBusy(tid: number): void {
  busy.add(tid);
}

export function unmarkBusy(tid: number): void {
  busy.delete(tid);
}

export function enter(tid: number): number {
  const d = depth.get(tid) ?? 0;
  depth.set(tid, d + 1);
  return d;
}

export function leave(tid: number): void {
  const d = depth.get(tid) ?? 1;
  if (d <= 1) depth.delete(tid);
  else depth.set(tid, d - 1);
}

/** Whether a hooked Java call is in progress on this thread (its implementation, or Frida's
 * bridge calling the original, is running). */
export function inHookedCall(tid: number): boolean {
  return depth.has(tid);
}

/** The number of hooked calls in progress on this thread, without entering one (for transparent hooks). */
export function currentDepth(tid: number): number {
  return depth.get(tid) ?? 0;
}
