// Certificate unpinning (`pimon run --unpin`), an explicit intervention for proxy mode. Each hook
// removes one *additional* restriction an app put on top of the device's trust and keeps normal TLS
// validation against the device's trust store (which holds pimon's CA after `pimon setup`), as HTTP
// Toolkit's unpinning scripts do — it never makes the app trust everything:
//   * SSLContext.init with the app's own X509TrustManager(s) (hand-written pinning, TrustKit-like
//     SDKs): the device's default trust managers are used instead;
//   * OkHttp 3/4 and the old com.squareup.okhttp CertificatePinner.check: no pins;
//   * network-security-config pins (NetworkSecurityTrustManager.checkPins) and Conscrypt's pin
//     manager (CertPinManager): no pins.
// Every time a hook removes a pin it says so (net:unpinned, with the stack of the code that pinned),
// so the run records the intervention where it mattered.
import Java from "frida-java-bridge";
import { isBusy, withBusy } from "./guard.js";
import { hookedFrames } from "./java-hooks.js";
import { netCounters, postNet, senderStack } from "./net-send.js";
import { noteError } from "./record.js";

const PLATFORM_TM = ["sun.security.ssl.", "com.android.org.conscrypt.", "org.conscrypt.", "android.security.net.config.",
                     "javax.net.ssl."];

function report(what: string, detail: Record<string, unknown>, cls: string, method: string): void {
  netCounters.unpinned += 1;
  const { stack, thread, stack_kind } = senderStack(null, cls, method);
  postNet("net:unpinned", { ts: Date.now(), what, ...detail, thread, stack, stack_kind });
}

function defaultTrustManagers(): any {
  const TMF = Java.use("javax.net.ssl.TrustManagerFactory");
  const tmf = TMF.getInstance(TMF.getDefaultAlgorithm());
  tmf.init.overload("java.security.KeyStore").call(tmf, null);
  return tmf.getTrustManagers();
}

function sslContextInit(): string {
  const cls = "javax.net.ssl.SSLContext";
  const ov = Java.use(cls).init.overload("[Ljavax.net.ssl.KeyManager;", "[Ljavax.net.ssl.TrustManager;",
                                         "java.security.SecureRandom");
  hookedFrames.add(`${cls}.init`);
  ov.implementation = function (this: any, km: any, tms: any, rnd: any): any {
    const tid = Process.getCurrentThreadId();
    if (isBusy(tid) || tms === null) return ov.call(this, km, tms, rnd);
    let use = tms;
    try {
      withBusy(tid, () => {
        const own: string[] = [];
        const env: any = Java.vm.getEnv();
        for (let i = 0; i < tms.length; i++) {
          if (tms[i] === null) continue;
          // by handle: an app class loader's class is unknown to the bridge's default factory (Java.cast fails)
          const name = String(env.getObjectClassName(tms[i].$h));
          if (!PLATFORM_TM.some((p) => name.startsWith(p))) own.push(name);
        }
        if (own.length === 0) return;
        use = defaultTrustManagers();
        report("javax.net.ssl.SSLContext.init", { replaced: own }, cls, "init");
      });
    } catch (e) {
      noteError(e);
      use = tms;
    }
    return ov.call(this, km, use, rnd);
  };
  return `${cls}.init`;
}

/** Replace every overload of cls.method whose return type is void with a no-op that reports. */
function noPins(cls: string, method: string, hostArg: number | null): string | null {
  const C = Java.use(cls);
  if (C[method] === undefined) return null;
  let n = 0;
  for (const ov of C[method].overloads) {
    const ret = ov.returnType.className;
    if (ret !== "void" && ret !== "boolean") continue;
    hookedFrames.add(`${cls}.${method}`);
    ov.implementation = function (this: any, ...args: any[]): any {
      const tid = Process.getCurrentThreadId();
      if (isBusy(tid)) return ov.apply(this, args);
      try {
        withBusy(tid, () => {
          const host = hostArg !== null && typeof args[hostArg] === "string" ? args[hostArg] : null;
          report(`${cls}.${method}`, { host }, cls, method);
        });
      } catch (e) {
        noteError(e);
      }
      return ret === "boolean" ? true : undefined;
    };
    n += 1;
  }
  return n > 0 ? `${cls}.${method}` : null;
}

const PINNERS: [string, string, number | null][] = [
  ["okhttp3.CertificatePinner", "check", 0],
  ["okhttp3.CertificatePinner", "check$okhttp", 0],
  ["com.squareup.okhttp.CertificatePinner", "check", 0],
  ["android.security.net.config.NetworkSecurityTrustManager", "checkPins", null],
  ["com.android.org.conscrypt.CertPinManager", "checkChainPinning", 0],
  ["com.android.org.conscrypt.CertPinManager", "isChainValid", 0],
];

/** Inside Java.perform: installs the unpinning hooks this runtime has; returns what is in place and
 * what is not (class absent here, e.g. OkHttp in an app that does not bundle it). */
export function installUnpinning(): { installed: string[]; absent: string[] } {
  const installed: string[] = [];
  const absent: string[] = [];
  try {
    installed.push(sslContextInit());
  } catch (e) {
    noteError(e);
    absent.push("javax.net.ssl.SSLContext.init");
  }
  for (const [cls, method, hostArg] of PINNERS) {
    try {
      const got = noPins(cls, method, hostArg);
      if (got !== null) installed.push(got);
      else absent.push(`${cls}.${method}`);
    } catch (_) {
      absent.push(`${cls}.${method}`);
    }
  }
  return { installed, absent };
}

/** Inside the Java.perform that runs once the app's class loader exists (ART): the pinners that were
 * absent at init (app-bundled OkHttp) are looked up again; status is updated in place (and posted). */
export function retryUnpinning(status: { installed: string[]; absent: string[] }): void {
  const still: string[] = [];
  for (const name of status.absent) {
    const row = PINNERS.find(([cls, method]) => `${cls}.${method}` === name);
    let got: string | null = null;
    try {
      if (row !== undefined) got = noPins(row[0], row[1], row[2]);
    } catch (_) {
      got = null;
    }
    if (got !== null) status.installed.push(got);
    else still.push(name);
  }
  if (still.length !== status.absent.length) {
    status.absent = still;
    postNet("net:status", { unpin: status, late: true });
  }
}
