// Published ports: compose short syntax (`"8080:80"`, `"127.0.0.1:8000:8000/tcp"`,
// `"12201:12201/udp"`, `"6379"`, ranges `"9000-9001:9000-9001"`) and the docker CLI's
// `--publish` forms (`8080:80`, `published=8080,target=80,mode=host`). Pure; InputErrors.
import type { PortSpec } from "../swarm/spec.ts";
import { InputError, oneOf } from "./errors.ts";

const PROTOCOLS = ["tcp", "udp", "sctp"] as const;
const MODES = ["ingress", "host"] as const;
const MAX_RANGE = 1000;

export function checkProtocol(p: string): PortSpec["protocol"] {
  const lower = p.toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(lower)) throw new InputError(`unknown port protocol '${p}': expected ${oneOf(PROTOCOLS)}`);
  return lower as PortSpec["protocol"];
}

export function checkPortMode(m: string): PortSpec["mode"] {
  if (!(MODES as readonly string[]).includes(m)) throw new InputError(`unknown port mode '${m}': expected ${oneOf(MODES)}`);
  return m as PortSpec["mode"];
}

export function checkPort(n: number, what: string, allowZero: boolean): number {
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1) || n > 65535) throw new InputError(`${what} port ${n} is out of range (1–65535)`);
  return n;
}

function parseRange(s: string, what: string): [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (m === null) throw new InputError(`invalid ${what} port '${s}': expected a number or a range like 8000-8010`);
  const lo = checkPort(Number(m[1]), what, false);
  const hi = m[2] === undefined ? lo : checkPort(Number(m[2]), what, false);
  if (hi < lo || hi - lo >= MAX_RANGE) throw new InputError(`invalid ${what} port range '${s}'`);
  return [lo, hi];
}

/** Compose short syntax: `[host_ip:][published[-range]:]target[-range][/protocol]`. */
export function parseShortPort(text: string): PortSpec[] {
  let s = text.trim();
  let protocol: PortSpec["protocol"] = "tcp";
  const slash = s.lastIndexOf("/");
  if (slash >= 0) {
    protocol = checkProtocol(s.slice(slash + 1));
    s = s.slice(0, slash);
  }
  // An IPv6 host address is bracketed: [::1]:80:80.
  if (s.startsWith("[")) {
    const close = s.indexOf("]:");
    if (close < 0) throw new InputError(`invalid port '${text}': unterminated IPv6 address`);
    s = s.slice(close + 2);
    if (!s.includes(":")) s = `:${s}`;
  }
  const parts = s.split(":");
  if (parts.length > 3) throw new InputError(`invalid port '${text}': expected [ip:][published:]target[/protocol]`);
  const targetText = parts[parts.length - 1];
  const publishedText = parts.length >= 2 ? parts[parts.length - 2] : "";
  const [tLo, tHi] = parseRange(targetText, "target");
  const n = tHi - tLo + 1;
  let pLo = 0;
  if (publishedText !== "") {
    const [lo, hi] = parseRange(publishedText, "published");
    if (hi - lo + 1 !== n) throw new InputError(`invalid port '${text}': published and target ranges differ in size`);
    pLo = lo;
  }
  const out: PortSpec[] = [];
  for (let k = 0; k < n; k++) out.push({ target: tLo + k, published: pLo === 0 ? 0 : pLo + k, protocol, mode: "ingress" });
  return out;
}

/** `docker service create --publish`: short form, or `published=8080,target=80,mode=host,protocol=udp`. */
export function parsePublishFlag(text: string): PortSpec[] {
  if (!text.includes("=")) return parseShortPort(text);
  const port: PortSpec = { target: 0, published: 0, protocol: "tcp", mode: "ingress" };
  for (const field of text.split(",")) {
    const eq = field.indexOf("=");
    const key = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? "" : field.slice(eq + 1);
    switch (key) {
      case "target":
      case "dst":
      case "destination":
        port.target = checkPort(numberOf(value, key), "target", false);
        break;
      case "published":
      case "src":
      case "source":
        port.published = checkPort(numberOf(value, key), "published", true);
        break;
      case "protocol":
        port.protocol = checkProtocol(value);
        break;
      case "mode":
        port.mode = checkPortMode(value);
        break;
      default:
        throw new InputError(`unknown field '${key}' in --publish '${text}': expected ${oneOf(["published", "target", "protocol", "mode"])}`);
    }
  }
  if (port.target === 0) throw new InputError(`--publish '${text}' needs target=<port>`);
  return [port];
}

function numberOf(v: string, key: string): number {
  if (!/^\d+$/.test(v)) throw new InputError(`invalid ${key} '${v}': expected a port number`);
  return Number(v);
}
