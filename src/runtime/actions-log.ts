import * as core from '@actions/core';
import type { AnnotationProperties, Log } from '../core/log.js';
import { safeLogLines } from '../core/log-lines.js';

const annotation = (p: AnnotationProperties | undefined): core.AnnotationProperties =>
  p
    ? {
        ...(p.title ? { title: p.title } : {}),
        ...(p.file ? { file: p.file } : {}),
        ...(p.startLine ? { startLine: p.startLine } : {}),
      }
    : {};

/**
 * core.info prints its text as it is, so user-controlled text in it could start a workflow
 * command (`\n::warning::…`, `::stop-commands::…`): every plain line goes through safeLogLines.
 * Annotations, debug lines and group titles are commands already, and @actions/core escapes
 * their CR, LF and `%`, so they need nothing more.
 */
const plain = (message: string) => {
  for (const line of safeLogLines(message)) core.info(line);
};

export const actionsLog: Log = {
  info: plain,
  progress: plain,
  warning: (message, properties) => core.warning(message, annotation(properties)),
  notice: (message, properties) => core.notice(message, annotation(properties)),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
};
