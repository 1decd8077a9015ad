import { LABEL_FLEET, parseLabelsDescription } from '../gcp-names.js';
import { FLEET_SEPARATOR } from '../plan/names.js';
import { drift } from './drift.js';
import { type NetworkObject, objectId, partialUrl, referencesOf } from './objects.js';

/**
 * Pure decisions of the network step: given the plan's objects and what the Compute API holds,
 * which to create, patch, delete or leave, and in which order. GCP networks, subnets, routers,
 * firewalls and health checks take no labels: an object is this fleet's when its name has the
 * fleet prefix and its description carries the planner's marker for this fleet. Anything else
 * is never modified or deleted; one that holds a planned name is a conflict.
 */

export type Step =
  | { action: 'create'; object: NetworkObject }
  | {
      action: 'update';
      object: NetworkObject;
      live: NetworkObject;
      fields: string[];
      patch: Record<string, unknown>;
    }
  | { action: 'delete'; object: NetworkObject }
  | { action: 'unchanged'; object: NetworkObject }
  | { action: 'conflict'; object: NetworkObject; reason: string };

export interface Fleet {
  name: string;
  project: string;
}

/** Whether the live object is this fleet's own (name prefix and description marker). */
export function isOurs(fleet: Fleet, live: NetworkObject): boolean {
  if (!live.name.startsWith(`${fleet.name}${FLEET_SEPARATOR}`)) return false;
  const facts = parseLabelsDescription(
    typeof live.body.description === 'string' ? live.body.description : undefined,
  );
  return facts?.[LABEL_FLEET] === fleet.name;
}

const key = (o: NetworkObject) => `${o.kind}|${o.scope}|${o.name}`;

/** What one desired object needs, given the live object of that name (if any). */
export function decideObject(fleet: Fleet, desired: NetworkObject, live: NetworkObject | undefined): Step {
  if (!live) return { action: 'create', object: desired };
  if (!isOurs(fleet, live))
    return {
      action: 'conflict',
      object: desired,
      reason: `${objectId(desired)} exists but is not fleet ${fleet.name}'s (its description has no talos-fleet marker for it); left alone`,
    };
  const d = drift(desired.kind, desired.body, live.body, fleet.project);
  if (d.immutable.length)
    return {
      action: 'conflict',
      object: desired,
      reason: `${objectId(desired)} differs in ${d.immutable.join(', ')}, which cannot change in place; run down, then up`,
    };
  if (d.fields.length === 0) return { action: 'unchanged', object: desired };
  const patch = { ...d.patch };
  // A subnetwork PATCH must quote the current fingerprint (412 conditionNotMet otherwise).
  if (desired.kind === 'subnetwork' && typeof live.body.fingerprint === 'string')
    patch.fingerprint = live.body.fingerprint;
  return { action: 'update', object: desired, live, fields: d.fields, patch };
}

/**
 * up (and diff): every planned object created or repaired, and this fleet's objects that the
 * plan no longer holds deleted. The plan's network is never deleted here, and a shared network
 * (not ours to create) is not an object at all.
 */
export function decideUp(
  fleet: Fleet,
  desired: readonly NetworkObject[],
  live: readonly NetworkObject[],
): Step[] {
  const byKey = new Map(live.map((o) => [key(o), o]));
  const steps = desired.map((d) => decideObject(fleet, d, byKey.get(key(d))));
  const wanted = new Set(desired.map(key));
  for (const o of live)
    if (o.kind !== 'network' && !wanted.has(key(o)) && isOurs(fleet, o))
      steps.push({ action: 'delete', object: o });
  return steps;
}

/** down: this fleet's objects deleted (the network only when the plan creates it); foreign ones of a planned name are conflicts. */
export function decideDown(
  fleet: Fleet,
  desired: readonly NetworkObject[],
  live: readonly NetworkObject[],
  createsNetwork: boolean,
): Step[] {
  const planned = new Set(desired.map(key));
  const steps: Step[] = [];
  for (const o of live) {
    if (o.kind === 'network' && !createsNetwork) continue;
    if (isOurs(fleet, o)) steps.push({ action: 'delete', object: o });
    else if (planned.has(key(o)))
      steps.push({
        action: 'conflict',
        object: o,
        reason: `${objectId(o)} is not fleet ${fleet.name}'s (its description has no talos-fleet marker for it); left alone`,
      });
  }
  return steps;
}

/**
 * Which steps must finish before each one starts, by step index. A create or update waits for
 * the creates and updates of what its desired body refers to (a subnet for its network, a
 * router for the subnets its NAT serves); a delete waits for every step on an object whose live
 * body refers to it (the router that stops NATing a subnet, the subnets of a network).
 */
export function stepDependencies(
  steps: readonly Step[],
  live: readonly NetworkObject[],
  project: string,
): number[][] {
  const url = (o: NetworkObject) => partialUrl(project, o);
  const liveByUrl = new Map(live.map((o) => [url(o), o]));
  const writerOf = new Map<string, number>();
  steps.forEach((s, i) => {
    if (s.action === 'create' || s.action === 'update') writerOf.set(url(s.object), i);
  });
  return steps.map((s, i) => {
    if (s.action === 'create' || s.action === 'update')
      return referencesOf(s.object, project)
        .map((ref) => writerOf.get(ref))
        .filter((i): i is number => i !== undefined);
    if (s.action !== 'delete') return [];
    const me = url(s.object);
    const deps: number[] = [];
    steps.forEach((other, j) => {
      if (j === i) return;
      if (other.action !== 'delete' && other.action !== 'update') return;
      const before = liveByUrl.get(url(other.object)) ?? other.object;
      if (referencesOf(before, project).includes(me)) deps.push(j);
    });
    return deps;
  });
}
