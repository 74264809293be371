import type { ObjectStorage } from '../oss/storage.js';
import { ModelError, parseModel, type LinearModel } from './model.js';
import type { ServiceConfig, ServiceRecord } from './records.js';

/**
 * The processor side of a service: loads the version's model artefact from emulated OSS, as an
 * EAS instance does when it starts, and keeps it in memory for as long as the version runs (a
 * later overwrite of the object does not change a running version, as in the cloud).
 */
export type LoadResult =
  | { ok: true; model: LinearModel | undefined } // undefined: no model_path, the processor echoes
  | { ok: false; reason: string; message: string };

export class ModelLoader {
  private readonly cache = new Map<string, LoadResult>();

  constructor(private readonly storage: ObjectStorage) {}

  load(service: ServiceRecord, version: number): LoadResult {
    const key = `${service.uid}:${version}`;
    let result = this.cache.get(key);
    if (!result) {
      const config = service.versions.find((v) => v.version === version)?.config;
      result = config
        ? this.read(config)
        : { ok: false, reason: 'VERSION_NOT_FOUND', message: `version ${version} does not exist` };
      if (result.ok) this.cache.set(key, result);
    }
    return result;
  }

  forget(service: ServiceRecord): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${service.uid}:`)) this.cache.delete(key);
  }

  private read(config: ServiceConfig): LoadResult {
    const modelPath = config['model_path'];
    if (modelPath === undefined || modelPath === '') return { ok: true, model: undefined };
    if (typeof modelPath !== 'string')
      return { ok: false, reason: 'INVALID_MODEL_PATH', message: 'model_path must be a string' };
    const location = /^oss:\/\/([^/]+)\/(.*)$/.exec(modelPath);
    if (!location) {
      return {
        ok: false,
        reason: 'INVALID_MODEL_PATH',
        message: `model_path ${modelPath} is not an oss://bucket/key URI (the only kind emulated)`,
      };
    }
    const [, bucket, key] = location as unknown as [string, string, string];
    const found = candidateKeys(key)
      .map((k) => this.storage.get(bucket, k))
      .find((object) => object !== undefined);
    if (!found) {
      return {
        ok: false,
        reason: 'MODEL_NOT_FOUND',
        message: `Failed to load model: ${modelPath} does not exist in OSS`,
      };
    }
    try {
      return { ok: true, model: parseModel(found.data.toString('utf8')) };
    } catch (error) {
      const why = error instanceof ModelError ? error.message : String(error);
      return { ok: false, reason: 'INVALID_MODEL', message: `Failed to load model ${modelPath}: ${why}` };
    }
  }
}

/** A model path names the artefact itself, or a directory holding `model.json`. */
function candidateKeys(key: string): string[] {
  if (key === '' || key.endsWith('/')) return [`${key}model.json`];
  return key.endsWith('.json') ? [key] : [key, `${key}/model.json`];
}
