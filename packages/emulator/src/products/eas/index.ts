import type { EmulatorContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { openApiHandler, popFailure } from '../../openapi.js';
import type { AdminRoute, ProductModule } from '../../product.js';
import type { ObjectStorage } from '../oss/storage.js';
import { easControlPlane, readBehaviourOverride } from './control-plane.js';
import { EasGateway, gatewayFailure } from './gateway.js';
import { effectiveBehaviour } from './model.js';
import { ModelLoader } from './processor.js';
import { DEFAULT_TIMINGS, type EasTimings } from './records.js';
import { EasRegistry } from './registry.js';
import { AutoscalerLoop } from './scaling.js';

/**
 * PAI-EAS: the control plane (product `eas`, the OpenAPI) and the gateway (product `gateway`,
 * the predict URLs), sharing one registry of services and groups.
 *
 * Admin routes (under /admin):
 * - `GET|PUT|DELETE /eas/services/{ServiceName}/behaviour`: latency (`latencyMs: {p50, p95}`)
 *   and `errorRate` of a service, overriding its model artefact's; DELETE restores the artefact's.
 * - `GET|PUT /eas/timings`: how long creates, updates, starts, stops, deletes and instance starts
 *   take in emulated ms (see EasTimings).
 */
export function createEas(ctx: EmulatorContext, deps: { storage: ObjectStorage }): ProductModule[] {
  const models = new ModelLoader(deps.storage);
  const registry = new EasRegistry(ctx, models);
  ctx.secrets.addSource(() => [
    ...Object.values(registry.state.services).map((service) => service.accessToken),
    ...Object.values(registry.state.groups).map((group) => group.accessToken),
  ]);
  const scaling = new AutoscalerLoop(ctx, registry);
  const gateway = new EasGateway(ctx, registry, models, scaling);

  const serviceFor = (name: string | undefined) => {
    const service = registry.find(name ?? '', ctx.clock.now());
    if (!service) throw notFound('InvalidService.NotFound', `Service [${name}] does not exist.`);
    return service;
  };
  const behaviourOf = (name: string | undefined) => {
    const service = serviceFor(name);
    const loaded = service.servingVersion === undefined ? undefined : models.load(service, service.servingVersion);
    return {
      serviceName: service.name,
      override: service.behaviour ?? null,
      effective: effectiveBehaviour(loaded?.ok ? loaded.model : undefined, service.behaviour),
    };
  };
  const adminRoutes: AdminRoute[] = [
    {
      method: 'GET',
      path: '/eas/services/{ServiceName}/behaviour',
      handle: ({ params }) => behaviourOf(params['ServiceName']),
    },
    {
      method: 'PUT',
      path: '/eas/services/{ServiceName}/behaviour',
      handle: ({ params, body }) => {
        const service = serviceFor(params['ServiceName']);
        service.behaviour = { ...service.behaviour, ...readBehaviourOverride(body) };
        registry.changed(service);
        return behaviourOf(service.name);
      },
    },
    {
      method: 'DELETE',
      path: '/eas/services/{ServiceName}/behaviour',
      handle: ({ params }) => {
        const service = serviceFor(params['ServiceName']);
        delete service.behaviour;
        registry.changed(service);
        return behaviourOf(service.name);
      },
    },
    { method: 'GET', path: '/eas/timings', handle: () => registry.timings },
    {
      method: 'PUT',
      path: '/eas/timings',
      handle: ({ body }) => {
        for (const [key, value] of Object.entries(body)) {
          if (!Object.hasOwn(DEFAULT_TIMINGS, key))
            throw new Error(`unknown timing "${key}"; known: ${Object.keys(DEFAULT_TIMINGS).join(', ')}`);
          if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
            throw new Error(`timing ${key} must be a finite number of ms >= 0, got ${JSON.stringify(value)}`);
          registry.timings[key as keyof EasTimings] = value;
        }
        registry.timingsChanged();
        return registry.timings;
      },
    },
  ];

  return [
    {
      name: 'eas',
      handler: openApiHandler(easControlPlane(ctx, registry), ctx),
      failure: popFailure,
      adminRoutes,
      start: () => scaling.start(),
      stop: () => scaling.stop(),
    },
    { name: 'gateway', handler: gateway.handler, failure: gatewayFailure },
  ];
}
