// Loaded by vitest's setup and, through NODE_OPTIONS, by every child process the tests start.
// Any connection to an address outside loopback fails at once and is recorded, so a test that
// reaches for the internet (or a GCP metadata probe) fails loudly instead of hanging.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GCE_METADATA_HOST = '127.0.0.1:9';
process.env.GCE_METADATA_IP = '127.0.0.1:9';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

export const violations = [];

function target(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === 'object') {
    if (first.path) return undefined;
    return { host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const original = net.Socket.prototype.connect;
if (!original.__talosFleetGuard) {
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const t = target(args);
    if (t && !LOOPBACK.test(String(t.host))) {
      const message = `network guard: blocked connection to ${t.host}:${t.port}; tests may only talk to loopback`;
      violations.push(message);
      if (process.env.TALOS_FLEET_NETGUARD_LOG)
        appendFileSync(process.env.TALOS_FLEET_NETGUARD_LOG, `${message}\n`);
      throw new Error(message);
    }
    return original.apply(this, args);
  };
  net.Socket.prototype.connect.__talosFleetGuard = true;
}
