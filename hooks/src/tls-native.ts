// In-process TLS capture in native code: SSL_write / SSL_read (and OpenSSL 3's SSL_write_ex /
// SSL_read_ex) of every libssl / BoringSSL module in the process — now and loaded later (Flutter,
// Unity, Cronet and native SDKs bring their own) — like friTap and r0capture do. The connection is
// named by SSL_get_fd's socket (local and peer address) and SNI (SSL_get_servername).
import { isBusy, withBusy } from "./guard.js";
import { tapChunk } from "./tls-java.js";
import { localAddr, peerAddr, senderStack } from "./net-send.js";
import { noteError } from "./record.js";

const SSL_MODULE = /^lib(ssl|boringssl)[\w.+-]*\.so(\.[\d.]+)?$|^libssl[\w.-]*\.dylib$/;
const TLSEXT_NAMETYPE_host_name = 0;

interface Conn {
  id: string;
  lib: string;
  local: string | null;
  peer: string | null;
  host: string | null;
  alpn: string | null;
  out: number;
  in: number;
  lastDir: string;
}

const conns = new Map<string, Conn>();
let nextId = 0;
const hooked = new Set<string>();
const inWriteEx = new Set<number>(); // SSL_write inside SSL_write_ex (OpenSSL 3 implements one with the other)

function fmt(a: { ip: string; port: number } | null): string | null {
  if (a === null) return null;
  return a.ip.includes(":") ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

function connFor(ssl: NativePointer, fns: Fns, lib: string): Conn {
  const fd = fns.getFd === null ? -1 : fns.getFd(ssl);
  const l = fd >= 0 ? localAddr(fd) : null;
  const p = fd >= 0 ? peerAddr(fd) : null;
  const key = `${ssl}:${fd}:${l?.port}:${p?.ip}:${p?.port}`;
  let c = conns.get(key);
  if (c !== undefined) return c;
  let host: string | null = null;
  if (fns.servername !== null) {
    const s = fns.servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (!s.isNull()) host = s.readUtf8String();
  }
  c = { id: `${lib}-${Process.id}-${++nextId}`, lib, local: fmt(l), peer: fmt(p), host, alpn: null, out: 0, in: 0,
        lastDir: "" };
  if (conns.size > 4096) conns.clear();
  conns.set(key, c);
  return c;
}

interface Fns {
  getFd: NativeFunction<number, [NativePointer]> | null;
  servername: NativeFunction<NativePointer, [NativePointer, number]> | null;
}

function fnOf(m: Module, name: string, ret: NativeFunctionReturnType, args: NativeFunctionArgumentType[]): any {
  const p = m.findExportByName(name);
  return p === null ? null : new NativeFunction(p, ret, args);
}

function skip(tid: number): boolean {
  return isBusy(tid) || Cloak.hasCurrentThread();
}

function hookModule(m: Module): string[] {
  if (hooked.has(m.path) || !SSL_MODULE.test(m.name)) return [];
  hooked.add(m.path);
  const fns: Fns = {
    getFd: fnOf(m, "SSL_get_fd", "int", ["pointer"]),
    servername: fnOf(m, "SSL_get_servername", "pointer", ["pointer", "int"]),
  };
  const lib = m.name;
  const done: string[] = [];
  const record = (tid: number, ctx: CpuContext, ssl: NativePointer, dir: "out" | "in", buf: NativePointer,
                  n: number, ts: number) => {
    if (n <= 0) return;
    withBusy(tid, () => {
      const c = connFor(ssl, fns, "libssl");
      c.lib = lib;
      tapChunk(c as any, dir, buf.readByteArray(n), ts, () => senderStack(ctx));
    });
  };
  for (const [name, dir, ex] of [["SSL_write", "out", false], ["SSL_read", "in", false],
                                  ["SSL_write_ex", "out", true], ["SSL_read_ex", "in", true]] as const) {
    const addr = m.findExportByName(name);
    if (addr === null) continue;
    try {
      Interceptor.attach(addr, {
        onEnter(args) {
          const tid = this.threadId;
          if (skip(tid)) return;
          if (name === "SSL_write_ex") inWriteEx.add(tid);
          else if (name === "SSL_write" && inWriteEx.has(tid)) return;
          this.pimon = { ssl: args[0], buf: args[1], num: args[2].toInt32(), out: ex ? args[3] : null, ts: Date.now() };
        },
        onLeave(retval) {
          const tid = this.threadId;
          if (name === "SSL_write_ex") inWriteEx.delete(tid);
          const st = this.pimon;
          if (st === undefined) return;
          try {
            const r = retval.toInt32();
            let n: number;
            if (ex) n = r === 1 && !st.out.isNull() ? Number(st.out.readULong()) : 0;
            else n = r;
            record(tid, this.context, st.ssl, dir, st.buf, Math.min(n, dir === "out" ? st.num : n), st.ts);
          } catch (e) {
            noteError(e);
          }
        },
      });
      done.push(`${lib}!${name}`);
    } catch (e) {
      noteError(e);
    }
  }
  return done;
}

/** Hooks every SSL library loaded now, and (Frida 17's module observer) every one loaded later. */
export function installNativeTlsTaps(onLate: (installed: string[]) => void): string[] {
  const installed: string[] = [];
  for (const m of Process.enumerateModules()) {
    try {
      installed.push(...hookModule(m));
    } catch (e) {
      noteError(e);
    }
  }
  try {
    const observe = (Process as any).attachModuleObserver;
    if (typeof observe === "function") {
      observe.call(Process, {
        onAdded(m: Module) {
          try {
            const got = hookModule(m);
            if (got.length > 0) onLate(got);
          } catch (e) {
            noteError(e);
          }
        },
      });
    }
  } catch (e) {
    noteError(e);
  }
  return installed;
}
