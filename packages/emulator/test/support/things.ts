/**
 * "things", a test-only ROA product served by the real `openApiHandler` on a real emulator's
 * context (same RAM, clock, faults and request log): a read, a list and a create, enough to test
 * the POP pipeline and core's RoaClient without any real product's rules in the way.
 */
import { expect } from '@jest/globals';
import type { RoaProduct } from '../../../core/src/clients/roa.js';
import { PaiApiError } from '../../../core/src/errors.js';
import { ServiceError } from '../../src/errors.js';
import { listen, type Listener } from '../../src/http/listener.js';
import type { Emulator } from '../../src/index.js';
import { openApiHandler, type OpenApiProduct } from '../../src/openapi.js';

export const THINGS_VERSION = '2099-09-09';

export interface Thing {
  ThingId: string;
  Name: string;
  Tags?: string[];
}

/** RAM resource of a thing; `*` when the request names none. */
const thingArn = (id = '*') => `acs:test:*:*:thing/${id}`;

/**
 * GetThing answers the thing and echoes the decoded query; ListThings filters by Name; CreateThing
 * takes the ThingId from the body or makes one up (`t<n>`).
 */
export function thingsProduct(initial: Thing[] = []): OpenApiProduct {
  const things = new Map<string, Thing>(initial.map((thing) => [thing.ThingId, thing]));
  return {
    product: 'test',
    version: THINGS_VERSION,
    style: 'ROA',
    ramPrefix: 'test',
    routes: [
      {
        action: 'GetThing',
        method: 'GET',
        path: '/api/v9/things/{ThingId}',
        resource: ({ params }) => thingArn(params['ThingId']),
        handle: ({ params, input }) => {
          const thing = things.get(params['ThingId']!);
          if (!thing)
            throw new ServiceError(404, 'InvalidThing.NotFound', `Thing ${params['ThingId']} does not exist.`);
          return { Thing: thing, Echo: input };
        },
      },
      {
        action: 'ListThings',
        method: 'GET',
        path: '/api/v9/things',
        handle: ({ input }) => ({
          Things: [...things.values()].filter((t) => !input['Name'] || t.Name === input['Name']),
        }),
      },
      {
        action: 'CreateThing',
        method: 'POST',
        path: '/api/v9/things',
        resource: ({ body }) => thingArn((body as Partial<Thing> | undefined)?.ThingId),
        handle: ({ body }) => {
          const given = body as Partial<Thing>;
          const thing = { ...given, ThingId: given.ThingId ?? `t${things.size + 1}` } as Thing;
          things.set(thing.ThingId, thing);
          return { ThingId: thing.ThingId };
        },
      },
    ],
  };
}

/** The things product as RoaClient addresses it; the host is always overridden by the listener's URL. */
export const thingsClientProduct = (version = THINGS_VERSION): RoaProduct => ({
  name: 'test',
  version,
  endpointHost: () => 'unused.example.com',
});

/** Serves the things product on the emulator's context; close the listener before stopping the emulator. */
export function listenThings(emulator: Emulator, initial: Thing[] = []): Promise<Listener> {
  return listen(openApiHandler(thingsProduct(initial), emulator.context), { host: '127.0.0.1', port: 0 });
}

/** The PaiApiError a call failed with (the test fails if it succeeded or threw anything else). */
export async function failure(promise: Promise<unknown>): Promise<PaiApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PaiApiError);
  return error as PaiApiError;
}
