import { Transform } from 'node:stream';
import { safeLogLines } from '../core/log-lines.js';

/**
 * The CLI's stdout or stderr made safe for a GitHub Actions runner, which reads workflow commands
 * from every line a `run:` step prints: `talos-fleet status` prints a fork's diagnostics, and
 * `talos-fleet plan` echoes spec values in its errors. Each line goes through safeLogLines (a
 * line that would start a `::` command, or any `##[`, gets a zero-width space); line breaks stay.
 * A line split across writes is neutralised by where it starts.
 */
export function workflowSafe(target: NodeJS.WritableStream): Transform {
  let atLineStart = true;
  const stream = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const text = String(chunk);
      const lines = text.split(/(\r\n|\r|\n)/);
      let out = '';
      for (let i = 0; i < lines.length; i++) {
        const part = lines[i] ?? '';
        if (i % 2 === 1) {
          out += part;
          atLineStart = true;
          continue;
        }
        if (part === '') continue;
        out += atLineStart ? (safeLogLines(part)[0] ?? part) : part.replaceAll('##[', '##\u200b[');
        atLineStart = false;
      }
      done(null, out);
    },
  });
  stream.pipe(target);
  return stream;
}
