import { addressPolicy, classifyAddress, ipv6Bytes } from './address-policy';

/** One test per address: classifyAddress calls it that kind (titled `${family} address is kind`). */
function itClassifies(family: 'IPv4' | 'IPv6', cases: Array<[address: string, kind: string]>): void {
  it.each(cases)(`${family} %s is %s`, (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
}

describe('classifyAddress', () => {
  itClassifies('IPv4', [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ]);

  itClassifies('IPv6', [
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'tunnel'],
    ['100::1', 'reserved'],
    ['3fff::1', 'reserved'],
    ['2a00:1450:4001::200e', 'public'],
    ['4000::1', 'reserved'],
  ]);

  it('calls anything that is not an address invalid', () => {
    expect(classifyAddress('localhost')).toBe('invalid');
    expect(classifyAddress('2130706433')).toBe('invalid');
  });

  it('expands IPv6 text to 16 bytes', () => {
    expect(ipv6Bytes('::1')).toEqual([...new Array(15).fill(0), 1]);
    expect(ipv6Bytes('::ffff:1.2.3.4').slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(ipv6Bytes('2001:db8::8:800:200c:417a')).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a,
    ]);
  });
});

describe('addressPolicy', () => {
  it('refuses every non-public address and allows loopback only when told to', () => {
    const strict = addressPolicy({ allowLoopback: false });
    const tests = addressPolicy({ allowLoopback: true });
    expect(strict('8.8.8.8', 0)).toBeNull();
    expect(strict('127.0.0.1', 0)).toBe('loopback address');
    expect(strict('::1', 0)).toBe('loopback address');
    expect(tests('127.0.0.1', 0)).toBeNull();
    expect(tests('::ffff:127.0.0.1', 0)).toBeNull();
    // The test setting opens loopback only, never the rest of the internal network.
    expect(tests('10.0.0.1', 0)).toBe('private address');
    expect(tests('169.254.169.254', 0)).toBe('link-local address');
    expect(tests('0.0.0.0', 0)).toBe('unspecified address');
  });
});
