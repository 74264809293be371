/**
 * The frame of every action's main: run it, and turn what it throws into ONE clear error line
 * (`::error::`) and exit code 1. Bad input names the input; a cloud error keeps its Code and
 * RequestId (what a support ticket needs); anything else keeps its message, with the stack only
 * in debug logs.
 */
import * as core from '@actions/core';
import { CredentialsError } from '../credentials.js';
import { InputError, PaiApiError } from '../errors.js';

export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    core.setFailed(failureMessage(error));
    if (error instanceof Error && error.stack && !(error instanceof InputError)) core.debug(error.stack);
  }
}

/** One line: multi-line messages would split the annotation. */
export function failureMessage(error: unknown): string {
  if (error instanceof InputError || error instanceof CredentialsError || error instanceof PaiApiError) {
    return oneLine(error.message);
  }
  if (error instanceof Error) return oneLine(error.message || error.name);
  return oneLine(String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
