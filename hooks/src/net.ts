// Every destination the process reaches, even when no payload can be read: libc connect() (TCP and
// UDP, IPv4/IPv6) with the local address it got, name lookups (libc getaddrinfo; Java's
// InetAddress.getAllByName, which on HotSpot with a hosts file never reaches libc), each with the
// sender's stack. Optionally blocks QUIC (UDP to port 443) so that apps fall back to TCP+TLS, which the
// proxy and the TLS taps can read.
import Java from "frida-java-bridge";
import { isBusy, withBusy } from "./guard.js";
import { hookedFrames } from "./java-hooks.js";
import { noteError } from "./record.js";
import { localAddr, netCounters, parseSockaddr, postNet, senderStack, transportOf } from "./net-send.js";

const ECONNREFUSED = 111;
const QUIC_PORT = 443;

const javaDns = new Set<number>(); // threads inside InetAddress.getAllByName: libc lookups are its own

function skip(tid: number): boolean {
  return isBusy(tid) || Cloak.hasCurrentThread();
}

/** Frida restores the thread's errno after a callback from the context's own copy: set that one. */
function setErrno(ctx: InvocationContext, value: number): void {
  (ctx as any).errno = value;
}

function hookConnect(blockQuic: boolean): boolean {
  const connect = Module.findGlobalExportByName("connect");
  if (connect === null) return false;
  Interceptor.attach(connect, {
    onEnter(args) {
      const tid = this.threadId;
      if (skip(tid)) return;
      try {
        const fd = args[0].toInt32();
        const dest = parseSockaddr(args[1]);
        if (dest === null) return;
        const transport = transportOf(fd);
        this.pimonConn = { fd, dest, transport, ts: Date.now() };
        if (blockQuic && transport === "udp" && dest.port === QUIC_PORT) {
          args[0] = ptr(-1); // connect(-1, ...) fails without side effects; errno set on leave
          this.pimonBlocked = true;
        }
      } catch (e) {
        noteError(e);
      }
    },
    onLeave(retval) {
      const c = this.pimonConn;
      if (c === undefined) return;
      const tid = this.threadId;
      const ctx = this.context;
      const blocked = this.pimonBlocked === true;
      try {
        if (blocked) {
          setErrno(this, ECONNREFUSED);
          netCounters.blocked += 1;
        }
        withBusy(tid, () => {
          const local = blocked ? null : localAddr(c.fd);
          const { stack, thread, stack_kind } = senderStack(ctx);
          // the bridge entering a hooked Java method connects nothing; but skip agent-made frames
          if (stack_kind === "java" && stack.length > 0 && stack[0].line === -2 &&
              hookedFrames.has(stack[0].class + "." + stack[0].method)) return;
          netCounters.connects += 1;
          postNet("net:connect", {
            ts: c.ts, transport: c.transport, family: c.dest.family, ip: c.dest.ip, port: c.dest.port,
            local_ip: local?.ip ?? null, local_port: local?.port ?? null, result: retval.toInt32(),
            blocked: blocked ? "quic" : null, thread, stack, stack_kind,
          });
        });
      } catch (e) {
        noteError(e);
      }
    },
  });
  return true;
}

function hookSendtoForQuic(): boolean {
  const sendto = Module.findGlobalExportByName("sendto");
  if (sendto === null) return false;
  Interceptor.attach(sendto, {
    onEnter(args) {
      try {
        const dest = parseSockaddr(args[4]);
        if (dest === null || dest.port !== QUIC_PORT) return;
        const fd = args[0].toInt32();
        if (transportOf(fd) !== "udp") return;
        args[0] = ptr(-1);
        this.pimonBlocked = { fd, dest, ts: Date.now() };
      } catch (e) {
        noteError(e);
      }
    },
    onLeave() {
      const b = this.pimonBlocked;
      if (b === undefined) return;
      setErrno(this, ECONNREFUSED);
      netCounters.blocked += 1;
      const tid = this.threadId;
      if (skip(tid)) return;
      const ctx = this.context;
      withBusy(tid, () => {
        const { stack, thread, stack_kind } = senderStack(ctx);
        postNet("net:connect", {
          ts: b.ts, transport: "udp", family: b.dest.family, ip: b.dest.ip, port: b.dest.port, local_ip: null,
          local_port: null, result: -1, blocked: "quic", thread, stack, stack_kind,
        });
      });
    },
  });
  return true;
}

function readAddrinfo(res: NativePointer, bionic: boolean): string[] {
  const ps = Process.pointerSize;
  const first = Math.ceil(20 / ps) * ps;
  const addrOff = bionic ? first + ps : first; // bionic (BSD order): ai_canonname before ai_addr
  const nextOff = first + 2 * ps;
  const out: string[] = [];
  let p = res;
  for (let i = 0; i < 64 && !p.isNull(); i++) {
    const a = parseSockaddr(p.add(addrOff).readPointer());
    if (a !== null && !out.includes(a.ip)) out.push(a.ip);
    p = p.add(nextOff).readPointer();
  }
  return out;
}

function hookGetaddrinfo(): boolean {
  const gai = Module.findGlobalExportByName("getaddrinfo");
  if (gai === null) return false;
  const bionic = Process.findModuleByName("libc.so") !== null;
  Interceptor.attach(gai, {
    onEnter(args) {
      const tid = this.threadId;
      if (skip(tid) || javaDns.has(tid) || args[0].isNull()) return;
      try {
        this.pimonDns = { host: args[0].readUtf8String() ?? "", res: args[3], ts: Date.now() };
      } catch (e) {
        noteError(e);
      }
    },
    onLeave(retval) {
      const d = this.pimonDns;
      if (d === undefined) return;
      const tid = this.threadId;
      const ctx = this.context;
      try {
        withBusy(tid, () => {
          const addresses = retval.toInt32() === 0 ? readAddrinfo(d.res.readPointer(), bionic) : [];
          const { stack, thread, stack_kind } = senderStack(ctx);
          netCounters.dns += 1;
          postNet("net:dns", { ts: d.ts, host: d.host, addresses, api: "getaddrinfo", thread, stack, stack_kind });
        });
      } catch (e) {
        noteError(e);
      }
    },
  });
  return true;
}

/** Java's resolver (inside Java.perform): host, the addresses it returned, the Java stack. */
function hookJavaDns(): boolean {
  const InetAddress = Java.use("java.net.InetAddress");
  const ov = InetAddress.getAllByName.overload("java.lang.String");
  hookedFrames.add("java.net.InetAddress.getAllByName");
  ov.implementation = function (host: string): any {
    const tid = Process.getCurrentThreadId();
    if (isBusy(tid) || javaDns.has(tid)) return ov.call(this, host);
    const ts = Date.now();
    javaDns.add(tid);
    let out: any;
    try {
      out = ov.call(this, host);
    } finally {
      javaDns.delete(tid);
    }
    try {
      withBusy(tid, () => {
        if (host === null || host === undefined) return;
        const addresses: string[] = [];
        for (let i = 0; i < Math.min(out.length, 16); i++) addresses.push(String(out[i].getHostAddress()));
        if (addresses.length === 1 && addresses[0] === host) return; // a literal address: no lookup
        const { stack, thread, stack_kind } = senderStack(null, "java.net.InetAddress", "getAllByName");
        netCounters.dns += 1;
        postNet("net:dns", { ts, host: String(host), addresses, api: "java.net.InetAddress.getAllByName", thread,
                             stack, stack_kind });
      });
    } catch (e) {
      noteError(e);
    }
    return out;
  };
  return true;
}

export interface NetStatus {
  connect: boolean;
  dns: string[];
  quic_blocked: boolean;
}

/** Native part (any process). */
export function installNetHooks(blockQuic: boolean): NetStatus {
  const status: NetStatus = { connect: false, dns: [], quic_blocked: false };
  try {
    status.connect = hookConnect(blockQuic);
  } catch (e) {
    noteError(e);
  }
  try {
    if (hookGetaddrinfo()) status.dns.push("getaddrinfo");
  } catch (e) {
    noteError(e);
  }
  if (blockQuic) {
    try {
      status.quic_blocked = hookSendtoForQuic() && status.connect;
    } catch (e) {
      noteError(e);
    }
  }
  return status;
}

/** Java part: call inside Java.perform / performNow. */
export function installJavaNetHooks(status: NetStatus): void {
  try {
    if (hookJavaDns()) status.dns.push("java.net.InetAddress.getAllByName");
  } catch (e) {
    noteError(e);
  }
}
