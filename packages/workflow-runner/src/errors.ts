/** A workflow, action or runner option that is invalid: names the file and field at fault. */
export class WorkflowError extends Error {
  override name = 'WorkflowError';
}

/**
 * A construct GitHub Actions has and this local runner does not run. Thrown instead of skipping
 * it, so a workflow never appears to pass for a reason that would not hold on GitHub.
 */
export class UnsupportedError extends WorkflowError {
  override name = 'UnsupportedError';
}
