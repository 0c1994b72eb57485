import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses an image URL may lead the server to. Everything that is not plainly a
 * public unicast address is refused: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local, multicast, unspecified, CGNAT, documentation and reserved
 * ranges — and the same addresses hidden inside IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'shared (CGNAT)'
  | 'reserved'
  | 'tunnel'
  | 'invalid';

type Range = [base: number[], prefixBits: number, kind: AddressClass];

const IPV4_RANGES: Range[] = [
  [[0, 0, 0, 0], 8, 'unspecified'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'shared (CGNAT)'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'reserved'],
  [[192, 0, 2, 0], 24, 'reserved'],
  [[192, 88, 99, 0], 24, 'reserved'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'reserved'],
  [[198, 51, 100, 0], 24, 'reserved'],
  [[203, 0, 113, 0], 24, 'reserved'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];

/** Checked in order; the IPv4-embedding ranges are handled before these. */
const IPV6_RANGES: Range[] = [
  [[0, 0], 128, 'unspecified'], // ::/128 (bytes beyond the base are zero)
  [[0xfc], 7, 'unique-local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // deprecated site-local
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x00, 0x00], 32, 'tunnel'], // Teredo: reaches arbitrary IPv4 hosts
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0x00, 0x10], 28, 'reserved'], // ORCHID
  [[0x20, 0x01, 0x00, 0x20], 28, 'reserved'], // ORCHIDv2
  [[0x01, 0x00], 64, 'reserved'], // discard-only 100::/64
  [[0x3f, 0xff], 20, 'reserved'], // documentation (RFC 9637)
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'private'], // local-use NAT64
];

function inRange(bytes: number[], [base, prefixBits]: Range): boolean {
  for (let bit = 0; bit < prefixBits; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[byte] & mask) !== ((base[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (zone id dropped, embedded dotted quad allowed). */
export function ipv6Bytes(ip: string): number[] {
  const address = ip.replace(/%.*$/, '');
  let head = address;
  let tail = '';
  const gap = address.indexOf('::');
  if (gap >= 0) {
    head = address.slice(0, gap);
    tail = address.slice(gap + 2);
  }
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const [a, b, c, d] = ipv4Bytes(group);
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        out.push(parseInt(group, 16));
      }
    }
    return out;
  };
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const zeros = gap >= 0 ? 8 - headGroups.length - tailGroups.length : 0;
  const all = [...headGroups, ...new Array<number>(zeros).fill(0), ...tailGroups];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

function classifyIPv4(bytes: number[]): AddressClass {
  for (const range of IPV4_RANGES) if (inRange(bytes, range)) return range[2];
  return 'public';
}

function classifyIPv6(bytes: number[]): AddressClass {
  const leadingZero = (count: number) => bytes.slice(0, count).every((b) => b === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, but not :: and ::1 themselves)
  if (leadingZero(10) && bytes[10] === 0xff && bytes[11] === 0xff) return classifyIPv4(bytes.slice(12));
  if (leadingZero(12) && !(leadingZero(15) && bytes[15] <= 1)) return classifyIPv4(bytes.slice(12));
  if (leadingZero(15) && bytes[15] === 1) return 'loopback';
  // 64:ff9b::/96 NAT64 and 2002::/16 6to4 carry an IPv4 address too.
  if (inRange(bytes, [[0x00, 0x64, 0xff, 0x9b], 96, 'public'])) return classifyIPv4(bytes.slice(12));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIPv4(bytes.slice(2, 6));
  for (const range of IPV6_RANGES) if (inRange(bytes, range)) return range[2];
  // Only global unicast (2000::/3) is routable on the internet.
  return (bytes[0] & 0xe0) === 0x20 ? 'public' : 'reserved';
}

export function classifyAddress(ip: string): AddressClass {
  if (isIPv4(ip)) return classifyIPv4(ipv4Bytes(ip));
  const bare = ip.replace(/^\[|\]$/g, '');
  if (isIPv6(bare)) return classifyIPv6(ipv6Bytes(bare));
  return 'invalid';
}

/** Why the server must not connect to `ip`, or null when it may. */
export type AddressPolicy = (ip: string, hop: number) => string | null;

export function addressPolicy(options: { allowLoopback: boolean }): AddressPolicy {
  return (ip) => {
    const kind = classifyAddress(ip);
    if (kind === 'public') return null;
    if (kind === 'loopback' && options.allowLoopback) return null;
    return `${kind} address`;
  };
}
