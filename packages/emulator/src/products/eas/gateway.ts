import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../../context.js';
import { mulberry32 } from '../../faults.js';
import { readBody } from '../../http/incoming.js';
import type { FailureAnswer, RequestHandler } from '../../http/listener.js';
import { sleepEmulated, waitForClock } from './clock-wait.js';
import { isServing, readyInstances } from './lifecycle.js';
import { effectiveBehaviour, predict, readInstances, sampleLatency } from './model.js';
import type { ModelLoader } from './processor.js';
import type { GroupRecord, ServiceRecord } from './records.js';
import type { EasRegistry } from './registry.js';
import type { AutoscalerLoop } from './scaling.js';
import { WeightedRoundRobin } from './traffic.js';

/**
 * The EAS gateway: `POST /api/predict/<service or group>` with `Authorization: <token>`.
 * The token is checked before any instance is involved (401); a group URL picks one of its
 * Running services in `grouping` state by weight (TrafficMode customized) or by instance count
 * (auto); the service's processor computes the model's predictions after a latency drawn from
 * its behaviour, and fails at its error rate. Every answered request that reached a service is
 * recorded for CloudMonitor with its emulated latency. This is the benchmarked hot path: no
 * request log, no per-request allocation beyond the body and the answer.
 */
const PREFIX = '/api/predict/';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export class EasGateway {
  private readonly random = mulberry32(20210701);
  private readonly rotations = new Map<string, WeightedRoundRobin>();

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly registry: EasRegistry,
    private readonly models: ModelLoader,
    private readonly scaling: AutoscalerLoop,
  ) {}

  readonly handler: RequestHandler = (req, res) => this.serve(req, res);

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const name = targetName(req.url ?? '');
    if (name === undefined) return reply(res, 404, { error: `no such path; call POST ${PREFIX}<service or group>` });
    if (req.method !== 'POST' && req.method !== 'GET') return reply(res, 405, { error: 'use POST' });
    const arrival = this.ctx.clock.now();
    const token = req.headers.authorization;

    let service = this.registry.find(name, arrival);
    if (service) {
      if (token !== service.accessToken) return this.answer(res, service, arrival, 0, 401, UNAUTHORIZED);
    } else {
      const group = this.registry.findGroup(name, arrival);
      if (!group) return reply(res, 404, { error: `service or group [${name}] does not exist` });
      if (token !== group.accessToken) return reply(res, 401, UNAUTHORIZED);
      service = this.pickMember(group, arrival);
      if (!service) return reply(res, 503, { error: `no service of group [${name}] takes traffic` });
    }
    if (!isServing(service)) {
      return this.answer(res, service, arrival, 0, 503, { error: `service [${service.name}] is not running` });
    }

    // Noted on arrival: a request waiting for a cold start already counts as traffic.
    this.scaling.noteRequest(service.name, arrival);
    const read = await readBody(req, res, this.ctx.bodies, MAX_BODY_BYTES);
    if (read === undefined) return void res.destroy();
    if (read === 'too-large') return this.answer(res, service, arrival, 0, 413, { error: 'request body too large' });
    if (read === 'busy') return reply(res, 503, { error: 'the gateway is busy; retry later' });
    const body = read.toString('utf8');
    const waited = await this.instanceFor(service, arrival);
    if (waited === undefined)
      return this.answer(res, service, arrival, 0, 503, { error: `service [${service.name}] has no instance` });

    const loaded = this.models.load(service, service.servingVersion!);
    if (!loaded.ok) return this.answer(res, service, arrival, waited, 503, { error: loaded.message });
    const model = loaded.model;
    let status = 200;
    let payload: unknown;
    if (model) {
      const input = readInstances(parseJson(body), model.weights.length);
      if (typeof input === 'string') return this.answer(res, service, arrival, waited, 400, { error: input });
      payload = { predictions: predict(model, input.instances) };
    } else {
      payload = body; // no model artefact: the processor echoes, like EAS's echo example
    }
    const behaviour = effectiveBehaviour(model, service.behaviour);
    const latency = sampleLatency(behaviour.latencyMs, this.random);
    if (behaviour.errorRate > 0 && this.random() < behaviour.errorRate) {
      status = 500;
      payload = { error: `service [${service.name}] failed to process the request` };
    }
    const pause = sleepEmulated(this.ctx.clock, latency);
    if (pause) await pause;
    this.answer(res, service, arrival, waited + latency, status, payload);
  }

  /**
   * Emulated ms the request waited for a ready instance (0 when one is up), starting one after
   * scale-to-zero; undefined when the service has none and cannot start one.
   */
  private async instanceFor(service: ServiceRecord, arrival: number): Promise<number | undefined> {
    if (readyInstances(service, arrival) > 0) return 0;
    if (service.instances.length === 0) this.scaling.activate(service, arrival);
    let earliest = Infinity;
    for (const instance of service.instances) earliest = Math.min(earliest, instance.readyAt);
    if (earliest === Infinity) return undefined;
    await waitForClock(this.ctx.clock, earliest);
    return Math.max(0, this.ctx.clock.now() - arrival);
  }

  private pickMember(group: GroupRecord, now: number): ServiceRecord | undefined {
    const members = this.registry.members(group.name, now).filter((s) => s.trafficState === 'grouping' && isServing(s));
    if (members.length === 0) return undefined;
    const candidates = members.map((s) => ({
      name: s.name,
      weight: group.trafficMode === 'customized' ? Math.max(0, s.weight) : instanceWeight(s),
    }));
    let rotation = this.rotations.get(group.name);
    if (!rotation) this.rotations.set(group.name, (rotation = new WeightedRoundRobin()));
    const chosen = rotation.pick(candidates);
    return members.find((s) => s.name === chosen);
  }

  private answer(
    res: ServerResponse,
    service: ServiceRecord,
    arrival: number,
    latencyMs: number,
    status: number,
    payload: unknown,
  ) {
    this.ctx.invocations.record({ service: service.name, time: arrival, latencyMs, status });
    reply(res, status, payload);
  }
}

const UNAUTHORIZED = { error: 'Authorization failed: the request carries no valid token for this service' };

/** TrafficMode auto: by instances; a service scaled to zero still gets a share, so it can wake up. */
function instanceWeight(service: ServiceRecord): number {
  return service.instances.length || (service.autoscaler?.min === 0 ? 1 : 0);
}

function targetName(url: string): string | undefined {
  if (!url.startsWith(PREFIX)) return undefined;
  let end = url.length;
  for (let i = PREFIX.length; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */) {
      end = i;
      break;
    }
  }
  const raw = url.slice(PREFIX.length, end);
  if (raw === '') return undefined;
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The gateway's answer when serving a request failed unexpectedly. */
export const gatewayFailure: FailureAnswer = (res) => reply(res, 500, { error: 'gateway internal error' });

function reply(res: ServerResponse, status: number, payload: unknown): void {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
