import type { EmulatorContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { newSecret } from '../../ids.js';
import { nameTable } from '../../names.js';
import { dueTransition, failed, running, stopped } from './lifecycle.js';
import type { ModelLoader } from './processor.js';
import { DEFAULT_TIMINGS, type EasState, type EasTimings, type GroupRecord, type ServiceRecord } from './records.js';

/**
 * The emulated EAS account's services and groups, read as of a moment: a transition whose time
 * is up is settled on first sight (loading the model decides Running or Failed; Deleting ends
 * with the record gone), so statuses follow the emulator clock, jumps included.
 */
export class EasRegistry {
  readonly state: EasState;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly models: ModelLoader,
  ) {
    this.state = ctx.store.slice<EasState>('eas', () => ({
      services: {},
      groups: {},
      timings: { ...DEFAULT_TIMINGS },
    }));
    this.state.timings = { ...DEFAULT_TIMINGS, ...this.state.timings };
    this.state.services = nameTable(this.state.services);
    this.state.groups = nameTable(this.state.groups);
    for (const service of Object.values(this.state.services)) service.labels = nameTable(service.labels);
  }

  get timings(): EasTimings {
    return this.state.timings;
  }

  find(name: string, now: number): ServiceRecord | undefined {
    const service = this.state.services[name];
    if (!service) return undefined;
    return this.settle(service, now) ? service : undefined;
  }

  get(name: string, now: number): ServiceRecord {
    const service = this.find(name, now);
    if (!service)
      throw notFound('InvalidService.NotFound', `Service [${name}] does not exist in region [${this.ctx.region}].`);
    return service;
  }

  all(now: number): ServiceRecord[] {
    return Object.values(this.state.services).filter((service) => this.settle(service, now));
  }

  put(service: ServiceRecord): void {
    service.labels = nameTable(service.labels);
    this.state.services[service.name] = service;
    this.ensureGroup(service.group, service.createdAt);
    this.changed(service);
  }

  findGroup(name: string, now: number): GroupRecord | undefined {
    const group = this.state.groups[name];
    if (!group) return undefined;
    return this.members(name, now).length > 0 ? group : this.dropGroup(name);
  }

  getGroup(name: string, now: number): GroupRecord {
    const group = this.findGroup(name, now);
    if (!group)
      throw notFound('InvalidGroup.NotFound', `Group [${name}] does not exist in region [${this.ctx.region}].`);
    return group;
  }

  groups(now: number): GroupRecord[] {
    return Object.keys(this.state.groups)
      .map((name) => this.findGroup(name, now))
      .filter((g): g is GroupRecord => g !== undefined);
  }

  members(group: string, now: number): ServiceRecord[] {
    return this.all(now).filter((service) => service.group === group);
  }

  /** Moves a service to a group, creating the group on first use (it gets its own token). */
  ensureGroup(name: string, now: number): GroupRecord {
    let group = this.state.groups[name];
    if (!group) {
      group = { name, accessToken: newToken(), trafficMode: 'auto', createdAt: now, updatedAt: now };
      this.state.groups[name] = group;
      this.groupChanged(group);
    }
    return group;
  }

  /** Call after changing the service's record (or removing it). */
  changed(service: ServiceRecord): void {
    this.ctx.store.changed('eas', 'services', service.name);
  }

  groupChanged(group: GroupRecord): void {
    this.ctx.store.changed('eas', 'groups', group.name);
  }

  timingsChanged(): void {
    this.ctx.store.changed('eas', 'timings');
  }

  /** Settles a due transition; false when the service is gone. */
  private settle(service: ServiceRecord, now: number): boolean {
    const due = dueTransition(service, now);
    if (!due) return true;
    service.transition = undefined;
    if (due.then === 'Deleted') {
      delete this.state.services[service.name];
      this.models.forget(service);
      this.changed(service);
      return false;
    }
    if (due.then === 'Stopped') {
      service.settled = stopped(due.until);
      service.servingVersion = undefined;
      service.instances = [];
    } else {
      const loaded = this.models.load(service, service.currentVersion);
      // The rollout is over: instances of other versions are gone.
      service.instances = service.instances.filter((i) => i.version === service.currentVersion);
      if (loaded.ok) {
        service.settled = running(due.until);
        service.servingVersion = service.currentVersion;
      } else {
        service.settled = failed(due.until, loaded.reason, loaded.message);
        service.servingVersion = undefined;
      }
    }
    service.updatedAt = due.until;
    this.changed(service);
    return true;
  }

  private dropGroup(name: string): undefined {
    delete this.state.groups[name];
    this.ctx.store.changed('eas', 'groups', name);
    return undefined;
  }
}

/** EAS tokens look like base64 of a hex digest. */
export function newToken(): string {
  return Buffer.from(
    newSecret(30)
      .replace(/[^a-zA-Z0-9]/g, '0')
      .toLowerCase(),
  ).toString('base64');
}
