import ipaddr from 'ipaddr.js';

/** An IPv4 block as a half-open integer range, so overlap and allocation are plain arithmetic. */
export interface Cidr {
  /** Canonical text, e.g. `10.1.0.0/16`. */
  readonly text: string;
  readonly prefix: number;
  /** First address as an unsigned 32-bit integer. */
  readonly start: number;
  /** One past the last address. */
  readonly end: number;
}

function toInt(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function cidrFromInt(start: number, prefix: number): Cidr {
  return { text: `${intToIp(start)}/${prefix}`, prefix, start, end: start + 2 ** (32 - prefix) };
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; problem: string };

/**
 * Parses `a.b.c.d/n`. Host bits must be zero: `10.1.2.0/16` is refused with the network it
 * probably meant, because silently widening a user's range would hide a typo.
 */
export function parseCidr(text: string): CidrParse {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) {
    return { ok: false, problem: `'${text}' is not an IPv4 CIDR like 10.1.0.0/16` };
  }
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return { ok: false, problem: `'${text}' is not an IPv4 CIDR like 10.1.0.0/16` };
  }
  const [address, prefix] = parsed;
  if (address.kind() !== 'ipv4') return { ok: false, problem: `'${text}' is not IPv4` };
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  const start = toInt(network);
  const cidr = cidrFromInt(start, prefix);
  if (toInt(address as ipaddr.IPv4) !== start) {
    return { ok: false, problem: `'${text}' has host bits set; did you mean ${cidr.text}?` };
  }
  return { ok: true, cidr };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}
