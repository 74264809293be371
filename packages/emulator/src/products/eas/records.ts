import type { Behaviour } from './model.js';

/**
 * What the emulated EAS keeps per account (the `eas` slice of the state store). Times are
 * emulator-clock milliseconds; statuses are derived from them when read, so a clock jump moves
 * every service along as if the time had passed.
 */
export type ServiceConfig = Record<string, unknown>;
export type SettledStatus = 'Running' | 'Stopped' | 'Failed';
export type TransitionStatus = 'Creating' | 'Updating' | 'Starting' | 'Stopping' | 'Deleting';
export type TrafficState = 'standalone' | 'grouping';
export type TrafficMode = 'auto' | 'customized';

/** A change under way: `status` until `until`, then `then`. */
export interface Transition {
  status: TransitionStatus;
  since: number;
  until: number;
  then: 'Running' | 'Stopped' | 'Deleted';
}

export interface Settled {
  status: SettledStatus;
  reason: string;
  message: string;
  since: number;
}

export interface VersionRecord {
  version: number;
  config: ServiceConfig;
  buildTime: number;
}

export interface InstanceRecord {
  name: string;
  /** The service version the instance runs. */
  version: number;
  ip: string;
  createdAt: number;
  readyAt: number;
}

export interface AutoscalerRecord {
  min: number;
  max: number;
  strategies: Array<{ metricName: string; threshold: number; service?: string }>;
  scaleUpWindowMs: number;
  scaleDownWindowMs: number;
  zeroGraceMs: number;
  activationReplicas: number;
  /** Recent replica recommendations, for the stabilization windows (HPA semantics). */
  recommendations: Array<{ at: number; replicas: number }>;
  /** Last measured QPS (total over the service), for DescribeServiceAutoScaler's CurrentMetrics. */
  lastQps: number;
}

export interface ServiceRecord {
  name: string;
  uid: string;
  accessToken: string;
  createdAt: number;
  updatedAt: number;
  callerUid: string;
  workspaceId?: string;
  develop: boolean;
  versions: VersionRecord[];
  latestVersion: number;
  /** The version the service runs or is moving to. */
  currentVersion: number;
  /** The version whose instances answer requests; undefined while nothing serves. */
  servingVersion?: number;
  labels: Record<string, string>;
  group: string;
  weight: number;
  trafficState: TrafficState;
  transition?: Transition;
  settled: Settled;
  instances: InstanceRecord[];
  autoscaler?: AutoscalerRecord;
  /** Admin override of the model artefact's behaviour. */
  behaviour?: Partial<Behaviour>;
}

export interface GroupRecord {
  name: string;
  accessToken: string;
  trafficMode: TrafficMode;
  createdAt: number;
  updatedAt: number;
}

/** Emulated durations of EAS operations, in emulator ms; adjustable through the admin API. */
export interface EasTimings {
  createMs: number;
  updateMs: number;
  startMs: number;
  stopMs: number;
  deleteMs: number;
  /** A new instance (scale-out, cold start after scale-to-zero) takes this long to be ready. */
  instanceStartMs: number;
  /** How often the autoscaler looks at QPS. */
  autoscalerIntervalMs: number;
  /** QPS is averaged over this window. */
  qpsWindowMs: number;
}

export const DEFAULT_TIMINGS: EasTimings = {
  createMs: 20_000,
  updateMs: 15_000,
  startMs: 10_000,
  stopMs: 5_000,
  deleteMs: 5_000,
  instanceStartMs: 15_000,
  autoscalerIntervalMs: 15_000,
  qpsWindowMs: 60_000,
};

export interface EasState {
  services: Record<string, ServiceRecord>;
  groups: Record<string, GroupRecord>;
  timings: EasTimings;
}
