import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from './loadConfig.js';

/** The message a config is refused with (fails the test when it is accepted). */
export function configProblem(yaml: string): string {
  try {
    parseConfig(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return assert.fail('the config was accepted');
}
