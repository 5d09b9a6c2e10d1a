// Building one event and handing it to the batch queue; shared by the Java and native hooks.
import { AgentEvent, CatalogEntry, Frame } from "./protocol.js";
import { fold, nextSeq, offer, repeatKey } from "./queue.js";

export const stats = { nestedSkipped: 0, recordErrors: 0, lastError: "" };
const apis = new WeakMap<CatalogEntry, string>();

export function emit(
  entry: CatalogEntry, overload: string, args: string[], ret: string | null, exception: string | null,
  ts: number, thread: string, stack: Frame[], stackKind: "java" | "native",
): void {
  let api = apis.get(entry);
  if (api === undefined) {
    api = entry.class + "." + entry.method;
    apis.set(entry, api);
  }
  const seq = nextSeq();
  const boundary = entry.category === "ui";
  let key: string | null = null;
  if (!boundary) {  // a flood's repeat: counted in its open aggregate before any event object is made
    key = repeatKey(api, overload, thread, stack, args, ret, exception);
    if (fold(key, ts)) return;
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
