import { HealthController } from '../../libs/platform/src/health/health.controller';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readRepoFile, readYaml, readYamlDocuments, REPO_ROOT } from './deploy-files';
import { bootProblems, entryPointOf, madeUpSecrets } from './process-environment';

/**
 * The Kubernetes API's own schemas (kubernetes-models), by what a manifest names: an unknown kind fails the test.
 * (Its base class's types sit behind package exports the workspace's module resolution does not read; each model has
 * validate(), which throws naming the path and the rule a manifest breaks.)
 */
type Validated = { validate(): void };
const MODELS: Record<string, new (data: never) => object> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };
type Container = { name: string; command?: string[]; ports?: { name?: string; containerPort: number }[]; env?: any[]; envFrom?: any[]; resources?: any; readinessProbe?: any; livenessProbe?: any; startupProbe?: any };

/**
 * The secrets the manifests reference and the keys each holds: made by the operator (README.md, "Running at
 * scale", shows the commands), never committed.
 */
const SECRET_KEYS: Record<string, string[]> = {
  'llmchain-secrets': ['REDIS_URL', 'OPERATOR_TOKEN', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'],
  'llmchain-billing-secrets': ['WEBHOOK_SECRET_KEY', 'BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD'],
  'llmchain-database-urls': ['data-service', 'training-service', 'serving-service', 'billing-service'],
};

const K8S_DIR = 'deploy/k8s';
const manifestFiles = readdirSync(path.join(REPO_ROOT, K8S_DIR)).filter((f) => f.endsWith('.yaml')).sort();
const manifests = manifestFiles.flatMap((file) => readYamlDocuments(`${K8S_DIR}/${file}`).map((doc) => ({ file, doc: doc as Manifest })));
const ofKind = (kind: string) => manifests.map((m) => m.doc).filter((doc) => doc.kind === kind);
const deployments = ofKind('Deployment');
const containersOf = (doc: Manifest): Container[] => doc.spec.template.spec.containers;
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Made-up secret values, each of the form its variable needs (database URLs point at a per-service server). */
function secretValue(secret: string, key: string): string {
  if (secret === 'llmchain-database-urls') return `postgresql://${key}:pw@postgres-${key}:5432/llmchain`;
  if (key === 'REDIS_URL') return 'redis://:pw@redis:6379';
  const value = madeUpSecrets()[key];
  if (value === undefined) throw new Error(`no made-up value for ${secret}/${key}`);
  return value;
}

/** A container's environment as the kubelet would build it from its ConfigMap, the secrets and its own entries. */
function environmentOf(container: Container, configMaps: Map<string, Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMaps.get(source.configMapRef.name) ?? fail(`no ConfigMap ${source.configMapRef.name}`));
    if (source.secretRef) {
      const keys = SECRET_KEYS[source.secretRef.name] ?? fail(`undocumented secret ${source.secretRef.name}`);
      for (const key of keys) env[key] = secretValue(source.secretRef.name, key);
    }
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref && !SECRET_KEYS[ref.name]?.includes(ref.key)) fail(`undocumented secret key ${ref.name}/${ref.key}`);
    env[entry.name] = ref ? secretValue(ref.name, ref.key) : entry.value;
  }
  return env;
}

function fail(message: string): never {
  throw new Error(message);
}

describe('deploy/k8s', () => {
  it('lists every manifest in the kustomization, and every file the kustomization names exists', () => {
    const kustomization = readYaml<{ resources: string[]; configMapGenerator: { files: string[] }[] }>('deploy/kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles.map((f) => `k8s/${f}`));
    for (const file of kustomization.configMapGenerator.flatMap((g) => g.files.map((f) => f.split('=').pop() as string))) {
      expect({ file, text: readRepoFile(`deploy/${file}`).length > 0 }).toEqual({ file, text: true });
    }
  });

  it('is valid against the Kubernetes API schemas (kubernetes-models)', () => {
    const problems = manifests.flatMap(({ file, doc }) => {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      if (!Model) return [`${file}: ${doc.apiVersion} ${doc.kind} is not a kind these manifests use`];
      try {
        (new Model(doc as never) as Validated).validate();
        return [];
      } catch (error) {
        return [`${file} ${doc.kind}/${doc.metadata?.name}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
    expect(manifests.length).toBeGreaterThan(20);
    // The validator has teeth: a port given as text and a probe without a handler's fields are refused.
    const [serving] = deployments.filter((d) => d.metadata.name === 'serving-service');
    const broken = structuredClone(serving);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => (new Deployment(broken as never) as unknown as Validated).validate()).toThrow(/containerPort must be integer/);
  });

  it('runs two or more of every service and worker, spread over nodes, with resources and the health routes as probes', () => {
    const routes = Reflect.getMetadata(PATH_METADATA, HealthController);
    const route = (method: 'live' | 'ready') => `/${routes}/${Reflect.getMetadata(PATH_METADATA, HealthController.prototype[method])}`;
    expect([route('live'), route('ready')]).toEqual(['/health/live', '/health/ready']);
    const names = deployments.map((d) => d.metadata.name).sort();
    expect(names).toEqual(['billing-service', 'cleaning-worker', 'dashboard', 'data-service', 'serving-service', 'training-service', 'training-worker']);
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const template = deployment.spec.template;
      expect({ name, replicas: deployment.spec.replicas >= 2 }).toEqual({ name, replicas: true });
      expect({ name, selects: matches(deployment.spec.selector.matchLabels, template.metadata.labels) }).toEqual({ name, selects: true });
      expect({ name, spread: template.spec.topologySpreadConstraints?.[0]?.topologyKey }).toEqual({ name, spread: 'kubernetes.io/hostname' });
      for (const container of containersOf(deployment)) {
        const ports = new Set((container.ports ?? []).map((p) => p.name));
        const { requests, limits } = container.resources ?? {};
        expect({ name, cpu: typeof requests?.cpu, memory: typeof requests?.memory, memoryLimit: typeof limits?.memory }).toEqual({ name, cpu: 'string', memory: 'string', memoryLimit: 'string' });
        // The dashboard has no dependencies to be ready for: its liveness route serves both.
        const ready = name === 'dashboard' ? route('live') : route('ready');
        expect({ name, liveness: container.livenessProbe?.httpGet?.path, readiness: container.readinessProbe?.httpGet?.path, startup: container.startupProbe?.httpGet?.path }).toEqual({
          name,
          liveness: route('live'),
          readiness: ready,
          startup: route('live'),
        });
        for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) expect({ name, port: ports.has(probe.httpGet.port) }).toEqual({ name, port: true });
      }
    }
  });

  it('points Services, disruption budgets and autoscalers at the Deployments that exist', () => {
    const byName = new Map(deployments.map((d) => [d.metadata.name, d]));
    for (const service of ofKind('Service')) {
      const targets = deployments.filter((d) => matches(service.spec.selector, d.spec.template.metadata.labels));
      expect({ service: service.metadata.name, targets: targets.map((d) => d.metadata.name) }).toEqual({ service: service.metadata.name, targets: [service.metadata.name] });
      const portNames = targets.flatMap((d) => containersOf(d).flatMap((c) => (c.ports ?? []).map((p) => p.name)));
      for (const port of service.spec.ports) expect({ service: service.metadata.name, port: portNames.includes(port.targetPort) }).toEqual({ service: service.metadata.name, port: true });
    }
    for (const budget of ofKind('PodDisruptionBudget')) {
      const target = byName.get(budget.metadata.name);
      expect({ budget: budget.metadata.name, selects: target !== undefined && matches(budget.spec.selector.matchLabels, target.spec.template.metadata.labels) }).toEqual({ budget: budget.metadata.name, selects: true });
      expect(budget.spec.minAvailable).toBeLessThan(target?.spec.replicas ?? 0);
    }
    const scaled = ofKind('HorizontalPodAutoscaler').map((hpa) => {
      const target = byName.get(hpa.spec.scaleTargetRef.name);
      expect({ hpa: hpa.metadata.name, kind: hpa.spec.scaleTargetRef.kind, exists: target !== undefined }).toEqual({ hpa: hpa.metadata.name, kind: 'Deployment', exists: true });
      expect({ hpa: hpa.metadata.name, min: hpa.spec.minReplicas }).toEqual({ hpa: hpa.metadata.name, min: target?.spec.replicas });
      return hpa.metadata.name;
    });
    // Training workers hold a job for hours: CPU says nothing about whether more would help, so none scales them.
    expect(scaled.sort()).toEqual(['billing-service', 'cleaning-worker', 'data-service', 'serving-service', 'training-service']);
  });

  it("gives each process an environment its configuration schemas accept, from the ConfigMap and the documented secrets", () => {
    const configMaps = new Map(ofKind('ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));
    const processes = [...deployments, ...ofKind('Job')].flatMap((workload) =>
      containersOf(workload)
        .filter((container) => container.command?.includes('@swc-node/register'))
        .map((container) => ({ name: workload.metadata.name, problems: bootProblems(entryPointOf(container.command), environmentOf(container, configMaps)) })),
    );
    expect(processes.map((p) => p.name).sort()).toEqual(['billing-service', 'cleaning-worker', 'dashboard', 'data-service', 'llmchain-ensure-bucket', 'serving-service', 'training-service', 'training-worker']);
    expect(processes.filter((p) => p.problems.length > 0)).toEqual([]);
    // Each secret the manifests reference is one README.md tells the operator to create, with its keys.
    const readme = readRepoFile('README.md');
    for (const [secret, keys] of Object.entries(SECRET_KEYS)) {
      const at = readme.indexOf(`kubectl -n llmchain create secret generic ${secret} `);
      // The command runs to the first line that is not a backslash continuation.
      const command = at < 0 ? '' : readme.slice(at).split(/(?<!\\)\n/)[0];
      expect({ secret, documented: keys.every((key) => command.includes(`--from-literal=${key}=`)) }).toEqual({ secret, documented: true });
    }
  });
});
