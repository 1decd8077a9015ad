import * as core from '@actions/core';
import type { AnnotationProperties, Log } from '../core/log.js';

const annotation = (p: AnnotationProperties | undefined): core.AnnotationProperties =>
  p
    ? {
        ...(p.title ? { title: p.title } : {}),
        ...(p.file ? { file: p.file } : {}),
        ...(p.startLine ? { startLine: p.startLine } : {}),
      }
    : {};

export const actionsLog: Log = {
  info: (message) => core.info(message),
  progress: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, annotation(properties)),
  notice: (message, properties) => core.notice(message, annotation(properties)),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
};
