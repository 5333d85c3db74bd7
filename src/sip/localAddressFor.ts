import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

/**
 * The local address the OS would use to reach `host` over UDP (no packet is sent: a connected UDP
 * socket only picks a route). Loopback targets get 127.0.0.1 (or ::1); falls back to 127.0.0.1.
 */
export function localAddressFor(host: string): Promise<string> {
  if (host === 'localhost' || host.startsWith('127.')) return Promise.resolve('127.0.0.1');
  if (host === '::1') return Promise.resolve('::1');
  return new Promise((resolve) => {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    const done = (address: string): void => {
      socket.close();
      resolve(address);
    };
    socket.on('error', () => done('127.0.0.1'));
    socket.connect(9, host, () => {
      try {
        done(socket.address().address);
      } catch {
        done('127.0.0.1');
      }
    });
  });
}
