// pimon's Frida agent. The host loads it, calls init(catalog, options) and waits for agent:ready.
// Message types and RPC: docs/architecture.md §2.
import Java from "frida-java-bridge";
import { configure as configureGuardedJava, dropPending, hookPendingInLoaders, installJavaHooks, reportPending } from "./src/java-hooks.js";
import { installNativeHooks } from "./src/native-hooks.js";
import { CatalogEntry, InitOptions, Missing, post, PROTOCOL_VERSION } from "./src/protocol.js";
import { aggregation, configure as configureQueue, counters, flushAll, queued } from "./src/queue.js";
import { stats as recordStats } from "./src/record.js";
import { configure as configureStack, stackSource } from "./src/stack.js";
import { asyncWalks, walkKind, walkSetupError } from "./src/jvmti.js";
import { toStringKind } from "./src/jni.js";
import { configure as configureValues } from "./src/values.js";
import { installJavaNetHooks, installNetHooks, NetStatus } from "./src/net.js";
import { initSockets, netCounters, postNet } from "./src/net-send.js";
import { installJavaTlsTaps } from "./src/tls-java.js";
import { installNativeTlsTaps } from "./src/tls-native.js";
import { installUnpinning, retryUnpinning } from "./src/unpin.js";

const DEFAULT_FRAMEWORK = [
  "android.", "androidx.", "java.", "javax.", "kotlin.", "dalvik.", "com.android.", "sun.", "jdk.",
  "com.pimon.emulator.",
];

let installed = 0;
let missingCount = 0;
let initialised = false;

function runtimeName(): string {
  if (!Java.available) return "none";
  const flavor = (Java as any).api?.flavor;
  return flavor === "jvm" ? "jvm" : flavor === "art" ? "art" : String(flavor ?? "unknown");
}

/** frida-java-bridge applies method replacements on HotSpot in a Script.nextTick() (a VM operation);
 * a tick queued after the installs runs after them, so ready is only sent once hooks are live. */
function afterPendingTicks(): Promise<void> {
  return new Promise((resolve) => Script.nextTick(() => Script.nextTick(resolve)));
}

async function init(catalog: CatalogEntry[], options: InitOptions = {}): Promise<{ hooks: number; missing: number }> {
  if (initialised) throw new Error("init() called twice");
  initialised = true;
  configureQueue(options.flushIntervalMs ?? 50, options.batchSize ?? 200, options.aggregateAfter ?? 10,
                 options.aggregateWindowMs ?? 1000);
  configureValues(options.maxValueLength ?? 512);
  configureGuardedJava(options.frameworkPrefixes ?? DEFAULT_FRAMEWORK);
  const missing: Missing[] = [];
  const seen = new Set<string>();
  const report = (m: Missing) => {
    const key = m.class + "." + m.method;
    if (seen.has(key)) return;
    seen.add(key);
    missing.push(m);
  };
  const javaEntries = catalog.filter((e) => e.class !== "libc");
  const nativeEntries = catalog.filter((e) => e.class === "libc");
  let hooks = 0;
  const runtime = runtimeName();
  // The in-process traffic source (net:* messages): destinations, TLS plaintext, unpinning.
  const net = options.net !== false;
  initSockets();
  const netStatus: NetStatus & { tls: string[]; unpin: { installed: string[]; absent: string[] } | null } = {
    connect: false, dns: [], quic_blocked: false, tls: [], unpin: null,
  };
  if (Java.available) {
    const onLate = options.lateClasses === false ? null : (cls: string, method: string, entries: number) => {
      installed += entries;
      post("hook:installed", { class: cls, method, late: true });
    };
    // Now, while a spawned process is still paused: framework classes (the boot class path), and app
    // classes a loader already holds (HotSpot: an SDK loaded before attach).
    Java.performNow(() => {
      configureStack(options.maxFrames ?? 32, options.jvmti !== false, options.asgct !== false);
      hooks += installJavaHooks(javaEntries, report, onLate);
      if (onLate !== null) hooks += hookPendingInLoaders(false);
      if (net) {
        installJavaNetHooks(netStatus);
        if (options.tls !== false) netStatus.tls.push(...installJavaTlsTaps());
      }
      if (options.unpin === true) netStatus.unpin = installUnpinning();
    });
    reportPending(report);
    if (onLate === null) dropPending();
    else if (runtime === "art") {
      // ART: the app's class loader only exists once the process runs (bindApplication); the bridge's
      // Java.perform waits for it, before Application.onCreate. Classes found then are hooked late.
      Java.perform(() => {
        hookPendingInLoaders(true);
        // app-bundled pinners (OkHttp in the app's dex) are only visible through the app's loader
        if (netStatus.unpin !== null) retryUnpinning(netStatus.unpin);
      });
    }
  } else {
    for (const e of javaEntries) report({ class: e.class, method: e.method, reason: "no Java runtime in process" });
  }
  await afterPendingTicks(); // Java hooks live; and the VM operation's own file reads are over
  if (options.native !== false) hooks += installNativeHooks(nativeEntries, report);
  if (net) {
    const n = installNetHooks(options.blockQuic === true);
    netStatus.connect = n.connect;
    netStatus.quic_blocked = n.quic_blocked;
    netStatus.dns.push(...n.dns);
    if (options.tls !== false) {
      netStatus.tls.push(...installNativeTlsTaps((got) => postNet("net:tap", { tls: got, late: true })));
    }
  }
  postNet("net:status", { ...netStatus });
  installed += hooks;
  missingCount = missing.length;
  post("agent:ready", { hooks, missing, runtime });
  return { hooks, missing: missing.length };
}

function reportError(name: string, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  post("agent:error", { message: `${name}: ${err.message}`, stack: err.stack ?? "" });
}

function guarded<A extends unknown[], R>(name: string, fn: (...a: A) => R): (...a: A) => R {
  return (...a: A): R => {
    try {
      const out = fn(...a);
      if (out instanceof Promise) out.catch((e) => reportError(name, e));
      return out;
    } catch (e) {
      reportError(name, e);
      throw e;
    }
  };
}

/** pimon selftest's late-loader row (ART only): make a PathClassLoader over ``path`` now, as packers and
 * plugin frameworks do after start; the BaseDexClassLoader hook must see it constructed and hook the
 * pending classes it has. Returns the loader's class. */
function makeLoader(path: string): string {
  if ((Java as any).api?.flavor === "jvm") throw new Error("makeLoader: ART only");
  Java.performNow(() => {
    const ClassLoader = Java.use("java.lang.ClassLoader");
    Java.use("dalvik.system.PathClassLoader").$new(path, ClassLoader.getSystemClassLoader().getParent());
  });
  return "dalvik.system.PathClassLoader";
}

rpc.exports = {
  init: guarded("init", init),
  flush: guarded("flush", () => flushAll()),
  makeLoader: (path: string) => makeLoader(path),
  stats: () => ({
    v: PROTOCOL_VERSION,
    hooks: installed,
    missing: missingCount,
    events: counters.events,
    batches: counters.batches,
    aggregated: aggregation.aggregated,  // calls sent inside aggregates (not as events of their own)
    aggregates: aggregation.aggregates,
    queued: queued(),
    nested_skipped: recordStats.nestedSkipped,
    stack_source: stackSource(),
    stack_walk: walkKind(),  // HotSpot: "c" = a repeated stack is recognised natively (jvmti.ts)
    stack_walk_error: walkSetupError(),
    async_walks: asyncWalks(),  // HotSpot: walks by AsyncGetCallTrace, and those it left to JVMTI (jvmti.ts)
    to_string: toStringKind(),  // "c" = an object argument's toString() in one native call (jni.ts)
    record_errors: recordStats.recordErrors,
    last_error: recordStats.lastError,
    net: { ...netCounters },
  }),
};
