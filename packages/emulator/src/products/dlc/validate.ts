import { badRequest } from '../../errors.js';
import { nameTable } from '../../names.js';
import { JOB_TYPES, type DataSourceRecord, type JobDefinition, type JobSpecRecord } from './model.js';

/** Pod roles each framework accepts (SDK docs of JobSpec.Type); other job types accept any role. */
const ROLES_BY_JOB_TYPE: Record<string, readonly string[]> = {
  TFJob: ['Chief', 'PS', 'Worker', 'Evaluator', 'GraphLearn'],
  PyTorchJob: ['Worker', 'Master'],
  XGBoostJob: ['Worker', 'Master'],
  OneFlowJob: ['Worker', 'Master'],
  ElasticBatchJob: ['Worker', 'Master'],
  RayJob: ['Head', 'Worker'],
  MPIJob: ['Launcher', 'Worker'],
};

const invalid = (message: string) => badRequest('InvalidParameter', message);

/**
 * CreateJob's checks, answered as the service does: 400 with a message naming the field. The
 * required fields and the case-sensitive JobType enum are documented; the limits on lengths and
 * env names are this emulator's (UNVERIFIED) and err on the side of what a shell can run.
 */
export function validateCreateJob(body: unknown): JobDefinition {
  if (!isRecord(body)) throw invalid('The request body must be a JSON object.');
  const DisplayName = requiredString(body, 'DisplayName', 256);
  const JobType = requiredString(body, 'JobType', 64);
  if (!(JOB_TYPES as readonly string[]).includes(JobType)) {
    throw invalid(`JobType "${JobType}" is not supported; valid values (case-sensitive): ${JOB_TYPES.join(', ')}.`);
  }
  const UserCommand = requiredString(body, 'UserCommand', 64 * 1024);
  const JobSpecs = validateJobSpecs(body['JobSpecs'], JobType, body['ResourceId'] !== undefined);
  const Envs = stringMap(body['Envs'], 'Envs', true);
  for (const entry of optionalArray(body['CustomEnvs'], 'CustomEnvs')) {
    if (!isRecord(entry) || typeof entry['Key'] !== 'string' || typeof entry['Value'] !== 'string') {
      throw invalid('CustomEnvs items need a string Key and Value.');
    }
    // The SDK types Visible as a string ("true"/"false"), not a boolean.
    if (entry['Visible'] !== undefined && typeof entry['Visible'] !== 'string') {
      throw invalid('CustomEnvs.Visible must be a string.');
    }
    checkEnvName(entry['Key'], 'CustomEnvs.Key');
    Envs[entry['Key']] = entry['Value'];
  }
  const Settings = isRecord(body['Settings'])
    ? { ...body['Settings'] }
    : body['Settings'] === undefined
      ? {}
      : badType('Settings', 'an object');
  const settings = Settings as JobDefinition['Settings'];
  if (settings.Tags !== undefined) settings.Tags = stringMap(settings.Tags, 'Settings.Tags', false);
  if (settings.ElasticSpotJobMaxRestartTimes !== undefined) {
    settings.ElasticSpotJobMaxRestartTimes = integer(
      settings.ElasticSpotJobMaxRestartTimes,
      'Settings.ElasticSpotJobMaxRestartTimes',
      0,
      100,
    );
  }
  const Priority = body['Priority'] === undefined ? 1 : integer(body['Priority'], 'Priority', 1, 9);
  const JobMaxRunningTimeMinutes =
    body['JobMaxRunningTimeMinutes'] === undefined
      ? undefined
      : integer(body['JobMaxRunningTimeMinutes'], 'JobMaxRunningTimeMinutes', 1, 10_000_000);
  const Accessibility =
    body['Accessibility'] === undefined
      ? 'PRIVATE'
      : oneOf(body['Accessibility'], 'Accessibility', ['PRIVATE', 'PUBLIC']);
  const DataSources = optionalArray(body['DataSources'], 'DataSources').map((item, i) => validateDataSource(item, i));
  return {
    DisplayName,
    JobType,
    UserCommand,
    JobSpecs,
    Envs,
    DataSources,
    Settings: settings,
    Priority,
    Accessibility,
    ...(JobMaxRunningTimeMinutes === undefined ? {} : { JobMaxRunningTimeMinutes }),
    ...optionalString(body, 'WorkspaceId'),
    ...optionalString(body, 'ResourceId'),
    ...optionalString(body, 'Description'),
    ...(isRecord(body['CodeSource']) ? { CodeSource: body['CodeSource'] } : {}),
    ...(isRecord(body['UserVpc']) ? { UserVpc: body['UserVpc'] } : {}),
    ...(Array.isArray(body['ThirdpartyLibs']) ? { ThirdpartyLibs: body['ThirdpartyLibs'].map(String) } : {}),
  };
}

function validateJobSpecs(value: unknown, jobType: string, hasResourceId: boolean): JobSpecRecord[] {
  if (value === undefined || value === null) throw invalid('JobSpecs is required.');
  if (!Array.isArray(value) || value.length === 0) throw invalid('JobSpecs must be a non-empty array.');
  const roles = ROLES_BY_JOB_TYPE[jobType];
  return value.map((spec, i) => {
    const where = `JobSpecs[${i}]`;
    if (!isRecord(spec)) throw invalid(`${where} must be an object.`);
    const Type = requiredString(spec, 'Type', 64, where);
    if (roles && !roles.includes(Type))
      throw invalid(`${where}.Type "${Type}" is not valid for ${jobType}; valid values: ${roles.join(', ')}.`);
    const Image = requiredString(spec, 'Image', 1024, where);
    const PodCount = spec['PodCount'] === undefined ? 1 : integer(spec['PodCount'], `${where}.PodCount`, 1, 1000);
    const hasEcs = typeof spec['EcsSpec'] === 'string' && spec['EcsSpec'] !== '';
    const hasResources = isRecord(spec['ResourceConfig']);
    if (!hasEcs && !hasResources) {
      throw invalid(
        hasResourceId
          ? `${where}.ResourceConfig is required for a job on a resource group (ResourceId).`
          : `${where}.EcsSpec is required for a job on public resources (no ResourceId).`,
      );
    }
    if (spec['UseSpotInstance'] !== undefined && typeof spec['UseSpotInstance'] !== 'boolean')
      badType(`${where}.UseSpotInstance`, 'a boolean');
    return { ...spec, Type, Image, PodCount } as JobSpecRecord;
  });
}

function validateDataSource(item: unknown, i: number): DataSourceRecord {
  const where = `DataSources[${i}]`;
  if (!isRecord(item)) throw invalid(`${where} must be an object.`);
  if (item['Uri'] === undefined && item['DataSourceId'] === undefined)
    throw invalid(`${where} needs a Uri or a DataSourceId.`);
  if (item['Uri'] !== undefined && (typeof item['Uri'] !== 'string' || !/^oss:\/\/[^/]+/.test(item['Uri']))) {
    throw invalid(`${where}.Uri must be an oss:// URI, got ${JSON.stringify(item['Uri'])}.`);
  }
  return { ...item } as DataSourceRecord;
}

export function checkEnvName(name: string, field: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw invalid(`${field} "${name}" is not a valid environment variable name.`);
}

function stringMap(value: unknown, field: string, envNames: boolean): Record<string, string> {
  if (value === undefined || value === null) return nameTable();
  if (!isRecord(value)) return badType(field, 'an object of strings');
  const out = nameTable<string>();
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(`${field}.${key} must be a string.`);
    if (envNames) checkEnvName(key, `${field} key`);
    out[key] = entry;
  }
  return out;
}

function requiredString(body: Record<string, unknown>, name: string, maxLength: number, where?: string): string {
  const field = where ? `${where}.${name}` : name;
  const value = body[name];
  if (value === undefined || value === null || value === '') throw invalid(`${field} is required.`);
  if (typeof value !== 'string') return badType(field, 'a string');
  if (value.length > maxLength) throw invalid(`${field} is longer than ${maxLength} characters.`);
  // eslint-disable-next-line no-control-regex
  if (name !== 'UserCommand' && /[\u0000-\u001f]/.test(value)) throw invalid(`${field} contains control characters.`);
  return value;
}

function optionalString(body: Record<string, unknown>, name: string): Record<string, string> {
  const value = body[name];
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') return badType(name, 'a string');
  return { [name]: value };
}

function optionalArray(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return badType(field, 'an array');
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function oneOf(value: unknown, field: string, allowed: string[]): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw invalid(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function badType(field: string, expected: string): never {
  throw invalid(`${field} must be ${expected}.`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
