// In-process TLS capture in Java: the plaintext an app writes to / reads from a TLS socket, taken at
// the TLS library's application-data streams, with the stack of the code that wrote it (r0capture's
// idea, on the streams each runtime really uses). HotSpot (pimon's emulator): the JDK's
// sun.security.ssl.SSLSocketImpl$AppOutputStream / $AppInputStream. ART: Conscrypt's socket streams
// (platform com.android.org.conscrypt and app-bundled org.conscrypt), and NativeCrypto.SSL_write /
// SSL_read for sockets that write through it directly. Whatever the process has is hooked; the rest is
// reported as absent in net:status.
import Java from "frida-java-bridge";
import { isBusy, withBusy } from "./guard.js";
import { hookedFrames } from "./java-hooks.js";
import { localAddr, netCounters, peerAddr, postNet, senderStack } from "./net-send.js";
import { noteError } from "./record.js";

export const MAX_OUT_PER_CONN = 1 << 20;
export const MAX_IN_PER_CONN = 64 << 10;

interface StreamTap {
  cls: string;
  method: "write" | "read";
  dir: "out" | "in";
  lib: string;
}

const STREAM_TAPS: StreamTap[] = [
  { cls: "sun.security.ssl.SSLSocketImpl$AppOutputStream", method: "write", dir: "out", lib: "jdk" },
  { cls: "sun.security.ssl.SSLSocketImpl$AppInputStream", method: "read", dir: "in", lib: "jdk" },
];
for (const pkg of ["com.android.org.conscrypt", "org.conscrypt"]) {
  for (const sock of ["ConscryptFileDescriptorSocket", "ConscryptEngineSocket"]) {
    STREAM_TAPS.push({ cls: `${pkg}.${sock}$SSLOutputStream`, method: "write", dir: "out", lib: "conscrypt" });
    STREAM_TAPS.push({ cls: `${pkg}.${sock}$SSLInputStream`, method: "read", dir: "in", lib: "conscrypt" });
  }
}

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
const inTap = new Set<number>(); // threads inside a stream tap: NativeCrypto below it is the same data
let identityHashCode: ((o: any) => number) | null = null;
let nextId = 0;

function fmt(ip: string | null, port: number | null): string | null {
  if (ip === null || port === null || port < 0) return null;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function str(v: any): string | null {
  return v === null || v === undefined ? null : String(v);
}

function tryCall<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (_) {
    return null;
  }
}

/** The connection of a Java TLS socket: cached by identity hash and local port. */
function connOfSocket(sock: any, lib: string): Conn {
  const hash = identityHashCode!(sock);
  const lport = tryCall(() => sock.getLocalPort() as number);
  const key = `${lib}:${hash}:${lport}`;
  let c = conns.get(key);
  if (c !== undefined) return c;
  const local = fmt(tryCall(() => str(sock.getLocalAddress().getHostAddress())), lport);
  const peer = fmt(tryCall(() => str(sock.getInetAddress().getHostAddress())), tryCall(() => sock.getPort() as number));
  const host = tryCall(() => str(sock.getSession().getPeerHost()));
  const alpn = tryCall(() => str(sock.getApplicationProtocol()));
  c = { id: `${lib}-${Process.id}-${++nextId}`, lib, local, peer, host, alpn: alpn || null, out: 0, in: 0, lastDir: "" };
  if (conns.size > 4096) conns.clear();
  conns.set(key, c);
  return c;
}

function connOfFd(fd: number, lib: string): Conn {
  const l = localAddr(fd);
  const p = peerAddr(fd);
  const key = `${lib}:fd${fd}:${l?.port}:${p?.ip}:${p?.port}`;
  let c = conns.get(key);
  if (c !== undefined) return c;
  c = { id: `${lib}-${Process.id}-${++nextId}`, lib, local: l ? fmt(l.ip, l.port) : null,
        peer: p ? fmt(p.ip, p.port) : null, host: null, alpn: null, out: 0, in: 0, lastDir: "" };
  if (conns.size > 4096) conns.clear();
  conns.set(key, c);
  return c;
}

function bytesOf(arr: any, off: number, len: number): ArrayBuffer | null {
  if (len <= 0) return null;
  const handle = arr?.$h;
  if (handle instanceof NativePointer) {
    const buf = Memory.alloc(len);
    const env: any = Java.vm.getEnv();
    env.getByteArrayRegion(handle, off, len, buf);
    return buf.readByteArray(len);
  }
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = arr[off + i] & 0xff;
  return out.buffer;
}

/** Sends one chunk of plaintext of a connection; the stack goes with the first chunk of each request
 * (an outgoing chunk after nothing or after incoming data). */
export function tapChunk(c: Conn, dir: "out" | "in", data: ArrayBuffer | null, ts: number,
                         stackOf: () => ReturnType<typeof senderStack>): void {
  if (data === null || data.byteLength === 0) return;
  const cap = dir === "out" ? MAX_OUT_PER_CONN : MAX_IN_PER_CONN;
  const used = dir === "out" ? c.out : c.in;
  if (used >= cap) {
    netCounters.dropped += data.byteLength;
    return;
  }
  const chunk = used + data.byteLength > cap ? data.slice(0, cap - used) : data;
  if (dir === "out") c.out += chunk.byteLength;
  else c.in += chunk.byteLength;
  const first = dir === "out" && c.lastDir !== "out";
  c.lastDir = dir;
  const s = first ? stackOf() : null;
  netCounters.tlsChunks += 1;
  netCounters.tlsBytes += chunk.byteLength;
  postNet("net:tls", {
    ts, conn: c.id, dir, lib: c.lib, local: c.local, peer: c.peer, host: c.host, alpn: c.alpn,
    offset: (dir === "out" ? c.out : c.in) - chunk.byteLength, size: data.byteLength,
    thread: s?.thread ?? null, stack: s?.stack ?? null, stack_kind: s?.stack_kind ?? null,
  }, chunk);
}

function hookStream(tap: StreamTap): boolean {
  const C = Java.use(tap.cls);
  const ov = C[tap.method].overload("[B", "int", "int");
  hookedFrames.add(`${tap.cls}.${tap.method}`);
  ov.implementation = function (this: any, b: any, off: number, len: number): any {
    const tid = Process.getCurrentThreadId();
    if (isBusy(tid)) return ov.call(this, b, off, len);
    const ts = Date.now();
    inTap.add(tid);
    let ret: any;
    try {
      ret = ov.call(this, b, off, len); // a write that throws sent nothing: nothing to record
    } finally {
      inTap.delete(tid);
    }
    try {
      withBusy(tid, () => {
        const n = tap.dir === "out" ? len : ret;
        if (typeof n !== "number" || n <= 0) return;
        const conn = connOfSocket(this.this$0.value, tap.lib);
        tapChunk(conn, tap.dir, bytesOf(b, off, n), ts, () => senderStack(null, tap.cls, tap.method));
      });
    } catch (e) {
      noteError(e);
    }
    return ret;
  };
  return true;
}

/** Conscrypt's JNI entry points, for sockets that bypass the streams: the byte[] argument and the
 * two ints after it are the buffer; the FileDescriptor argument names the socket. */
function hookNativeCrypto(pkg: string): string[] {
  const done: string[] = [];
  const NC = Java.use(`${pkg}.NativeCrypto`);
  for (const [name, dir] of [["SSL_write", "out"], ["SSL_read", "in"]] as const) {
    const m = NC[name];
    if (m === undefined) continue;
    for (const ov of m.overloads) {
      const types: string[] = ov.argumentTypes.map((t: any) => t.className);
      const bi = types.indexOf("[B");
      const fi = types.indexOf("java.io.FileDescriptor");
      if (bi < 0 || types[bi + 1] !== "int" || types[bi + 2] !== "int") continue;
      const cls = `${pkg}.NativeCrypto`;
      hookedFrames.add(`${cls}.${name}`);
      ov.implementation = function (this: any, ...args: any[]): any {
        const tid = Process.getCurrentThreadId();
        if (isBusy(tid) || inTap.has(tid)) return ov.apply(this, args);
        const ts = Date.now();
        const ret = ov.apply(this, args);
        try {
          withBusy(tid, () => {
            const fdObj = fi >= 0 ? args[fi] : null;
            const fd = fdObj === null ? -1 : (tryCall(() => fdObj.getInt$() as number) ??
                                             tryCall(() => fdObj.descriptor.value as number) ?? -1);
            const n = dir === "out" ? args[bi + 2] : ret;
            if (typeof n !== "number" || n <= 0) return;
            const c = connOfFd(fd, "conscrypt-native");
            tapChunk(c, dir, bytesOf(args[bi], args[bi + 1], n), ts, () => senderStack(null, cls, name));
          });
        } catch (e) {
          noteError(e);
        }
        return ret;
      };
      done.push(`${cls}.${name}`);
    }
  }
  return done;
}

/** Inside Java.perform: installs every tap this runtime has; returns the installed ones. */
export function installJavaTlsTaps(): string[] {
  const installed: string[] = [];
  try {
    const System = Java.use("java.lang.System");
    identityHashCode = (o: any) => System.identityHashCode(o) as number;
  } catch (e) {
    noteError(e);
    return installed;
  }
  for (const tap of STREAM_TAPS) {
    try {
      if (hookStream(tap)) installed.push(`${tap.cls}.${tap.method}`);
    } catch (_) {
      // class absent in this runtime (HotSpot has no Conscrypt, ART no sun.security.ssl)
    }
  }
  for (const pkg of ["com.android.org.conscrypt", "org.conscrypt"]) {
    try {
      installed.push(...hookNativeCrypto(pkg));
    } catch (_) {
      // absent
    }
  }
  return installed;
}
