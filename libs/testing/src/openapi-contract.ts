import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type ResponseObject = { $ref?: string; content?: Record<string, unknown> };
type Operation = { responses?: Record<string, ResponseObject> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: { responses?: Record<string, ResponseObject> } };
/** One service's served document, its paths as patterns (literal segments before parameters), and compiled schemas. */
type Contract = { document: Document; ajv: Ajv2020; routes: { pattern: RegExp; path: string; literals: number }[]; validators: Map<string, ValidateFunction> };

const LOCAL_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost):\d+$/;

/** What the documents say against what a response was. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/**
 * Checks every response a test receives from a running service against the OpenAPI document that service serves at
 * /openapi.json: the status must be documented for the route, and a JSON body must validate against its schema.
 * Installed once per test file (the e2e projects' setup files); it wraps the global fetch the suites call.
 */
export function installOpenApiContractCheck(): void {
  const original = globalThis.fetch;
  if ((original as { contractChecked?: boolean }).contractChecked) return;
  const contracts = new Map<string, Promise<Contract | null>>();

  const contractOf = (origin: string) => {
    let contract = contracts.get(origin);
    if (!contract) {
      contract = loadContract(original, origin);
      contracts.set(origin, contract);
    }
    return contract;
  };

  const checked = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toLowerCase();
    if (!LOCAL_ORIGIN.test(url.origin) || url.pathname === '/openapi.json') return response;
    const contract = await contractOf(url.origin);
    if (contract) await check(contract, method, url.pathname, response.clone());
    return response;
  };
  globalThis.fetch = Object.assign(checked, { contractChecked: true }) as typeof fetch;
}

async function loadContract(fetchDocument: typeof fetch, origin: string): Promise<Contract | null> {
  const document = (await fetchDocument(`${origin}/openapi.json`)
    .then((r) => (r.ok && r.headers.get('content-type')?.includes('json') ? r.json() : null))
    .catch(() => null)) as Document | null;
  // Not one of the services (the dashboard's server, a fake upstream), or one that is not up: nothing to check.
  if (!document?.openapi) return null;
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema(document, 'document');
  const routes = Object.keys(document.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literals: path.split('/').filter((s) => s && !s.startsWith('{')).length,
  }));
  routes.sort((a, b) => b.literals - a.literals);
  return { document, ajv, routes, validators: new Map() };
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

async function check(contract: Contract, method: string, pathname: string, response: Response): Promise<void> {
  const route = contract.routes.find((r) => r.pattern.test(pathname) && contract.document.paths[r.path][method]);
  // A path no route serves (the fuzz's spoiled paths, a wrong method): Nest's own 404, not a documented answer.
  if (!route) return;
  const status = String(response.status);
  const responses = contract.document.paths[route.path][method].responses ?? {};
  const where = `${method.toUpperCase()} ${route.path} answered ${status}`;
  if (!responses[status]) throw new ContractViolation(`${where}, which its OpenAPI document does not list (it lists ${Object.keys(responses).join(', ')})`);
  // A shared error answer is a reference into components.responses.
  const ref = responses[status].$ref?.replace(/^#\/components\/responses\//, '');
  const [answer, at] = ref
    ? [contract.document.components?.responses?.[ref], pointer('components', 'responses', ref)]
    : [responses[status], pointer('paths', route.path, method, 'responses', status)];
  const mediaType = response.headers.get('content-type')?.split(';')[0] ?? '';
  if (mediaType !== 'application/json' || !answer?.content?.['application/json']) return;
  const text = await response.text();
  if (!text) return;
  const schema = `document#/${at}/content/application~1json/schema`;
  let validate = contract.validators.get(schema);
  if (!validate) {
    validate = contract.ajv.compile({ $ref: schema });
    contract.validators.set(schema, validate);
  }
  if (!validate(JSON.parse(text))) throw new ContractViolation(`${where} with a body its OpenAPI document does not allow: ${contract.ajv.errorsText(validate.errors)}`);
}
