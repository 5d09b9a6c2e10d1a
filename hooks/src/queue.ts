// Event batching: events are queued and sent as one `events:add` message every flushIntervalMs or
// as soon as batchSize events are waiting, so a hot loop does not produce one message per call.
import { AgentEvent, post } from "./protocol.js";

let pending: AgentEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let intervalMs = 50;
let batchSize = 200;
let seq = 0;
export const counters = { events: 0, batches: 0 };

export function configure(flushIntervalMs: number, size: number): void {
  intervalMs = flushIntervalMs;
  batchSize = size;
}

export function nextSeq(): number {
  seq += 1;
  return seq;
}

export function push(ev: AgentEvent): void {
  pending.push(ev);
  counters.events += 1;
  if (pending.length >= batchSize) {
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
  if (pending.length === 0) return 0;
  const batch = pending;
  pending = [];
  counters.batches += 1;
  post("events:add", { events: batch });
  return batch.length;
}

export function queued(): number {
  return pending.length;
}
