import { fleetLabels, labelsDescription } from '../../src/core/gcp-names.js';
import type { ComputeEngine } from '../fakes/compute/engine.js';

/**
 * A project as a fleet leaves it after `up`: the network step's VPC, subnets, router with NAT,
 * firewall rules and API health checks (described), and CAPG's pieces with its real names and
 * labels (cloud/scope/cluster.go, machine.go, firewall.go in kubernetes-sigs/cluster-api-provider-gcp):
 * labelled instances with boot disks, the unlabelled instance group, backend service, target TCP
 * proxy and global address, the labelled forwarding rule, and the allow-<c>-* firewall rules.
 */
export async function seedFleet(
  e: ComputeEngine,
  fleet: string,
  expiresAt: number,
  clusters: readonly { name: string; region: string }[],
): Promise<void> {
  const labels = fleetLabels(fleet, expiresAt);
  const description = (prose: string) => labelsDescription(labels, prose);
  const net = `${fleet}--net`;
  const network = e.selfLink('networks', 'global', net);
  await e.insertAndWait('networks', 'global', {
    name: net,
    autoCreateSubnetworks: false,
    description: description('VPC'),
  });
  const regions = [...new Set(clusters.map((c) => c.region))];
  await Promise.all(
    clusters.map(async (c, i) => {
      const capi = `${fleet}--${c.name}`;
      const scope = `regions/${c.region}`;
      const zone = `${c.region}-b`;
      await e.insertAndWait('subnetworks', scope, {
        name: capi,
        network,
        ipCidrRange: `10.${i}.0.0/20`,
        description: description(`nodes of ${c.name}`),
      });
      await Promise.all([
        e.insertAndWait('firewalls', 'global', {
          name: `${capi}-apid`,
          network,
          description: description('Talos apid'),
          allowed: [{ IPProtocol: 'tcp', ports: ['50000'] }],
          sourceRanges: ['0.0.0.0/0'],
          targetTags: [`${capi}-control-plane`],
        }),
        e.insertAndWait('firewalls', 'global', {
          name: `allow-${capi}-healthchecks`,
          network,
          description: 'Created by Cluster API GCP Provider',
          allowed: [{ IPProtocol: 'tcp', ports: ['6443'] }],
          sourceRanges: ['35.191.0.0/16', '130.211.0.0/22'],
        }),
        e.insertAndWait('firewalls', 'global', {
          name: `allow-${capi}-cluster`,
          network,
          description: 'Created by Cluster API GCP Provider',
          allowed: [{ IPProtocol: 'all' }],
          sourceTags: [`${capi}-control-plane`, `${capi}-node`],
        }),
        e.insertAndWait('healthChecks', 'global', {
          name: `${capi}-apiserver`,
          type: 'TCP',
          tcpHealthCheck: { port: 6443 },
          description: description('API server'),
        }),
      ]);
      const subnetwork = e.selfLink('subnetworks', scope, capi);
      const machineLabels = {
        ...labels,
        'talos-fleet-cluster': c.name,
        [`capg-cluster-${capi}`]: 'owned',
        'capg-role': 'control-plane',
      };
      const instance = `${capi}-cp-abcde`;
      await e.insertAndWait('instances', `zones/${zone}`, {
        name: instance,
        labels: machineLabels,
        tags: { items: [capi, `${capi}-control-plane`] },
        networkInterfaces: [{ network, subnetwork }],
        disks: [{ boot: true, autoDelete: true, initializeParams: { diskName: instance, labels } }],
      });
      const group = `${capi}-apiserver-${zone}`;
      await e.insertAndWait('instanceGroups', `zones/${zone}`, {
        name: group,
        network,
        namedPorts: [{ name: 'apiserver', port: 6443 }],
      });
      await e.insertAndWait('backendServices', 'global', {
        name: `${capi}-apiserver`,
        healthChecks: [e.selfLink('healthChecks', 'global', `${capi}-apiserver`)],
        backends: [{ group: e.selfLink('instanceGroups', `zones/${zone}`, group) }],
        portName: 'apiserver',
      });
      await e.insertAndWait('targetTcpProxies', 'global', {
        name: `${capi}-apiserver`,
        service: e.selfLink('backendServices', 'global', `${capi}-apiserver`),
      });
      await e.insertAndWait('addresses', 'global', { name: `${capi}-apiserver` });
      await e.insertAndWait('forwardingRules', 'global', {
        name: `${capi}-apiserver`,
        IPAddress: e.selfLink('addresses', 'global', `${capi}-apiserver`),
        target: e.selfLink('targetTcpProxies', 'global', `${capi}-apiserver`),
        portRange: '443',
        labels,
      });
    }),
  );
  for (const region of regions)
    await e.insertAndWait('routers', `regions/${region}`, {
      name: `${fleet}--${region}-router`,
      network,
      description: description('Cloud NAT'),
      nats: [
        {
          name: `${fleet}--${region}-nat`,
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        },
      ],
    });
}

/** Resources of someone else in the same project, some with names that look like a fleet's. */
export async function seedForeign(e: ComputeEngine, count = 0): Promise<void> {
  const network = e.selfLink('networks', 'global', 'default');
  await e.insertAndWait('networks', 'global', { name: 'default', autoCreateSubnetworks: false });
  await Promise.all([
    e.insertAndWait('healthChecks', 'global', {
      name: 'pr-1--eu-apiserver-x',
      type: 'TCP',
      tcpHealthCheck: { port: 1 },
    }),
    e.insertAndWait('firewalls', 'global', {
      name: 'allow-pr-1-eu-cluster',
      network,
      allowed: [{ IPProtocol: 'all' }],
    }),
    e.insertAndWait('firewalls', 'global', {
      name: 'pr-1--net-ssh',
      network,
      description: 'talos-fleet: talos-fleet=pr-1 | hand-made, no managed-by',
      allowed: [{ IPProtocol: 'tcp', ports: ['22'] }],
    }),
    e.insertAndWait('images', 'global', {
      name: 'talos-v1-13-9-37656798-amd64',
      labels: { 'managed-by': 'talos-fleet', 'talos-version': 'v1-13-9' },
      rawDisk: { source: 'https://storage.googleapis.com/b/o' },
    }),
  ]);
  for (let i = 0; i < count; i++)
    e.seed('disks', 'zones/us-central1-a', {
      name: `other-${String(i).padStart(5, '0')}`,
      labels: { team: 'data' },
    });
}
