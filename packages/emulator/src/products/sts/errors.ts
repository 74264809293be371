import { ServiceError } from '../../errors.js';

/*
 * STS error answers with the cloud's codes.
 * Sources:
 * - AssumeRole API reference (error table): InvalidParameter.RoleArn / .RoleSessionName / .DurationSeconds /
 *   .PolicyGrammar / .PolicySize (400), NoPermission (403, "You are not authorized to do this action. You
 *   should be authorized by RAM."), EntityNotExist.Role (404, "The specified Role not exists").
 * - AssumeRoleWithSAML error table: MissingParameter.<Name> (400, "Parameter <Name> is required."), and
 *   AuthenticationFail.* answered with 401.
 * - ACK RRSA troubleshooting table (AssumeRoleWithOIDC replies): AuthenticationFail.OIDCToken.Expired
 *   ("This JsonWebToken is expired."), .AudienceNotMatch ("Invalid audience."), .IssuerNotMatch ("The issuer in
 *   the OIDC Token doesn't match the OIDC Provider registered."), .IssuerConfigurationBroken ("Get public keys
 *   from OIDC Provider failed, the issuer is …"), AuthenticationFail.NoPermission ("No such OIDC Provider
 *   registered." / "There is no permission").
 * - AuthenticationFail.OIDCToken.Invalid: the code the official credentials SDKs' tests expect for a token STS
 *   cannot verify.
 * Guesses, marked below: the HTTP status of the OIDC failures (401 like the SAML ones; 403 for NoPermission)
 * and the codes for a malformed provider ARN and a token not yet valid.
 */

export const missingParameter = (name: string) =>
  new ServiceError(400, `MissingParameter.${name}`, `Parameter ${name} is required.`);

export const invalidRoleArn = () =>
  new ServiceError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');

export const invalidRoleSessionName = () =>
  new ServiceError(
    400,
    'InvalidParameter.RoleSessionName',
    'The parameter RoleSessionName is wrongly formed. It must be 2 to 64 characters of letters, digits and . @ - _',
  );

export const invalidDuration = (maxSeconds: number) =>
  new ServiceError(
    400,
    'InvalidParameter.DurationSeconds',
    `The Min/Max value of DurationSeconds is 15min/${maxSeconds / 3600}hr.`,
  );

export const policyGrammar = (problems: string[]) =>
  new ServiceError(
    400,
    'InvalidParameter.PolicyGrammar',
    `The parameter Policy has not passed grammar check: ${problems.join('; ')}`,
  );

export const policySize = (max: number) =>
  new ServiceError(400, 'InvalidParameter.PolicySize', `The size of Policy must be smaller than ${max} bytes.`);

export const roleNotFound = (arn: string) =>
  new ServiceError(404, 'EntityNotExist.Role', `The specified Role not exists: ${arn}`);

export const notTrusted = (roleArn: string, callerArn: string) =>
  new ServiceError(
    403,
    'NoPermission',
    `You are not authorized to do this action. You should be authorized by RAM. (the trust policy of ${roleArn} does not allow ${callerArn})`,
  );

// Guess: the code for an OIDCProviderArn that is not an ARN at all.
export const invalidProviderArn = () =>
  new ServiceError(400, 'InvalidParameter.OIDCProviderArn', 'The parameter OIDCProviderArn is wrongly formed.');

// Status guessed (403); code and message from the RRSA table.
export const unknownProvider = () =>
  new ServiceError(403, 'AuthenticationFail.NoPermission', 'No such OIDC Provider registered.');

export const oidcNotTrusted = (roleArn: string, subject: string) =>
  new ServiceError(
    403,
    'AuthenticationFail.NoPermission',
    `There is no permission: the trust policy of ${roleArn} does not allow this OIDC token (sub ${subject}).`,
  );

export const tokenInvalid = (reason: string) =>
  new ServiceError(401, 'AuthenticationFail.OIDCToken.Invalid', `The OIDC token is invalid: ${reason}.`);

export const tokenExpired = () =>
  new ServiceError(401, 'AuthenticationFail.OIDCToken.Expired', 'This JsonWebToken is expired.');

export const audienceNotMatch = () =>
  new ServiceError(401, 'AuthenticationFail.OIDCToken.AudienceNotMatch', 'Invalid audience.');

export const issuerNotMatch = () =>
  new ServiceError(
    401,
    'AuthenticationFail.OIDCToken.IssuerNotMatch',
    "The issuer in the OIDC Token doesn't match the OIDC Provider registered.",
  );

export const issuerKeysUnavailable = (issuer: string) =>
  new ServiceError(
    401,
    'AuthenticationFail.OIDCToken.IssuerConfigurationBroken',
    `Get public keys from OIDC Provider failed, the issuer is ${issuer}.`,
  );
