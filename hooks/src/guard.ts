// Per-thread re-entrancy state. "busy" means the agent itself is running Java code on this thread
// (stringifying, walking the stack): nothing hooked is recorded then. "depth" counts hooked calls
// in progress on the thread, to recognise a hooked API called from inside another one. One object per
// thread holds both (and the thread's cached name and last stack selection: stack.ts); a hooked Java call
// (java-hooks.ts) looks its thread up once and works on that object.

import { Frame } from "./protocol.js";

export interface ThreadState {
  busy: boolean;
  depth: number;
  /** Transparent hooked calls in progress (java-hooks.ts: they do not count in depth). A state with a call in
   * progress (depth or open) is never dropped. */
  open: number;
  /** The thread's name as last read, and when (stack.ts: names change, thread ids are reused). */
  name: string;
  nameAt: number;
  /** The selection of this thread's last JVMTI walk (stack.ts): a hot loop's repeats find it without a lookup. */
  selection: Selection | null;
  /** record.ts's: this thread's last call folded into an open aggregate (its emitJava shortcut). */
  repeat: unknown;
}

/** Sets the thread's name (stack.ts). A renamed thread's repeat is dropped: record.ts's shortcut then needs no
 * comparison of names (a repeat is of one thread name, as its aggregate's key is). */
export function nameThread(t: ThreadState, name: string): void {
  if (name !== t.name) {
    t.name = name;
    t.repeat = null;
  }
}

/** The frames stack.ts selected from one walk's frames (`all`) for one hooked method. */
export interface Selection {
  all: Frame[];
  cls: string | null;
  method: string | null;
  frames: Frame[];
}

/** The calling thread's id: Process.getCurrentThreadId()'s (Linux's gettid), called as libc's gettid() where there is
 * one, which costs a hooked call less (the JS lock is kept across it: it only asks the kernel, it never waits). */
export const currentThreadId: () => number = (() => {
  const gettid = Process.platform === "linux" ? Module.findGlobalExportByName("gettid") : null;
  if (gettid === null) return () => Process.getCurrentThreadId();
  return new NativeFunction(gettid, "int", [], { exceptions: "propagate", scheduling: "exclusive" }) as
    unknown as () => number;
})();

const threads = new Map<number, ThreadState>();
const MAX_THREADS = 4096;

/** This thread's state, made on its first use. */
export function threadState(tid: number): ThreadState {
  let t = threads.get(tid);
  if (t === undefined) {
    if (threads.size >= MAX_THREADS) prune();
    t = { busy: false, depth: 0, open: 0, name: "", nameAt: -Infinity, selection: null, repeat: null };
    threads.set(tid, t);
  }
  return t;
}

/** Threads come and go: the states of those in no call are dropped (one in a call keeps its own by reference). */
function prune(): void {
  for (const [tid, t] of threads) {
    if (!t.busy && t.depth === 0 && t.open === 0) threads.delete(tid);
  }
}

export function isBusy(tid: number): boolean {
  const t = threads.get(tid);
  return t !== undefined && t.busy;
}

export function withBusy<T>(tid: number, fn: () => T): T {
  const t = threadState(tid);
  if (t.busy) return fn();
  t.busy = true;
  try {
    return fn();
  } finally {
    t.busy = false;
  }
}

/** Whether a hooked Java call is in progress on this thread (its implementation, or Frida's
 * bridge calling the original, is running). */
export function inHookedCall(tid: number): boolean {
  const t = threads.get(tid);
  return t !== undefined && t.depth > 0;
}
