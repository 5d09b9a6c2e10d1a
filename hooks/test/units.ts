// Test entry (not shipped): exposes the agent's pure functions over RPC so that tests/hooks can
// check them in a Frida runtime without a Java VM.
import { compile } from "../src/filters.js";
import { Filter } from "../src/protocol.js";
import { Aggregator } from "../src/aggregate.js";
import { isBusy, nameThread, threadState } from "../src/guard.js";
import { configure as configureQueue, encode, flushAll } from "../src/queue.js";
import { emit, emitJava, Site } from "../src/record.js";
import { framesFromText, parseFrame, setMaxFrames } from "../src/stack.js";
import { lambdaProxy } from "../src/jvmti.js";
import { configure as configureValues, stringify, typeName } from "../src/values.js";

rpc.exports = {
  lambdaProxy: (cls: string) => lambdaProxy(cls),
  parseFrame: (text: string) => parseFrame(text),
  framesFromText: (text: string, cls: string | null, method: string | null, max: number) => {
    setMaxFrames(max);
    return framesFromText(text, cls, method);
  },
  filterMatches: (filter: Filter | null, args: string[]) => compile(filter)(args),
  typeName: (name: string) => typeName(name),
  stringify: (value: unknown, type: string, max: number) => {
    configureValues(max);
    return stringify(value, type);
  },
  encode: (batch: any[]) => encode(batch),
  /** guard.ts with `n` threads' states made (its bound is 4096): a thread in a hooked call (open or depth) or busy
   * keeps the same state; an idle one's is made again. */
  threadStates: (n: number) => {
    const inCall = threadState(-1);
    inCall.open = 1;
    const nested = threadState(-2);
    nested.depth = 1;
    const busy = threadState(-3);
    busy.busy = true;
    const idle = threadState(-4);
    for (let i = 0; i < n; i++) threadState(1000000 + i);
    return { inCall: threadState(-1) === inCall, nested: threadState(-2) === nested, busy: isBusy(-3),
             idle: threadState(-4) === idle };
  },
  /** Feed events (shared frame objects per distinct stack, as stack.ts makes them) through an Aggregator;
   * `boundaryAt`: indices of `ui` events; returns what it sends, open aggregates closed at the end. */
  aggregate: (events: any[], rawFirst: number, windowMs: number, boundaryAt: number[]) => {
    const sent: any[] = [];
    const agg = new Aggregator((ev) => sent.push(ev), rawFirst, windowMs);
    const frames = new Map<string, any>();
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      const stack = ev.stack.map((f: any) => {
        const k = JSON.stringify(f);
        if (!frames.has(k)) frames.set(k, f);
        return frames.get(k);
      });
      agg.offer({ ...ev, stack }, boundaryAt.includes(i));
    }
    agg.closeAll();
    return sent;
  },
  /** The same through what a Java hook calls (record.ts emitJava, its shortcut for a thread's repeats; emit for
   * `ui` events) and the agent's own queue, which posts the events (`events:add` messages); returns how many. */
  aggregateJava: (events: any[], rawFirst: number, windowMs: number, boundaryAt: number[]) => {
    configureQueue(1e9, 1e9, rawFirst, windowMs);
    const stacks = new Map<string, any[]>();
    const sites = new Map<string, Site>();
    const states = new Map<string, any>();
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      const k = JSON.stringify(ev.stack);
      if (!stacks.has(k)) stacks.set(k, ev.stack);
      const stack = stacks.get(k)!;
      const tk = ev.tid ?? ev.thread;  // a thread's state, by its id when the event gives one (a renamed thread)
      if (!states.has(tk)) states.set(tk, { ...threadState(-100 - states.size) });
      const t = states.get(tk);
      nameThread(t, ev.thread);  // as stackOf() reads it
      const sk = ev.api + "|" + ev.overload;
      if (!sites.has(sk)) {
        const dot = ev.api.lastIndexOf(".");
        sites.set(sk, { entry: { class: ev.api.substring(0, dot), method: ev.api.substring(dot + 1), category: "device-id" },
                        api: ev.api, overload: ev.overload });
      }
      const site = sites.get(sk)!;
      if (boundaryAt.includes(i)) {
        emit({ ...site.entry, category: "ui" }, ev.api, ev.overload, ev.args, ev.ret, null, ev.ts, ev.thread, stack, "java");
      } else {
        emitJava(site, t, ev.args, ev.ret, ev.ts, stack);
      }
    }
    return flushAll();
  },
  /** The same through the agent's hot path (record.ts emit): one array per distinct stack, as a repeated walk
   * hands back (stack.ts), the key first, a repeat folded into its open aggregate before an event is made. */
  aggregateHot: (events: any[], rawFirst: number, windowMs: number, boundaryAt: number[]) => {
    const sent: any[] = [];
    const agg = new Aggregator((ev) => sent.push(ev), rawFirst, windowMs);
    const stacks = new Map<string, any[]>();
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      const k = JSON.stringify(ev.stack);
      if (!stacks.has(k)) stacks.set(k, ev.stack);
      const stack = stacks.get(k)!;
      const boundary = boundaryAt.includes(i);
      let key: string | null = null;
      if (!boundary) {
        key = agg.keyOf(ev.api, ev.overload, ev.thread, stack, ev.args, ev.ret, ev.exception ?? null);
        if (agg.fold(key, ev.ts)) continue;
      }
      agg.offer({ ...ev, stack }, boundary, key);
    }
    agg.closeAll();
    return sent;
  },
};
