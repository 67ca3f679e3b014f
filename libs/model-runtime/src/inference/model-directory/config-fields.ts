import { ModelImportError } from '../../errors';

/**
 * Typed reads of a JSON object's fields (config.json, generation_config.json) that fail with a ModelImportError
 * naming the field, so a malformed config is answered with what to fix rather than a crash deeper down.
 */
export class ConfigFields {
  private readonly record: Record<string, unknown>;

  constructor(
    json: unknown,
    readonly file: string,
    private readonly prefix = '',
  ) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ModelImportError(prefix || file, `${this.describe(prefix)} is not a JSON object`);
    }
    this.record = json as Record<string, unknown>;
  }

  has(field: string): boolean {
    return this.record[field] !== undefined && this.record[field] !== null;
  }

  raw(field: string): unknown {
    return this.record[field];
  }

  /** The fields of a nested object (rope_scaling), errors naming `outer.inner`. */
  nested(field: string): ConfigFields {
    return new ConfigFields(this.record[field], this.file, this.qualified(field));
  }

  positiveInteger(field: string, fallback?: number): number {
    const value = this.present(field, fallback);
    if (!Number.isInteger(value) || (value as number) < 1) this.fail(field, 'must be a positive integer', value);
    return value as number;
  }

  positiveNumber(field: string, fallback?: number): number {
    const value = this.present(field, fallback);
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) this.fail(field, 'must be a positive number', value);
    return value as number;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.has(field) ? this.record[field] : fallback;
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false', value);
    return value as boolean;
  }

  string(field: string, fallback?: string): string {
    const value = this.present(field, fallback);
    if (typeof value !== 'string') this.fail(field, 'must be a string', value);
    return value as string;
  }

  /** A token id or a list of them (Llama 3 lists several eos ids); undefined when absent. */
  tokenIds(field: string): number[] | undefined {
    if (!this.has(field)) return undefined;
    const value = this.record[field];
    const ids = Array.isArray(value) ? value : [value];
    if (ids.length === 0 || !ids.every((id) => Number.isInteger(id) && id >= 0)) {
      this.fail(field, 'must be a token id or a non-empty list of them', value);
    }
    return ids as number[];
  }

  /** Throws the ModelImportError for `field`. */
  fail(field: string, expectation: string, value?: unknown): never {
    const got = value === undefined ? '' : `, got ${JSON.stringify(value)}`;
    throw new ModelImportError(this.qualified(field), `${this.describe(this.qualified(field))} ${expectation}${got}`);
  }

  private present(field: string, fallback: unknown): unknown {
    if (this.has(field)) return this.record[field];
    if (fallback === undefined) this.fail(field, 'is missing');
    return fallback;
  }

  private qualified(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  private describe(field: string): string {
    return field ? `${this.file} field ${field}` : this.file;
  }
}
