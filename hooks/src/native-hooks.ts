// Native access paths (category "native"): libc calls that bypass the Java APIs — file opens of
// /sys and /proc fingerprinting paths, system properties, shell commands. Catalog entries with
// class "libc" drive it; the first argument of every event is the path / property / command.
// execve is deliberately not hooked: it runs in the child after fork/vfork, where the agent can't.
import Java from "frida-java-bridge";
import { compile, Matcher } from "./filters.js";
import { inHookedCall, isBusy, withBusy } from "./guard.js";
import { hookedFrames } from "./java-hooks.js";
import { CatalogEntry, Frame, Missing } from "./protocol.js";
import { apiOf, emit, noteError } from "./record.js";
import { currentStack } from "./stack.js";
import { truncate } from "./values.js";

type Kind = "path" | "prop" | "argv" | "command";

interface Spec {
  symbols: string[];
  arg: number;
  kind: Kind;
}

const SPECS: Record<string, Spec> = {
  open: { symbols: ["open", "open64", "__open_2", "__open64_2"], arg: 0, kind: "path" },
  openat: { symbols: ["openat", "openat64", "__openat_2", "__openat64_2"], arg: 1, kind: "path" },
  fopen: { symbols: ["fopen", "fopen64"], arg: 0, kind: "path" },
  // existence checks: root and Frida probes (category "detection") stat or access su, Magisk, frida-server
  access: { symbols: ["access"], arg: 0, kind: "path" },
  faccessat: { symbols: ["faccessat"], arg: 1, kind: "path" },
  stat: { symbols: ["stat", "stat64", "lstat", "lstat64"], arg: 0, kind: "path" },
  __system_property_get: { symbols: ["__system_property_get"], arg: 0, kind: "prop" },
  popen: { symbols: ["popen"], arg: 0, kind: "command" },
  system: { symbols: ["system"], arg: 0, kind: "command" },
  // int posix_spawn(pid_t*, const char* path, const posix_spawn_file_actions_t*, const posix_spawnattr_t*, char* const argv[], char* const envp[])
  posix_spawn: { symbols: ["posix_spawn"], arg: 4, kind: "argv" },
  posix_spawnp: { symbols: ["posix_spawnp"], arg: 4, kind: "argv" },
};

interface Compiled {
  entry: CatalogEntry;
  matches: Matcher;
}

function readArgv(p: NativePointer): string {
  const parts: string[] = [];
  for (let i = 0; i < 64; i++) {
    const s = p.add(i * Process.pointerSize).readPointer();
    if (s.isNull()) break;
    parts.push(s.readUtf8String() ?? "");
  }
  return parts.join(" ");
}

function readArg(spec: Spec, args: InvocationArguments): string {
  const p = args[spec.arg];
  if (p.isNull()) return "";
  return spec.kind === "argv" ? readArgv(p) : p.readUtf8String() ?? "";
}

function nativeBacktrace(ctx: CpuContext): Frame[] {
  return Thread.backtrace(ctx, Backtracer.ACCURATE).slice(0, 32).map((addr) => {
    const sym = DebugSymbol.fromAddress(addr);
    return { class: sym.moduleName ?? "?", method: sym.name ?? addr.toString(), file: sym.fileName || null, line: sym.lineNumber || null };
  });
}

function stackFor(ctx: CpuContext): [Frame[], string, "java" | "native"] {
  try {
    if (Java.available && Java.vm.tryGetEnv() !== null) {
      const [frames, thread] = currentStack(null, null);
      return [frames, thread, "java"];
    }
  } catch (e) {
    noteError(e);
  }
  return [nativeBacktrace(ctx), "", "native"];
}

function retString(spec: Spec, method: string, retval: InvocationReturnValue, valueBuf: NativePointer | null): string {
  if (spec.kind === "prop" && valueBuf !== null) return truncate(valueBuf.readUtf8String() ?? "");
  if (method === "fopen" || method === "popen") return retval.isNull() ? "null" : "FILE*";
  return String(retval.toInt32());
}

/** HotSpot's VMError::_first_error_tid: -1, or the thread reporting the JVM's fatal error. That thread writes the
 * crash log (hs_err_pid<N>.log) with the JVM's own reads of /proc/self/status, maps and more: not the app's, and,
 * recorded, they made a JVM crash look like an app that probed for instrumentation and quit. Null: not HotSpot, or
 * a bridge without pimon's patch (hooks/patches: the bridge resolves it with the JVM's other symbols, where a lookup
 * of our own would cost the run's start ~20 ms). */
let hotspotErrorTid: NativePointer | null = null;

function resolveHotspotErrorTid(): void {
  try {
    const api = Java.available ? (Java as any).api : null;
    hotspotErrorTid = api?.flavor === "jvm" && api.firstErrorTid instanceof NativePointer ? api.firstErrorTid : null;
  } catch (_) {
    hotspotErrorTid = null;
  }
}

/** True while the JVM is dying of a fatal error (HotSpot): nothing a thread reads then is the app's doing. */
function jvmDying(): boolean {
  return hotspotErrorTid !== null && hotspotErrorTid.readS64().toNumber() !== -1;
}

/** Installs Interceptor hooks for the catalog's libc entries; returns how many entries are in place. */
export function installNativeHooks(entries: CatalogEntry[], missing: (m: Missing) => void): number {
  resolveHotspotErrorTid();
  const byMethod = new Map<string, Compiled[]>();
  for (const entry of entries) {
    const list = byMethod.get(entry.method) ?? [];
    list.push({ entry, matches: compile(entry.filter) });
    byMethod.set(entry.method, list);
  }
  const seen = new Set<string>();
  let installed = 0;
  for (const [method, group] of byMethod) {
    const spec = SPECS[method];
    if (spec === undefined) {
      for (const c of group) missing({ class: "libc", method, reason: "unsupported native function" });
      continue;
    }
    let hooked = 0;
    for (const sym of spec.symbols) {
      const addr = Module.findGlobalExportByName(sym);
      if (addr === null || seen.has(addr.toString())) continue; // open64 is open in glibc: hook once
      seen.add(addr.toString());
      try {
        Interceptor.attach(addr, {
          onEnter(args) {
            const tid = this.threadId;
            // not the agent's own work, Frida's threads, nor the inside of a recorded Java API call
            if (isBusy(tid) || inHookedCall(tid) || Cloak.hasCurrentThread()) return;
            try {
              const value = readArg(spec, args);
              const hit = group.find((c) => c.matches([value]));
              if (hit === undefined || jvmDying()) return;
              this.pimonHit = hit;
              this.pimonValue = value;
              this.pimonTs = Date.now();
              this.pimonBuf = spec.kind === "prop" ? args[1] : null;
            } catch (e) {
              noteError(e);
            }
          },
          onLeave(retval) {
            const hit: Compiled | undefined = this.pimonHit;
            if (hit === undefined) return;
            const tid = this.threadId;
            const ctx = this.context;
            try {
              withBusy(tid, () => {
                const [stack, thread, kind] = stackFor(ctx);
                // Frida's bridge entering a hooked method (the replacement, a native frame) reads files
                // of its own before our hook runs: not the app's.
                if (kind === "java" && stack.length > 0 && stack[0].line === -2 &&
                    hookedFrames.has(stack[0].class + "." + stack[0].method)) return;
                const ret = retString(spec, method, retval, this.pimonBuf);
                emit(hit.entry, apiOf(hit.entry), sym, [truncate(this.pimonValue)], ret, null, this.pimonTs, thread, stack, kind);
              });
            } catch (e) {
              noteError(e);
            }
          },
        });
        hooked += 1;
      } catch (e) {
        for (const c of group) missing({ class: "libc", method, reason: `cannot hook ${sym}: ${e}` });
      }
    }
    if (hooked > 0) installed += group.length;
    else for (const c of group) missing({ class: "libc", method, reason: "symbol absent" });
  }
  return installed;
}
