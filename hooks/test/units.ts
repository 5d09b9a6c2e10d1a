// Test entry (not shipped): exposes the agent's pure functions over RPC so that tests/hooks can
// check them in a Frida runtime without a Java VM.
import { compile } from "../src/filters.js";
import { Filter } from "../src/protocol.js";
import { encode } from "../src/queue.js";
import { framesFromText, parseFrame, setMaxFrames } from "../src/stack.js";
import { configure as configureValues, stringify, typeName } from "../src/values.js";

rpc.exports = {
  parseFrame: (text: string) => parseFrame(text),
  framesFromText: (text: string, cls: string | null, method: string | null, max: number) => {
    setMaxFrames(max);
    return framesFromText(text, cls, method);
  },
  filterMatches: (filter: Filter | null, args: string[]) => compile(filter)(args),
  typeName: (name: string) => typeName(name),
  stringify: (value: unknown, type: string, max: number) => {
    configureValues(max);
    return stringify(value, type);
  },
  encode: (batch: any[]) => encode(batch),
};
