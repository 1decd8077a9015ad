/**
 * The objects of the `global-service` check, per cluster: an echo Deployment whose backends
 * answer with the cluster's name, a Service of the same name in every cluster annotated
 * `service.cilium.io/global: "true"` (Cilium load-balances it across every cluster's backends:
 * cilium/cilium pkg/annotation/k8s.go GlobalService), and a probe that calls the Service and
 * prints each cluster name the first time it answers. Both pods meet the `restricted` Pod
 * Security level, so their namespace is labelled `restricted`, nothing broader; only the
 * connectivity test's namespace is `privileged` (its host-network pods need it).
 */

export const VERIFY_NAMESPACE = 'talos-fleet-mesh';
/** With --test-concurrency 1 (its default) cilium-cli uses this namespace as given (cilium/cilium cilium-cli/cli/connectivity.go). */
export const CONNECTIVITY_NAMESPACE = 'talos-fleet-cilium-test';
/** One short multi-cluster test (pod-to-pod and pod-to-service across clusters): cilium/cilium cilium-cli/connectivity/builder/builder.go. */
export const CONNECTIVITY_TESTS = ['no-policies'] as const;
export const ECHO_IMAGE = 'docker.io/hashicorp/http-echo:1.0.0';
export const PROBE_IMAGE = 'docker.io/curlimages/curl:8.11.1';
export const ECHO_PORT = 8080;
export const ANSWER_PREFIX = 'answered-by=';
export const GLOBAL_ANNOTATION = 'service.cilium.io/global';

type Obj = Record<string, unknown>;

const LABELS = {
  'app.kubernetes.io/managed-by': 'talos-fleet',
  'app.kubernetes.io/part-of': 'talos-fleet-mesh',
};

export function namespace(name: string, level: 'restricted' | 'privileged'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        ...LABELS,
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': level,
        'pod-security.kubernetes.io/audit': level,
      },
    },
  };
}

/** What the restricted Pod Security level requires of every container. */
const restrictedContainer = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  runAsUser: 65532,
  seccompProfile: { type: 'RuntimeDefault' },
};

function deployment(name: string, labels: Record<string, string>, container: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: VERIFY_NAMESPACE, labels: { ...LABELS, ...labels } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...LABELS, ...labels } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{ ...container, securityContext: restrictedContainer }],
        },
      },
    },
  };
}

/** Everything the check applies in `cluster`, Namespace first. */
export function verificationObjects(cluster: string): Obj[] {
  const echo = deployment(
    'echo',
    { app: 'talos-fleet-echo' },
    {
      name: 'echo',
      image: ECHO_IMAGE,
      args: [`-text=${cluster}`, `-listen=:${ECHO_PORT}`],
      ports: [{ containerPort: ECHO_PORT, name: 'http' }],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    },
  );
  const service: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'echo',
      namespace: VERIFY_NAMESPACE,
      labels: LABELS,
      annotations: { [GLOBAL_ANNOTATION]: 'true' },
    },
    spec: {
      selector: { app: 'talos-fleet-echo' },
      ports: [{ name: 'http', port: ECHO_PORT, targetPort: ECHO_PORT }],
    },
  };
  const url = `http://echo.${VERIFY_NAMESPACE}.svc:${ECHO_PORT}/`;
  const script = [
    'seen=""',
    'while true; do',
    `  r=$(curl -s --max-time 2 ${url} | tr -cd 'a-z0-9-')`,
    '  case " $seen " in *" $r "*) ;; *) [ -n "$r" ] && seen="$seen $r" && echo "' +
      ANSWER_PREFIX +
      '$r";; esac',
    '  sleep 0.5',
    'done',
  ].join('\n');
  const probe = deployment(
    'probe',
    { app: 'talos-fleet-probe' },
    {
      name: 'probe',
      image: PROBE_IMAGE,
      command: ['/bin/sh', '-c', script],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    },
  );
  return [namespace(VERIFY_NAMESPACE, 'restricted'), echo, service, probe];
}

export const PROBE_SELECTOR = 'app=talos-fleet-probe';

/** The cluster names a probe's log says answered. */
export function probeAnswers(logText: string): Set<string> {
  const out = new Set<string>();
  for (const line of logText.split('\n')) {
    const t = line.trim();
    if (t.startsWith(ANSWER_PREFIX)) out.add(t.slice(ANSWER_PREFIX.length));
  }
  return out;
}
