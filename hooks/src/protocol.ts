// Wire format of the messages this agent sends (docs/architecture.md §2). Mirrored by
// monitor/instrument/protocol.py; keep both in step and bump PROTOCOL_VERSION on breaking changes.

export const PROTOCOL_VERSION = 1;

export interface Filter {
  arg: number;
  equals?: string[];
  prefix?: string[];
  contains?: string[];
  authority?: string[];
  glob?: string[];
}

/** One catalog entry as the host passes it to init(). */
export interface CatalogEntry {
  class: string;
  method: string;
  overloads?: string[][] | null;
  filter?: Filter | null;
  category: string;
  pi?: string | null;
  sensitive?: boolean;
  /** Append the receiver (`this`, as toString() gives it) to args: the clicked view, the dialog shown. */
  self?: boolean;
}

export interface Frame {
  class: string;
  method: string;
  file: string | null;
  line: number | null;
}

export interface AgentEvent {
  seq: number;
  api: string;
  class: string;
  method: string;
  overload: string;
  category: string;
  pi: string | null;
  sensitive: boolean;
  args: string[];
  ret: string | null;
  exception?: string;
  ts: number;
  thread: string;
  stack: Frame[];
  stack_kind?: "java" | "native";
  /** An aggregate of repeats (aggregate.ts): its calls' times as [ts, n] pairs; absent = one call. */
  times?: [number, number][];
}

/** An event as sent: its stack as indices into the batch's frame table. */
export type WireEvent = Omit<AgentEvent, "stack"> & { stack: number[] };

/** The frame table of one batch: [class, method, file, line]. */
export type WireFrame = [string, string, string | null, number | null];

export interface Missing {
  class: string;
  method: string;
  reason: string;
}

export interface InitOptions {
  /** Class-name prefixes of framework code; a hooked call made directly by such code from inside
   * another hooked call is the outer API's implementation and is not recorded twice. */
  frameworkPrefixes?: string[];
  flushIntervalMs?: number;
  /** Flood aggregation (aggregate.ts): repeats sent in full per window (default 10); 0 turns it off. */
  aggregateAfter?: number;
  /** Its window in ms (default 1000). */
  aggregateWindowMs?: number;
  batchSize?: number;
  maxFrames?: number;
  maxValueLength?: number;
  native?: boolean;
  /** HotSpot: walk stacks with JVMTI (default) instead of Thread.getStackTrace(). */
  jvmti?: boolean;
  /** HotSpot, with jvmti: walk with AsyncGetCallTrace where it can, GetStackTrace otherwise (default true; jvmti.ts).
   * The host sets it false when PIMON_ASYNC_WALK=0. */
  asgct?: boolean;
  /** Hook catalog classes that app class loaders load after init (default true). */
  lateClasses?: boolean;
  /** The in-process traffic source: connect/DNS destinations and TLS taps (default true). */
  net?: boolean;
  /** TLS plaintext taps (JDK/Conscrypt streams, libssl SSL_write/SSL_read); default true with net. */
  tls?: boolean;
  /** Certificate unpinning hooks (pimon run --unpin); default false. */
  unpin?: boolean;
  /** Refuse UDP to port 443 (QUIC) so apps fall back to TCP+TLS; default false. */
  blockQuic?: boolean;
}

export function post(type: string, payload: Record<string, unknown>): void {
  send({ type, v: PROTOCOL_VERSION, ...payload });
}
