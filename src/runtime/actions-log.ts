import * as core from '@actions/core';
import type { Log } from '../core/log.js';

export const actionsLog: Log = {
  info: (message) => core.info(message),
  warning: (message, properties) =>
    core.warning(message, properties?.title ? { title: properties.title } : {}),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
};
