// Event batching: events are queued and sent as one `events:add` message every flushIntervalMs or
// as soon as batchSize events are waiting, so a hot loop does not produce one message per call.
import { Aggregator, Open } from "./aggregate.js";
import { AgentEvent, Frame, post, WireEvent, WireFrame } from "./protocol.js";

let pending: AgentEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let intervalMs = 50;
let batchSize = 200;
let seq = 0;
let expiring = false;
export const counters = { events: 0, batches: 0 };
/** The agent's one Aggregator (record.ts's hot path calls its foldInto directly). */
export const aggregator = new Aggregator(push);
export const aggregation = aggregator.counters;

export function configure(flushIntervalMs: number, size: number, rawFirst = 10, windowMs = 1000): void {
  intervalMs = flushIntervalMs;
  batchSize = size;
  aggregator.rawFirst = rawFirst;
  aggregator.windowMs = windowMs;
}

/** One recorded call: sent, or folded into its repeats' aggregate (aggregate.ts). `boundary`: a `ui` event;
 * `key`: its repeat key, when the caller tried fold() with it. */
export function offer(ev: AgentEvent, boundary: boolean, key: string | null = null): void {
  aggregator.offer(ev, boundary, key);
  if (timer === null && aggregator.pending() > 0) timer = setTimeout(flush, intervalMs);
}

/** A repeat of a call whose aggregate is open (aggregate.ts fold): counted there, no event made; that aggregate
 * if so, else null. */
export function fold(key: string, ts: number): Open | null {
  return aggregator.fold(key, ts);
}

export function repeatKey(api: string, overload: string, thread: string, stack: Frame[], args: string[],
                          ret: string | null, exception: string | null): string {
  return aggregator.keyOf(api, overload, thread, stack, args, ret, exception);
}

/** Everything, open aggregates too (the host's flush() at the end of a run). */
export function flushAll(): number {
  aggregator.closeAll();
  return flush();
}

export function nextSeq(): number {
  seq += 1;
  return seq;
}

export function push(ev: AgentEvent): void {
  pending.push(ev);
  counters.events += 1;
  if (pending.length >= batchSize && !expiring) {
    flush();
  } else if (timer === null) {
    timer = setTimeout(flush, intervalMs);
  }
}

export function flush(): number {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  expiring = true;
  try {
    if (aggregator.expire(Date.now())) timer = setTimeout(flush, intervalMs);  // re-armed while some are open
  } finally {
    expiring = false;
  }
  if (pending.length === 0) return 0;
  const batch = pending;
  pending = [];
  counters.batches += 1;
  post("events:add", encode(batch));
  return batch.length;
}

export function queued(): number {
  return pending.length;
}

/** A batch on the wire: each distinct frame once, in `frames`; stacks as indices into it. Frames are
 * shared objects (see stack.ts / jvmti.ts), so identity finds the repeats of a hot loop. */
export function encode(batch: AgentEvent[]): { frames: WireFrame[]; events: WireEvent[] } {
  const index = new Map<Frame, number>();
  const frames: WireFrame[] = [];
  const events: WireEvent[] = [];
  for (const ev of batch) {
    const stack: number[] = [];
    for (const f of ev.stack) {
      let i = index.get(f);
      if (i === undefined) {
        i = frames.length;
        frames.push([f.class, f.method, f.file, f.line]);
        index.set(f, i);
      }
      stack.push(i);
    }
    events.push({ ...ev, stack });
  }
  return { frames, events };
}
