// Flood aggregation (issue 12 point 8; the store's half is monitor/store/aggregate.py). A hot loop calling the
// same API from the same stack with the same values is sent in full for its first `rawFirst` calls of a
// window of `windowMs`; the rest of the window is one aggregate: the first aggregated call's event with
// `times` = [[ts, n], ...] (n calls in millisecond ts), so counts and times stay exact. A `ui` event
// (Dialog.show, performClick: where consent answers are timed) closes every open aggregate first, so none
// spans a consent change the app itself shows; the host splits at the others (monitor/timeline/repeats.py).
import { AgentEvent, Frame } from "./protocol.js";

interface Open {
  start: number;
  seen: number;
  ev: AgentEvent | null;
  times: [number, number][];
}

export class Aggregator {
  private open = new Map<string, Open>();
  private frameIds = new WeakMap<Frame, number>();
  private nextFrameId = 0;
  readonly counters = { aggregated: 0, aggregates: 0 };

  constructor(private readonly out: (ev: AgentEvent) => void, public rawFirst = 10, public windowMs = 1000,
              public maxOpen = 4096) {}

  /** One call: sent now (first calls, boundaries), or added to its repeat's open aggregate. */
  offer(ev: AgentEvent, boundary: boolean): void {
    if (boundary || this.rawFirst <= 0) {  // rawFirst 0: aggregation off
      this.closeAll();
      this.out(ev);
      return;
    }
    const key = this.key(ev);
    let st = this.open.get(key);
    if (st !== undefined && Math.abs(ev.ts - st.start) >= this.windowMs) {
      this.close(key, st);
      st = undefined;
    }
    if (st === undefined) {
      if (this.open.size >= this.maxOpen) this.closeAll();
      this.open.set(key, { start: ev.ts, seen: 1, ev: null, times: [] });
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
    const ids = ev.stack.map((f) => {
      let id = this.frameIds.get(f);
      if (id === undefined) {
        id = this.nextFrameId++;
        this.frameIds.set(f, id);
      }
      return id;
    });
    return JSON.stringify([ev.api, ev.overload, ev.thread, ids, ev.args, ev.ret, ev.exception ?? null]);
  }
}
