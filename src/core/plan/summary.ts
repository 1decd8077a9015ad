import { type Table, textTable } from '../text-table.js';
import type { FleetPlan } from './planner.js';

/** Readable summaries of a plan: the same tables for the terminal and the job summary. */

export function clusterTable(plan: FleetPlan): Table {
  return {
    headers: ['Cluster', 'Region', 'ID', 'Pod CIDR', 'Service CIDR', 'Node CIDR', 'Control plane', 'Workers'],
    rows: plan.clusters.map((c) => [
      c.name,
      c.region,
      String(c.id),
      c.podCidr,
      c.serviceCidr,
      c.nodeCidr,
      `${c.controlPlane.replicas} × ${c.controlPlane.machineType}`,
      `${c.workers.replicas} × ${c.workers.machineType}`,
    ]),
  };
}

export function firewallTable(plan: FleetPlan): Table {
  return {
    headers: ['Firewall rule', 'Allows', 'From', 'To (tags)'],
    rows: plan.network.firewalls.map((f) => [
      f.name ?? '',
      (f.allowed ?? [])
        .map((a) => (a.ports?.length ? `${a.IPProtocol ?? ''}:${a.ports.join(',')}` : (a.IPProtocol ?? '')))
        .join(' '),
      summariseList(f.sourceRanges ?? []),
      (f.targetTags ?? []).join(' '),
    ]),
  };
}

function summariseList(items: readonly string[], max = 4): string {
  return items.length <= max
    ? items.join(' ')
    : `${items.slice(0, max).join(' ')} … (+${items.length - max})`;
}

export function headline(plan: FleetPlan): string {
  const n = plan.clusters.length;
  const network = plan.network.create ? `new VPC ${plan.network.name}` : `existing VPC ${plan.network.name}`;
  return `Fleet ${plan.fleet.name}: ${n} cluster${n === 1 ? '' : 's'} in ${plan.fleet.project}, ${network}, mesh ${plan.mesh.enabled ? `on (${plan.mesh.datapath})` : 'off'}, expires ${plan.fleet.expiresAtIso}`;
}

export function textSummary(plan: FleetPlan, outDir: string): string {
  return [
    headline(plan),
    `Talos ${plan.versions.talos}, Kubernetes ${plan.versions.kubernetes}, Cilium ${plan.versions.cilium}; image ${plan.image.value} (${plan.image.source})`,
    '',
    textTable(clusterTable(plan)),
    '',
    textTable(firewallTable(plan)),
    '',
    ...plan.warnings.map((w) => `warning: ${w}`),
    `Plan written to ${outDir}/plan.json (manifests in ${outDir}/<cluster>/, network in ${outDir}/network.json)`,
    '',
  ].join('\n');
}
