// Flood aggregation (issue 12 point 8; the store's half is monitor/store/aggregate.py). A hot loop calling the
// same API from the same stack with the same values is sent in full for its first `rawFirst` calls of a
// window of `windowMs`; the rest of the window is one aggregate: the first aggregated call's event with
// `times` = [[ts, n], ...] (n calls in millisecond ts), so counts and times stay exact. A `ui` event
// (Dialog.show, performClick: where consent answers are timed) closes every open aggregate first, so none
// spans a consent change the app itself shows; the host splits at the others (monitor/timeline/repeats.py).
import { AgentEvent, Frame } from "./protocol.js";

/** A trie of frames (by identity): each distinct stack gets one id, found with one Map lookup per frame. */
interface StackNode {
  id: number;
  next: Map<Frame, StackNode> | null;
}

/** One open aggregate (exported for the hot path's reference to it: record.ts). */
export interface Open {
  /** False once closed: a reference kept to it must not count into it any more. */
  live: boolean;
  start: number;
  seen: number;
  ev: AgentEvent | null;
  times: [number, number][];
}

interface PerStack {
  id: number;
  last: { api: string; overload: string; thread: string; args: string[]; ret: string | null; exception: string | null;
          key: string } | null;
}

/** Whether two calls' argument texts are the same (the same array, or equal item by item). */
export function sameArgs(a: string[], b: string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function part(s: string | null): string {
  return s === null ? "-" : s.length + ":" + s;
}

export class Aggregator {
  private open = new Map<string, Open>();
  private stacks: StackNode = { id: 0, next: null };
  private stackCount = 0;
  private perStack = new WeakMap<Frame[], PerStack>();
  private nextStackId = 1;  // never reused (a trie dropped for its size must not hand an old id to another stack)
  readonly counters = { aggregated: 0, aggregates: 0 };
  /** fold()'s last aggregate and its key (dropped when that aggregate closes). */
  private lastKey = "";
  private lastOpen: Open | null = null;
  /** keyOf()'s last stack and what it keeps for it. */
  private lastStack: Frame[] | null = null;
  private lastPerStack: PerStack | null = null;

  constructor(private readonly out: (ev: AgentEvent) => void, public rawFirst = 10, public windowMs = 1000,
              public maxOpen = 4096) {}

  /** The hot path of a flood, before any event is made: a call whose repeat's open aggregate already holds its
   * first aggregated call (and whose window is still open) is only counted there; true if so. Otherwise the caller
   * makes the event and offers it with this key. Never for a boundary. Returns the aggregate it counted into
   * (a caller may keep it for foldInto), null if it did not fold. */
  fold(key: string, ts: number): Open | null {
    if (this.rawFirst <= 0) return null;
    let st = this.lastOpen;
    if (st === null || this.lastKey !== key) {  // a hot loop folds into the same aggregate call after call
      st = this.open.get(key) ?? null;
      if (st === null) return null;
      this.lastKey = key;
      this.lastOpen = st;
    }
    return this.foldInto(st, ts) ? st : null;
  }

  /** fold() into an aggregate known already: counted if it is still open, holds its first aggregated call and its
   * window has not ended; true if so. */
  foldInto(st: Open, ts: number): boolean {
    const times = st.times;
    let last = times.length > 0 ? times[times.length - 1] : null;
    // a call in the millisecond of the last entry is counted there: that millisecond passed the window check
    if (last === null || last[0] !== ts) {
      const since = ts - st.start;
      if (!st.live || st.ev === null || since >= this.windowMs || -since >= this.windowMs) return false;
      last = [ts, 0];
      times.push(last);
    } else if (!st.live) {
      return false;
    }
    last[1] += 1;
    this.counters.aggregated += 1;
    return true;
  }

  /** One call: sent now (first calls, boundaries), or added to its repeat's open aggregate. `key`: its
   * keyOf(), when the caller has it already. */
  offer(ev: AgentEvent, boundary: boolean, known: string | null = null): void {
    if (boundary || this.rawFirst <= 0) {  // rawFirst 0: aggregation off
      this.closeAll();
      this.out(ev);
      return;
    }
    const key = known ?? this.key(ev);
    let st = this.open.get(key);
    if (st !== undefined && Math.abs(ev.ts - st.start) >= this.windowMs) {
      this.close(key, st);
      st = undefined;
    }
    if (st === undefined) {
      if (this.open.size >= this.maxOpen) this.closeAll();
      this.open.set(key, { live: true, start: ev.ts, seen: 1, ev: null, times: [] });
      this.out(ev);
    } else if (st.seen < this.rawFirst) {
      st.seen += 1;
      this.out(ev);
    } else {
      this.counters.aggregated += 1;
      if (st.ev === null) st.ev = ev;
      const last = st.times.length > 0 ? st.times[st.times.length - 1] : null;
      if (last !== null && last[0] === ev.ts) last[1] += 1;
      else st.times.push([ev.ts, 1]);
    }
  }

  /** Close the aggregates whose window ended before `now`; true while some are still open. */
  expire(now: number): boolean {
    for (const [key, st] of this.open) {
      if (now - st.start >= this.windowMs) this.close(key, st);
    }
    return this.open.size > 0;
  }

  closeAll(): void {
    for (const [key, st] of this.open) this.close(key, st);
  }

  pending(): number {
    return this.open.size;
  }

  private close(key: string, st: Open): void {
    this.open.delete(key);
    st.live = false;
    if (st === this.lastOpen) this.lastOpen = null;
    if (st.ev === null) return;
    const times = st.times.sort((a, b) => a[0] - b[0]);
    const ev: AgentEvent = { ...st.ev, ts: times[0][0] };
    if (times.length > 1 || times[0][1] > 1) {
      ev.times = times;
      this.counters.aggregates += 1;
    }
    this.out(ev);
  }

  /** Same api, thread, stack (frames are shared objects: stack.ts), args, ret and exception. */
  private key(ev: AgentEvent): string {
    return this.keyOf(ev.api, ev.overload, ev.thread, ev.stack, ev.args, ev.ret, ev.exception ?? null);
  }

  /** The repeat key: every part length-prefixed (injective whatever the app's strings hold; cheaper than JSON).
   * A hot loop repeats the same stack array (stack.ts) with the same values: its last key is kept with it. */
  keyOf(api: string, overload: string, thread: string, stack: Frame[], args: string[], ret: string | null,
        exception: string | null): string {
    let st = this.lastPerStack;
    if (st === null || this.lastStack !== stack) {
      st = this.perStack.get(stack) ?? null;
      if (st === null) {
        st = { id: this.walkId(stack), last: null };
        this.perStack.set(stack, st);
      }
      this.lastStack = stack;
      this.lastPerStack = st;
    }
    const last = st.last;
    if (last !== null && last.api === api && last.ret === ret && last.thread === thread && last.overload === overload &&
        last.exception === exception && sameArgs(last.args, args)) {
      return last.key;
    }
    let k = part(api) + part(overload) + part(thread) + st.id + "|" + args.length + "|";
    for (const a of args) k += part(a);
    k += part(ret) + part(exception);
    st.last = { api, overload, thread, args, ret, exception, key: k };
    return k;
  }

  private walkId(stack: Frame[]): number {
    if (this.stackCount >= 100000) {  // bounded: the frames it holds stay alive while it does
      this.stacks = { id: 0, next: null };
      this.stackCount = 0;
    }
    let node = this.stacks;
    for (const f of stack) {
      if (node.next === null) node.next = new Map();
      let child = node.next.get(f);
      if (child === undefined) {
        child = { id: this.nextStackId++, next: null };
        node.next.set(f, child);
        this.stackCount += 1;
      }
      node = child;
    }
    return node.id;
  }
}
