import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressRefusal, assertPublicUrl, guardedLookup, UnsafeUrlError } from '../../src/inputs/url-guard';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.10.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['192.0.2.1', 'reserved'],
  ])('refuses %s (%s) and names the setting, unless private addresses are allowed', (address, kind) => {
    const refusal = addressRefusal(address, false);
    expect(refusal).toContain(kind);
    expect(refusal).toContain('SCANLOOM_ALLOW_PRIVATE_URLS=true');
    expect(addressRefusal(address, true)).toBeNull();
  });

  it.each(['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254'])('always refuses the metadata address %s', (address) => {
    expect(addressRefusal(address, false)).toContain('metadata');
    expect(addressRefusal(address, true)).toContain('metadata');
  });

  it('always refuses multicast and broadcast, and lets public unicast through', () => {
    expect(addressRefusal('224.0.0.1', true)).toContain('multicast');
    expect(addressRefusal('255.255.255.255', true)).toContain('broadcast');
    expect(addressRefusal('93.184.216.34', false)).toBeNull();
    expect(addressRefusal('2606:4700::1111', false)).toBeNull();
  });
});

describe('assertPublicUrl', () => {
  it('refuses other schemes and malformed URLs', async () => {
    await expect(assertPublicUrl('ftp://example.com/a.tgz', true)).rejects.toThrow("URL scheme 'ftp' is not supported");
    await expect(assertPublicUrl('file:///etc/passwd', true)).rejects.toThrow("URL scheme 'file' is not supported");
    await expect(assertPublicUrl('http://', true)).rejects.toThrow('is not a valid URL');
  });

  it('refuses literal private addresses, in any spelling the URL parser accepts', async () => {
    for (const url of ['http://127.0.0.1:8080/a', 'http://[::1]/a', 'http://2130706433/a', 'http://0x7f.1/a', 'http://[::ffff:10.0.0.1]/']) {
      await expect(assertPublicUrl(url, false)).rejects.toThrow(UnsafeUrlError);
    }
    await expect(assertPublicUrl('http://user:secret@127.0.0.1/a', false)).rejects.toThrow(
      /^Refused http:\/\/127\.0\.0\.1\/a: 127\.0\.0\.1 is a loopback address\. .*SCANLOOM_ALLOW_PRIVATE_URLS=true\.$/,
    );
  });

  it('resolves names and refuses one that points at loopback', async () => {
    await expect(assertPublicUrl('http://localhost:9/', false)).rejects.toThrow(/^Refused http:\/\/localhost:9\/: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address\. /);
    await expect(assertPublicUrl('http://localhost:9/', true)).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
    await expect(assertPublicUrl('https://93.184.216.34/x', false)).resolves.toEqual(['93.184.216.34']);
  });
});

describe('guardedLookup', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function get(allowPrivate: boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: 'localhost', port, family: 4, lookup: guardedLookup(allowPrivate) }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
    });
  }

  it('refuses at connect time a name resolving to loopback', async () => {
    await expect(get(false)).rejects.toThrow(
      /^Refused to connect: localhost resolves to 127\.0\.0\.1, which is a loopback address\. .*SCANLOOM_ALLOW_PRIVATE_URLS=true\.$/,
    );
  });

  it('connects when private addresses are allowed', async () => {
    await expect(get(true)).resolves.toBe('reached');
  });
});
