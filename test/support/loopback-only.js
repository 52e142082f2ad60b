// Preloaded (node --import) into the bot processes that tests start: a connection to anything but this machine fails
// at once, before any DNS lookup, so no library can reach the internet from a test without the test failing or
// noticing. (Application Insights' resource detection, for one, asks the Azure VM metadata address.)
import net from 'node:net';
import process from 'node:process';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (...args) {
  const [first, second] = args;
  const options = Array.isArray(first)
    ? first[0]
    : typeof first === 'object' && first !== null
      ? first
      : { port: first, host: typeof second === 'string' ? second : undefined };
  const host = options?.host ?? 'localhost';
  if (options?.path === undefined && !LOOPBACK.test(host)) {
    const error = Object.assign(new Error(`connection to ${host} refused: tests stay on this machine`), {
      code: 'ECONNREFUSED',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};
