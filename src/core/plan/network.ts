import type { compute_v1 } from '@googleapis/compute';
import { labelsDescription } from '../gcp-names.js';
import type { ResolvedFleet } from './model.js';
import { firewallName, natName, objectNames, routerName } from '../fleet/names.js';

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
export type HealthCheck = compute_v1.Schema$HealthCheck;

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
  /**
   * One global health check per cluster, inserted at `projects/<p>/global/healthChecks` before
   * the cluster exists, under the name CAPG looks for (see `apiserverHealthCheck`).
   */
  healthChecks: HealthCheck[];
}

export const PORTS = {
  apid: 50000,
  kubeApi: 6443,
  ciliumHealth: 4240,
  vxlan: 8472,
  geneve: 6081,
} as const;

/** The most source ranges one GCP firewall rule may hold. */
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
  const needs = datapathNeeds(fleet.mesh.datapath, fleet.mesh.apiserverNodePort);
  for (const c of fleet.clusters) {
    const n = objectNames(c.capiName);
    // Only apid: 6443 on the nodes is reached through the load balancer, whose proxies and
    // health checks come from Google's ranges, which CAPG's `allow-<cluster>-healthchecks` opens;
    // trustd (50001) and everything else inside a cluster is CAPG's `allow-<cluster>-cluster`
    // (all protocols between the cluster's tags; cluster-api-provider-gcp `cloud/scope/firewall.go`).
    // CACPPT dials apid for bootstrap and then for its etcd and node health checks for the whole
    // life of the cluster (siderolabs/cluster-api-control-plane-provider-talos `controllers/etcd.go`,
    // `controllers/health.go`), so this rule stays.
    firewalls.push({
      name: firewallName(fleet.name, c.name, 'apid'),
      description: describe(
        `Talos apid on the control planes of ${c.name}, for the management cluster (CACPPT bootstrap, etcd and node health checks) and talosctl`,
      ),
      network,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: fleet.talosApiSourceRanges,
      targetTags: [n.tagControlPlane],
      allowed: [{ IPProtocol: 'tcp', ports: [String(PORTS.apid)] }],
    });
    if (!fleet.mesh.enabled || c.peers.length === 0) continue;
    // One ingress rule per cluster from all its peers (not one per pair): a 255-cluster mesh then
    // needs 255 rules rather than 64,770, which no firewall quota allows. With node subnets as
    // the only sources, 254 peers stay within the 256 source ranges a rule may hold.
    const peers = new Set(c.peers);
    firewalls.push({
      name: firewallName(fleet.name, c.name, 'mesh'),
      description: describe(`Cilium ClusterMesh from the peers of ${c.name}`),
      network,
      direction: 'INGRESS',
      priority: 1000,
      sourceRanges: fleet.clusters
        .filter((p) => peers.has(p.name))
        .flatMap((p) => (needs.peerPodSources ? [p.nodeCidr, p.podCidr] : [p.nodeCidr])),
      targetTags: [n.tagCluster],
      allowed: needs.allowed,
    });
  }

  const healthChecks: HealthCheck[] = fleet.clusters.map((c) => apiserverHealthCheck(c.capiName, describe));

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
    healthChecks,
  };
}

/**
 * What the mesh datapath needs from the firewall. Both offered datapaths are tunnels: every
 * mesh packet between clusters (VXLAN or Geneve, cilium-health 4240 and ICMP, which travel
 * inside the tunnel to pod addresses, and the clustermesh-apiserver NodePort, which peers reach
 * masqueraded to their node address) leaves and arrives with node addresses, so only the peers'
 * node subnets are sources. Native routing would also need the peers' pod CIDRs as sources (and
 * per-node GCP routes and IP forwarding, which the plan does not manage), so it is not offered.
 */
export function datapathNeeds(
  datapath: ResolvedFleet['mesh']['datapath'],
  clustermeshNodePort: number,
): { tunnel: boolean; peerPodSources: boolean; allowed: Firewall['allowed'] } {
  const encapsulation = datapath === 'geneve' ? PORTS.geneve : PORTS.vxlan;
  return {
    tunnel: true,
    peerPodSources: false,
    allowed: [
      { IPProtocol: 'udp', ports: [String(encapsulation)] },
      { IPProtocol: 'tcp', ports: [String(PORTS.ciliumHealth), String(clustermeshNodePort)] },
      { IPProtocol: 'icmp' },
    ],
  };
}

/**
 * The API-server health check, pre-created so CAPG uses it. CAPG v1.12 would create it as HTTPS
 * `GET /readyz` on 6443 (cluster-api-provider-gcp `cloud/scope/cluster.go` HealthCheckSpec); Talos
 * runs kube-apiserver with `--anonymous-auth=false` (siderolabs/talos
 * `internal/app/machined/pkg/controllers/k8s/control_plane_static_pod.go`), so that request gets
 * 401 and no backend ever turns healthy. CAPG Gets the check by name and only inserts it when
 * missing, never updating it (`cloud/services/compute/loadbalancers/reconcile.go`
 * createOrGetHealthCheck), and deletes it with the cluster, so a TCP check under its name is
 * used as is. Limiting anonymous access to the health paths instead is not possible on Talos
 * 1.13: kube-apiserver refuses an `anonymous` block in the authentication config next to the
 * `--anonymous-auth` flag Talos always sets (kubernetes `pkg/kubeapiserver/options/authentication.go`),
 * and Talos 1.14 drops the flag only for its new KubeAPIServerConfig document, which CABPT v0.6
 * does not generate (siderolabs/talos `internal/app/machined/pkg/controllers/k8s/control_plane_final.go`).
 * A TCP check opens no path at all. Health checks take no labels, so the fleet labels are in
 * the description. The timings are CAPG's.
 */
export function apiserverHealthCheck(capiName: string, describe: (prose: string) => string): HealthCheck {
  return {
    name: objectNames(capiName).apiserverHealthCheck,
    description: describe(`API server health (TCP 6443) of the control planes of ${capiName}`),
    type: 'TCP',
    tcpHealthCheck: { port: PORTS.kubeApi, portSpecification: 'USE_FIXED_PORT' },
    checkIntervalSec: 5,
    timeoutSec: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 6,
  };
}
