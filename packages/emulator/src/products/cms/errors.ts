import { ServiceError } from '../../errors.js';

/*
 * CloudMonitor error answers. The CMS 2019-01-01 reference gives no error table for the metric
 * queries, so the codes below are GUESSES in the POP style other products document:
 * - MissingParameter.<Name> / InvalidParameter.<Name> (400): the POP convention (STS documents it).
 * - ResourceNotFound (404) for a namespace or metric CloudMonitor does not know: the message is the
 *   one the cms20190101 SDK shows as the example `Message` of DescribeMetricList ("The specified
 *   resource is not found."); the code and the status are guesses. Clients must not depend on this
 *   answer to learn whether a metric exists: DescribeMetricMetaList is the way to ask.
 */

export const missingParameter = (name: string) =>
  new ServiceError(400, `MissingParameter.${name}`, `Parameter ${name} is required.`);

export const invalidParameter = (name: string, why: string) =>
  new ServiceError(400, `InvalidParameter.${name}`, `The parameter ${name} is invalid: ${why}`);

export const metricNotFound = (namespace: string, metricName: string) =>
  new ServiceError(
    404,
    'ResourceNotFound',
    `The specified resource is not found. Namespace "${namespace}" has no metric "${metricName}"; DescribeMetricMetaList lists the metrics that exist.`,
  );
