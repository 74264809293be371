import { newId } from '../../ids.js';
import type { InstanceRecord, ServiceRecord, Settled, Transition, TransitionStatus } from './records.js';

/**
 * Service and instance statuses as plain functions of the record and the time. A transition
 * (Creating, Updating, ...) lasts until its `until`; what it settles into is decided once, by
 * the registry, when someone first looks after that moment.
 */
export interface StatusView {
  status: string;
  reason: string;
  message: string;
}

const TRANSITION_TEXT: Record<TransitionStatus, string> = {
  Creating: 'Service is being created',
  Updating: 'Service is being updated',
  Starting: 'Service is starting',
  Stopping: 'Service is stopping',
  Deleting: 'Service is being deleted',
};

export function statusOf(service: Pick<ServiceRecord, 'transition' | 'settled'>): StatusView {
  const t = service.transition;
  if (t) return { status: t.status, reason: t.status.toUpperCase(), message: TRANSITION_TEXT[t.status] };
  const { status, reason, message } = service.settled;
  return { status, reason, message };
}

/** The transition that has run its course by `now`, if any. */
export function dueTransition(service: Pick<ServiceRecord, 'transition'>, now: number): Transition | undefined {
  return service.transition && now >= service.transition.until ? service.transition : undefined;
}

export function begin(
  service: ServiceRecord,
  status: TransitionStatus,
  now: number,
  durationMs: number,
  then: Transition['then'],
): Transition {
  service.transition = { status, since: now, until: now + durationMs, then };
  service.updatedAt = now;
  return service.transition;
}

export const running = (since: number): Settled => ({
  status: 'Running',
  reason: 'RUNNING',
  message: 'Service start successfully',
  since,
});

export const stopped = (since: number): Settled => ({
  status: 'Stopped',
  reason: 'STOPPED',
  message: 'Service stopped',
  since,
});

export const failed = (since: number, reason: string, message: string): Settled => ({
  status: 'Failed',
  reason,
  message,
  since,
});

/** Answers requests: Running, or Updating while the previous version still serves. */
export function isServing(service: ServiceRecord): boolean {
  if (service.servingVersion === undefined) return false;
  const t = service.transition;
  if (!t) return service.settled.status === 'Running';
  return t.status === 'Updating';
}

/** `count` new instances of the service, ready at `readyAt`. */
export function newInstances(
  service: Pick<ServiceRecord, 'name' | 'currentVersion'>,
  count: number,
  now: number,
  readyAt: number,
): InstanceRecord[] {
  const revision = newId('', 8);
  return Array.from({ length: count }, () => ({
    name: `${service.name.replace(/_/g, '-')}-${revision}-${newId('', 5)}`,
    version: service.currentVersion,
    ip: `10.${randomOctet()}.${randomOctet()}.${randomOctet()}`,
    createdAt: now,
    readyAt,
  }));
}

export function readyInstances(service: Pick<ServiceRecord, 'instances'>, now: number): number {
  let ready = 0;
  for (const instance of service.instances) if (instance.readyAt <= now) ready++;
  return ready;
}

/** Status of one instance, as ListServiceInstances reports it. */
export function instanceStatus(
  service: ServiceRecord,
  instance: InstanceRecord,
  now: number,
): { status: string; reason: string } {
  const t = service.transition;
  if (t?.status === 'Stopping' || t?.status === 'Deleting') return { status: 'Terminating', reason: 'Terminating' };
  if (!t && service.settled.status === 'Failed') return { status: 'Failed', reason: service.settled.reason };
  if (instance.readyAt > now) return { status: 'Pending', reason: 'ContainerCreating' };
  return { status: 'Running', reason: 'Running' };
}

function randomOctet(): number {
  return 1 + Math.floor(Math.random() * 254);
}
