// Building one event and handing it to the batch queue; shared by the Java and native hooks.
import { AgentEvent, CatalogEntry, Frame } from "./protocol.js";
import { foldCall, nextSeq, offer } from "./queue.js";

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

/** `api`: apiOf(entry), which a hook can hold from its install. */
export function emit(
  entry: CatalogEntry, api: string, overload: string, args: string[], ret: string | null, exception: string | null,
  ts: number, thread: string, stack: Frame[], stackKind: "java" | "native",
): void {
  const seq = nextSeq();
  const boundary = entry.category === "ui";
  let key: string | null = null;
  if (!boundary) {  // a flood's repeat: counted in its open aggregate before any event object is made
    key = foldCall(api, overload, thread, stack, args, ret, exception, ts);
    if (key === null) return;
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
}

export function noteError(e: unknown): void {
  stats.recordErrors += 1;
  stats.lastError = String(e instanceof Error ? e.stack ?? e.message : e);
}
