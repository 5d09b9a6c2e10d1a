// Building one event and handing it to the batch queue; shared by the Java and native hooks.
import { Open, sameArgs } from "./aggregate.js";
import { ThreadState } from "./guard.js";
import { AgentEvent, CatalogEntry, Frame } from "./protocol.js";
import { aggregator, fold, nextSeq, offer, repeatKey } from "./queue.js";

export const stats = { nestedSkipped: 0, recordErrors: 0, lastError: "" };
const apis = new WeakMap<CatalogEntry, string>();

/** "class.method" of an entry (made once per entry). */
export function apiOf(entry: CatalogEntry): string {
  let api = apis.get(entry);
  if (api === undefined) {
    api = entry.class + "." + entry.method;
    apis.set(entry, api);
  }
  return api;
}

/** What the events of one hooked overload and catalog entry share (java-hooks.ts makes them at install). */
export interface Site {
  entry: CatalogEntry;
  api: string;
  overload: string;
}

/** A thread's last call that was folded into an open aggregate (ThreadState.repeat). */
interface Repeat {
  site: Site;
  stack: Frame[];
  args: string[];
  ret: string | null;
  open: Open;
}

/** emit() for a Java hook's call that returned (no exception), with the hot loop's shortcut: a call equal to its
 * thread's last folded one (same site, stack array, args, return value and thread name: the same repeat key) is
 * counted straight into that aggregate while it is open. Anything else goes through emit(): the same outcome. */
export function emitJava(site: Site, t: ThreadState, args: string[], ret: string | null, ts: number,
  stack: Frame[]): void {
  const r = t.repeat as Repeat | null;
  // (a renamed thread has no repeat: guard.ts nameThread)
  if (r !== null && r.stack === stack && r.site === site && r.ret === ret &&
      (r.args === args || sameArgs(r.args, args)) && aggregator.foldInto(r.open, ts)) {
    nextSeq();
    return;
  }
  const open = emit(site.entry, site.api, site.overload, args, ret, null, ts, t.name, stack, "java");
  t.repeat = open === null ? null : { site, stack, args, ret, open };
}

/** One call: sent, or folded into its repeats' open aggregate, which is returned then (null otherwise).
 * `api`: apiOf(entry), which a hook can hold from its install. */
export function emit(
  entry: CatalogEntry, api: string, overload: string, args: string[], ret: string | null, exception: string | null,
  ts: number, thread: string, stack: Frame[], stackKind: "java" | "native",
): Open | null {
  const seq = nextSeq();
  const boundary = entry.category === "ui";
  let key: string | null = null;
  if (!boundary) {  // a flood's repeat: counted in its open aggregate before any event object is made
    key = repeatKey(api, overload, thread, stack, args, ret, exception);
    const open = fold(key, ts);
    if (open !== null) return open;
  }
  const ev: AgentEvent = {
    seq,
    api,
    class: entry.class,
    method: entry.method,
    overload,
    category: entry.category,
    pi: entry.pi ?? null,
    sensitive: entry.sensitive === true,
    args,
    ret,
    ts,
    thread,
    stack,
  };
  if (exception !== null) ev.exception = exception;
  if (stackKind !== "java") ev.stack_kind = stackKind;
  offer(ev, boundary, key);
  return null;
}

export function noteError(e: unknown): void {
  stats.recordErrors += 1;
  stats.lastError = String(e instanceof Error ? e.stack ?? e.message : e);
}
