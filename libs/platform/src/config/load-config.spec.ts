import { ConfigError, loadConfig } from './load-config';
import { platformConfigSchema } from './platform-config';

const valid = {
  PORT: '3001',
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
};

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig(platformConfigSchema, valid);
    expect(config.PORT).toBe(3001);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names a missing variable', () => {
    const { DATABASE_URL: _omitted, ...rest } = valid;
    expect(() => loadConfig(platformConfigSchema, rest)).toThrow(/DATABASE_URL: .*it is not set/);
  });

  it('names every malformed variable with the value it got', () => {
    try {
      loadConfig(platformConfigSchema, { ...valid, PORT: 'eighty', KAFKA_BROKERS: 'nohost' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^PORT: .*got "eighty"/);
      expect(problems[1]).toMatch(/^KAFKA_BROKERS: must be a comma-separated list of host:port \(got "nohost"\)/);
    }
  });
});
