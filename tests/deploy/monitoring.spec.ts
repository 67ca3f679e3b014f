import { readRepoFile, readYaml } from './deploy-files';
import { exportedMetrics } from './exported-metrics';
import { parsePromql } from './promql';

type Rule = { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
type ScrapeJob = { job_name: string; authorization?: { type: string; credentials_file: string }; dns_sd_configs?: { names: string[]; type: string; port: number }[]; kubernetes_sd_configs?: unknown[]; relabel_configs?: { source_labels?: string[]; regex?: string; action?: string; target_label?: string }[] };
type PrometheusConfig = { rule_files: string[]; scrape_configs: ScrapeJob[] };
type Panel = { id: number; type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; datasource?: { uid: string } }[] };

/** Series Prometheus makes itself for every target, beside what the target exports. */
const SCRAPE_SERIES = new Set(['up']);
const TARGET_LABELS = new Set(['job', 'instance']);
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

const exported = exportedMetrics();
const alertRules = () => readYaml<{ groups: { name: string; rules: Rule[] }[] }>('deploy/prometheus/alerts.yml').groups.flatMap((g) => g.rules);

/** What is wrong with a query: syntax errors (by offset), metrics nobody exports, labels none of its metrics carry. */
function queryProblems(where: string, expr: string): string[] {
  const { errors, metrics, labels } = parsePromql(expr);
  const carried = new Set([...TARGET_LABELS, ...metrics.flatMap((m) => [...(exported.get(m)?.labels ?? [])])]);
  return [
    ...errors.map((at) => `${where}: syntax error at ${at}: ${expr.slice(at, at + 20)}`),
    ...(metrics.length === 0 ? [`${where}: reads no metric`] : []),
    ...metrics.filter((m) => !exported.has(m) && !SCRAPE_SERIES.has(m)).map((m) => `${where}: ${m} is exported by no service`),
    ...labels.filter((l) => !carried.has(l)).map((l) => `${where}: label ${l} is on none of ${metrics.join(', ')}`),
  ];
}

describe('Prometheus and Grafana files', () => {
  it('reads the service metrics from the registries the services serve', () => {
    // The platform's (every service and worker) and serving's own, as /metrics serves them.
    for (const name of ['http_requests_total', 'kafka_consumer_group_lag', 'outbox_pending_events', 'outbox_oldest_pending_age_seconds', 'outbox_parked_events', 'kafka_dead_letters_total', 'serving_tenant_queue_seconds_bucket', 'process_cpu_seconds_total']) {
      expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
    }
    // The query check has teeth: a typo, a bad label and broken syntax are each named.
    expect(queryProblems('x', 'rate(http_request_total[5m])')).toEqual(['x: http_request_total is exported by no service']);
    expect(queryProblems('x', 'sum by (tenant) (rate(http_requests_total[5m]))')).toEqual(['x: label tenant is on none of http_requests_total']);
    expect(queryProblems('x', 'sum(rate(http_requests_total[5m]) by')).toEqual([expect.stringMatching(/^x: syntax error at/)]);
  });

  it('has alert rules in Prometheus rule-file form, on exported metrics, for each thing to watch', () => {
    const rules = alertRules();
    const problems = rules.flatMap((rule) => [
      ...queryProblems(rule.alert, rule.expr),
      ...(/^[A-Z][A-Za-z0-9]+$/.test(rule.alert) ? [] : [`${rule.alert}: alert names are CamelCase`]),
      ...(rule.for === undefined || DURATION.test(rule.for) ? [] : [`${rule.alert}: for ${rule.for} is not a duration`]),
      ...(['page', 'ticket'].includes(rule.labels?.severity ?? '') ? [] : [`${rule.alert}: severity must be page or ticket`]),
      ...(rule.annotations?.summary && rule.annotations.description ? [] : [`${rule.alert}: needs a summary and a description`]),
    ]);
    expect(problems).toEqual([]);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    const watched = (metric: string) => rules.filter((r) => parsePromql(r.expr).metrics.includes(metric)).map((r) => r.alert);
    expect({
      errorRate: watched('http_requests_total'),
      queueTime: watched('serving_tenant_queue_seconds_bucket'),
      consumerLag: watched('kafka_consumer_group_lag'),
      outboxBacklog: watched('outbox_oldest_pending_age_seconds'),
      deadLetters: watched('kafka_dead_letters_total'),
    }).toEqual({
      errorRate: ['LlmchainHighErrorRate'],
      queueTime: ['LlmchainServingQueueTimeHigh'],
      consumerLag: ['LlmchainConsumerLagHigh', 'LlmchainConsumerLagNotMeasured'],
      outboxBacklog: ['LlmchainOutboxBacklog'],
      deadLetters: ['LlmchainDeadLetters'],
    });
  });

  it("scrapes every replica of every compose process at its own port with the operator token, and loads the rules", () => {
    const config = readYaml<PrometheusConfig>('deploy/prometheus/prometheus.yml');
    const compose = readYaml<{ services: Record<string, { environment?: Record<string, string>; deploy?: { replicas?: number }; entrypoint?: string[]; volumes?: string[] }> }>('docker-compose.yml');
    const prometheus = compose.services.prometheus;
    expect(prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const scraped = config.scrape_configs.map((job) => {
      const [sd] = job.dns_sd_configs ?? [];
      const target = compose.services[sd.names[0]];
      // The token file is the one the compose entrypoint writes from OPERATOR_TOKEN.
      expect({ job: job.job_name, token: prometheus.entrypoint?.join(' ').includes(`> ${job.authorization?.credentials_file} `) }).toEqual({ job: job.job_name, token: true });
      return { job: job.job_name, name: sd.names[0], port: String(sd.port), targetPort: target?.environment?.PORT };
    });
    expect(scraped.map((s) => s.job).sort()).toEqual(['billing-service', 'cleaning-worker', 'data-service', 'serving-service', 'training-service', 'training-worker']);
    expect(scraped.filter((s) => s.job !== s.name || s.port !== s.targetPort)).toEqual([]);
  });

  it('scrapes the Kubernetes pods by the labels and port name the manifests give them', () => {
    const config = readYaml<PrometheusConfig>('deploy/prometheus/prometheus-k8s.yml');
    const [job] = config.scrape_configs;
    const keep = (label: string) => job.relabel_configs?.find((r) => r.action === 'keep' && r.source_labels?.[0] === label)?.regex;
    expect(keep('__meta_kubernetes_pod_label_app_kubernetes_io_part_of')).toBe('llmchain');
    expect(keep('__meta_kubernetes_pod_container_port_name')).toBe('http');
    expect(job.relabel_configs?.find((r) => r.target_label === 'job')?.source_labels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_name']);
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
  });

  it('has a Grafana dashboard whose every query parses and reads exported metrics, on the provisioned datasource', () => {
    const dashboard = JSON.parse(readRepoFile('deploy/grafana/dashboards/llmchain.json')) as { uid: string; panels: Panel[] };
    const datasource = readYaml<{ datasources: { uid: string; type: string }[] }>('deploy/grafana/provisioning/datasources/prometheus.yml').datasources[0];
    expect(datasource.type).toBe('prometheus');
    const queries = dashboard.panels.filter((p) => p.type !== 'row');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const problems = queries.flatMap((panel) => [
      ...(panel.targets?.length ? [] : [`${panel.title}: no query`]),
      ...(panel.targets ?? []).flatMap((target) => queryProblems(panel.title, target.expr)),
      ...[panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource)].filter((d) => d?.uid !== datasource.uid).map(() => `${panel.title}: not on datasource ${datasource.uid}`),
    ]);
    expect(problems).toEqual([]);
    // Each alert's metric has a panel beside it.
    const charted = new Set(queries.flatMap((p) => (p.targets ?? []).flatMap((t) => parsePromql(t.expr).metrics)));
    const alerted = new Set(alertRules().flatMap((r) => parsePromql(r.expr).metrics));
    expect([...alerted].filter((m) => !charted.has(m))).toEqual([]);
  });
});
