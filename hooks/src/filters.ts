// Argument filters of catalog entries: which calls of a hooked method count (e.g.
// Settings$Secure.getString only for "android_id", ContentResolver.query by URI authority).
import { Filter } from "./protocol.js";

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp("^" + esc + "$");
}

function authorityOf(uri: string): string | null {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(uri);
  if (m === null) return null;
  const host = m[1];
  const at = host.lastIndexOf("@");
  return at >= 0 ? host.substring(at + 1) : host;
}

export type Matcher = (args: string[]) => boolean;

export function compile(filter: Filter | null | undefined): Matcher {
  if (!filter) return () => true;
  const idx = filter.arg;
  const tests: Array<(v: string) => boolean> = [];
  if (filter.equals) {
    const set = new Set(filter.equals);
    tests.push((v) => set.has(v));
  }
  if (filter.prefix) {
    const list = filter.prefix;
    tests.push((v) => list.some((p) => v.startsWith(p)));
  }
  if (filter.contains) {
    const list = filter.contains;
    tests.push((v) => list.some((p) => v.includes(p)));
  }
  if (filter.authority) {
    const set = new Set(filter.authority);
    tests.push((v) => {
      const a = authorityOf(v);
      return a !== null && set.has(a);
    });
  }
  if (filter.glob) {
    const res = filter.glob.map(globToRegExp);
    tests.push((v) => res.some((r) => r.test(v)));
  }
  return (args: string[]) => {
    if (idx >= args.length) return false;
    const v = args[idx];
    return tests.some((t) => t(v));
  };
}
