import type { compute_v1 } from '@googleapis/compute';
import { labelsDescription } from '../gcp-names.js';
import type { ResolvedFleet } from './model.js';
import { firewallName, natName, objectNames, routerName } from './names.js';

/**
 * The GCP network plan, in the Compute API's own resource shapes (the request bodies the network
 * step sends; the API rejects unknown fields, and the types come from @googleapis/compute).
 * Networks, subnets, routers and firewalls take no labels, so the fleet labels go into their
 * description in the form parseLabelsDescription reads back.
 */

export type Network = compute_v1.Schema$Network;
export type Subnetwork = compute_v1.Schema$Subnetwork;
export type Router = compute_v1.Schema$Router;
export type Firewall = compute_v1.Schema$Firewall;

/**
 * A router is inserted at `projects/<p>/regions/<region>/routers`; the Compute API takes its
 * region only from that URL (`Router.region` is not settable in the body), so the region sits next
 * to the body, which is sent as is.
 */
export interface RouterPlan {
  region: string;
  router: Router;
}

export interface NetworkPlan {
  name: string;
  /** Partial URL other resources refer to it by. */
  selfLink: string;
  /** false when `gcp.network` names an existing, shared network: it is used, never created or deleted. */
  create: boolean;
  network?: Network;
  subnetworks: Subnetwork[];
  routers: RouterPlan[];
  firewalls: Firewall[];
}

export const PORTS = {
  apid: 50000,
  trustd: 50001,
  kubeApi: 6443,
  ciliumHealth: 4240,
  vxlan: 8472,
  geneve: 6081,
} as const;

/** Sources per firewall rule are kept at or under this; more peers spill into `-mesh-2`, ... */
export const MAX_SOURCE_RANGES = 256;

function subnetSelfLink(project: string, region: string, name: string): string {
  return `projects/${project}/regions/${region}/subnetworks/${name}`;
}

export function renderNetworkPlan(fleet: ResolvedFleet): NetworkPlan {
  const describe = (prose: string) => labelsDescription(fleet.labels, prose);
  const network = fleet.network.selfLink;
  const subnetworks: Subnetwork[] = fleet.clusters.map((c) => ({
    name: c.subnetName,
    description: describe(`nodes of cluster ${c.name}`),
    network,
    region: c.region,
    ipCidrRange: c.nodeCidr,
    privateIpGoogleAccess: true,
    stackType: 'IPV4_ONLY',
  }));

  // Cloud NAT is regional: one router per region, NATing only this fleet's subnets there (a
  // shared network may already have its own NAT for other subnets).
  const regions = [...new Set(fleet.clusters.map((c) => c.region))].sort();
  const routers: RouterPlan[] = regions.map((region) => ({
    region,
    router: {
      name: routerName(fleet.name, region),
      description: describe(`Cloud NAT for ${region}`),
      network,
      nats: [
        {
          name: natName(fleet.name, region),
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
          subnetworks: fleet.clusters
            .filter((c) => c.region === region)
            .map((c) => ({
              name: subnetSelfLink(fleet.project, region, c.subnetName),
              sourceIpRangesToNat: ['ALL_IP_RANGES'],
            })),
        },
      ],
    },
  }));

  const firewalls: Firewall[] = [];
  const tunnel =
    fleet.mesh.datapath === 'geneve'
      ? { IPProtocol: 'udp', ports: [String(PORTS.geneve)] }
      : { IPProtocol: 'udp', ports: [String(PORTS.vxlan)] };
  for (const c of fleet.clusters) {
    const n = objectNames(c.capiName);
    firewalls.push({
      name: firewallName(fleet.name, c.name, 'apid'),
      description: describe(`Talos apid and Kubernetes API for bootstrapping ${c.name}`),
      network,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: fleet.bootstrapSourceRanges,
      targetTags: [n.tagControlPlane],
      allowed: [{ IPProtocol: 'tcp', ports: [String(PORTS.apid), String(PORTS.kubeApi)] }],
    });
    firewalls.push({
      name: firewallName(fleet.name, c.name, 'trustd'),
      description: describe(`Talos trustd inside ${c.name}`),
      network,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: [c.nodeCidr],
      targetTags: [n.tagControlPlane],
      allowed: [{ IPProtocol: 'tcp', ports: [String(PORTS.trustd)] }],
    });
    if (!fleet.mesh.enabled || c.peers.length === 0) continue;
    // One ingress rule per cluster from all its peers (not one per pair): a 255-cluster mesh then
    // needs 255 rules rather than 64,770, which no firewall quota allows.
    const peers = new Set(c.peers);
    const sources = fleet.clusters.filter((p) => peers.has(p.name)).flatMap((p) => [p.nodeCidr, p.podCidr]);
    for (let chunk = 0; chunk * MAX_SOURCE_RANGES < sources.length; chunk++) {
      firewalls.push({
        name: firewallName(fleet.name, c.name, chunk === 0 ? 'mesh' : `mesh-${chunk + 1}`),
        description: describe(`Cilium ClusterMesh from the peers of ${c.name}`),
        network,
        direction: 'INGRESS',
        priority: 1000,
        sourceRanges: sources.slice(chunk * MAX_SOURCE_RANGES, (chunk + 1) * MAX_SOURCE_RANGES),
        targetTags: [n.tagCluster],
        allowed: [
          tunnel,
          { IPProtocol: 'tcp', ports: [String(PORTS.ciliumHealth), String(fleet.mesh.apiserverNodePort)] },
          { IPProtocol: 'icmp' },
        ],
      });
    }
  }

  return {
    name: fleet.network.name,
    selfLink: network,
    create: fleet.network.create,
    ...(fleet.network.create
      ? {
          network: {
            name: fleet.network.name,
            description: describe(`VPC of fleet ${fleet.name}`),
            autoCreateSubnetworks: false,
            mtu: 1460,
            routingConfig: { routingMode: 'REGIONAL' },
          },
        }
      : {}),
    subnetworks,
    routers,
    firewalls,
  };
}
