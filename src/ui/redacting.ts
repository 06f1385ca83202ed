// Output streams that never carry a secret: every write has the known secrets replaced by ***.
import { redact } from '../domain/secrets.js';
import type { Streams } from './output.js';

function wrap(stream: NodeJS.WriteStream, secrets: readonly string[]): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
    return (stream.write as (...a: unknown[]) => boolean)(redact(text, secrets), ...rest);
  };
  // A proxy, not a copy: isTTY, columns, 'resize' and the rest stay the terminal's own.
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function redacting(streams: Streams, secrets: readonly string[]): Streams {
  const stdout = wrap(streams.stdout, secrets);
  const stderr = wrap(streams.stderr, secrets);
  // stdin stays a getter: it is created only when a prompt is possible.
  return {
    get stdin() {
      return streams.stdin;
    },
    stdout,
    stderr,
  };
}
