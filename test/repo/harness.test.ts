import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { violations } from '../support/network-guard.mjs';
import { node24 } from '../support/paths.js';

describe('test harness', () => {
  it('runs bundled entries on Node 24, the runtime GitHub uses', () => {
    const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(Number(/^v(\d+)/.exec(version)?.[1])).toBeGreaterThanOrEqual(24);
  });

  it('the network guard refuses a connection outside loopback before it is made', () => {
    // A reserved name: the guard throws before any DNS lookup or packet.
    expect(() => net.connect({ host: 'blocked.invalid', port: 443 })).toThrow(/network guard: blocked/);
    expect(violations.splice(0)).toEqual([
      'network guard: blocked connection to blocked.invalid:443; tests may only talk to loopback',
    ]);
  });

  it('the network guard lets loopback through', async () => {
    const server = net.createServer((s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let data = '';
      socket.on('data', (d) => (data += String(d)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    server.close();
    expect(reply).toBe('ok');
  });

  it('GCP metadata probes are routed to loopback', () => {
    expect(process.env.METADATA_SERVER_DETECTION).toBe('none');
    expect(process.env.GCE_METADATA_HOST).toBe('127.0.0.1:9');
  });
});
