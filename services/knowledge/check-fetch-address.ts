import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = [Address, number];

// ipaddr.js names every special-purpose block (loopback, private, linkLocal, carrierGradeNat,
// reserved incl. 198.18.0.0/15, uniqueLocal, 6to4, teredo, ...); only its 'unicast' (global) is
// public. It classifies IPv4-compatible ::a.b.c.d as IPv6 unicast, and NAT64 / SIIT forms by their
// own names, so those are unwrapped to the IPv4 address a translator would actually connect to.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

// Cloud metadata services live here (169.254.169.254, fe80::a9fe:a9fe, AWS's fd00:ec2::254): an
// allowed range opens them only when it lies inside the block, so 0.0.0.0/0 or fc00::/7 never do.
const NAMED_ONLY: AddressRange[] = ['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254/128'].map((c) => ipaddr.parseCIDR(c));

/** Parses allowed ranges (`10.0.0.0/8`, `fd00::/8`, or one address); throws on anything else. */
export function parseAddressRanges(list: readonly string[]): AddressRange[] {
  return list.map((entry) => (entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128]));
}

/** The IPv4 address an IPv6 address stands for (mapped, translated, NAT64, compatible), else itself. */
function unwrap(address: Address): Address {
  if (address.kind() === 'ipv4') return address;
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  const embedsIpv4 =
    range === 'ipv4Mapped' ||
    range === 'rfc6145' ||
    (range === 'rfc6052' && v6.match(NAT64_WELL_KNOWN)) ||
    (range === 'unicast' && v6.match(IPV4_COMPATIBLE));
  if (!embedsIpv4) return v6;
  const [hi, lo] = v6.parts.slice(6) as [number, number];
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

const inRange = (address: Address, [net, bits]: AddressRange) => address.kind() === net.kind() && address.match(net, bits);

/**
 * Whether a URL document may connect to `address`: a public (globally routed) address, or one in
 * an allowed range. Anything unparseable is refused.
 */
export function isFetchAllowed(address: string, allowed: readonly AddressRange[] = []): boolean {
  if (!ipaddr.isValid(address)) return false;
  const raw = ipaddr.parse(address);
  const target = unwrap(raw);
  if (target.range() === 'unicast') return true;
  const guard = NAMED_ONLY.find((block) => inRange(target, block));
  return allowed.some((range) => {
    if (!inRange(target, range) && !inRange(raw, range)) return false;
    return !guard || (range[0].kind() === guard[0].kind() && range[1] >= guard[1] && range[0].match(guard[0], guard[1]));
  });
}
