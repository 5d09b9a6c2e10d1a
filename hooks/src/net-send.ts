// Messages of the in-process traffic source (docs/architecture.md §2, "net:*"): destinations
// (connect / DNS), TLS plaintext chunks, unpinning interventions. Each carries the stack of the code
// that did it — the sender of a request — as frame objects, and the thread; plaintext travels as the
// binary `data` of send(), never as JSON text.
import Java from "frida-java-bridge";
import { Frame, PROTOCOL_VERSION } from "./protocol.js";
import { noteError } from "./record.js";
import { currentStack } from "./stack.js";

export const netCounters = { connects: 0, dns: 0, tlsChunks: 0, tlsBytes: 0, dropped: 0, unpinned: 0, blocked: 0 };

export function postNet(type: string, payload: Record<string, unknown>, data?: ArrayBuffer | null): void {
  const msg = { type, v: PROTOCOL_VERSION, ...payload };
  if (data) send(msg, data);
  else send(msg);
}

function nativeFrames(ctx: CpuContext | null): Frame[] {
  if (ctx === null) return [];
  return Thread.backtrace(ctx, Backtracer.ACCURATE).slice(0, 32).map((addr) => {
    const sym = DebugSymbol.fromAddress(addr);
    return { class: sym.moduleName ?? "?", method: sym.name ?? addr.toString(), file: sym.fileName || null,
             line: sym.lineNumber || null };
  });
}

/** The stack of the current thread: Java frames on a Java thread (from the caller of hookedClass.
 * hookedMethod when given), else the native backtrace of ctx. */
export function senderStack(ctx: CpuContext | null, hookedClass: string | null = null,
                            hookedMethod: string | null = null): { stack: Frame[]; thread: string; stack_kind: string } {
  try {
    if (Java.available && Java.vm.tryGetEnv() !== null) {
      const [stack, thread] = currentStack(hookedClass, hookedMethod);
      if (stack.length > 0 || ctx === null) return { stack, thread, stack_kind: "java" };
    }
  } catch (e) {
    noteError(e);
  }
  try {
    return { stack: nativeFrames(ctx), thread: "", stack_kind: "native" };
  } catch (e) {
    noteError(e);
    return { stack: [], thread: "", stack_kind: "native" };
  }
}

// --- sockets (libc) ---------------------------------------------------------------------------------

const AF_INET = 2;
const AF_INET6 = Process.platform === "darwin" ? 30 : 10;

let getsocknameFn: NativeFunction<number, [number, NativePointer, NativePointer]> | null = null;
let getpeernameFn: NativeFunction<number, [number, NativePointer, NativePointer]> | null = null;
let getsockoptFn: NativeFunction<number, [number, number, number, NativePointer, NativePointer]> | null = null;

function libc(name: string, ret: NativeFunctionReturnType, args: NativeFunctionArgumentType[]): any {
  const p = Module.findGlobalExportByName(name);
  return p === null ? null : new NativeFunction(p, ret, args);
}

export function initSockets(): void {
  getsocknameFn = libc("getsockname", "int", ["int", "pointer", "pointer"]);
  getpeernameFn = libc("getpeername", "int", ["int", "pointer", "pointer"]);
  getsockoptFn = libc("getsockopt", "int", ["int", "int", "int", "pointer", "pointer"]);
}

export interface SockAddr {
  family: "inet" | "inet6";
  ip: string;
  port: number;
}

/** An AF_INET / AF_INET6 sockaddr as {family, ip, port}; null for anything else (unix sockets …). */
export function parseSockaddr(p: NativePointer): SockAddr | null {
  if (p.isNull()) return null;
  const family = p.readU16();
  const port = (p.add(2).readU8() << 8) | p.add(3).readU8();
  if (family === AF_INET) {
    const b = new Uint8Array(p.add(4).readByteArray(4) as ArrayBuffer);
    return { family: "inet", ip: Array.from(b).join("."), port };
  }
  if (family === AF_INET6) {
    const b = new Uint8Array(p.add(8).readByteArray(16) as ArrayBuffer);
    if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) {
      return { family: "inet6", ip: Array.from(b.slice(12)).join("."), port }; // v4-mapped
    }
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
    return { family: "inet6", ip: groups.join(":"), port };
  }
  return null;
}

function addrOf(fn: typeof getsocknameFn, fd: number): SockAddr | null {
  if (fn === null || fd < 0) return null;
  const buf = Memory.alloc(128);
  const len = Memory.alloc(4);
  len.writeU32(128);
  return fn(fd, buf, len) === 0 ? parseSockaddr(buf) : null;
}

export const localAddr = (fd: number) => addrOf(getsocknameFn, fd);
export const peerAddr = (fd: number) => addrOf(getpeernameFn, fd);

const SOL_SOCKET = 1;
const SO_TYPE = 3;
const SOCK_DGRAM = 2;

/** "tcp" | "udp" | "" for a socket fd. */
export function transportOf(fd: number): string {
  if (getsockoptFn === null) return "";
  const v = Memory.alloc(4);
  const len = Memory.alloc(4);
  len.writeU32(4);
  if (getsockoptFn(fd, SOL_SOCKET, SO_TYPE, v, len) !== 0) return "";
  return v.readS32() === SOCK_DGRAM ? "udp" : "tcp";
}
