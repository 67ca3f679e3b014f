import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { ConfigError, loadConfig } from '../config/load-config';
import { platformConfigSchema } from '../config/platform-config';
import { answerUnparseableRequestsWithJson } from '../http/client-error-responder';
import { jsonBodyParserOptions } from '../http/json-body-parser-options';
import { PlatformExceptionFilter } from '../http/platform-exception.filter';
import { ROOT_LOGGER } from '../logging/root-logger';
import { refuseEncodedNul } from '../http/refuse-encoded-nul';
import { kafkaMicroserviceStrategy } from '../kafka/kafka-microservice-options';

export type BootstrapOptions = {
  /**
   * Whether the process joins the service's Kafka consumer group. Worker processes (queue consumers that only write
   * to the outbox) say no: they serve health checks over HTTP but take no events.
   */
  consumeKafka?: boolean;
  /** The global error filter: the platform's, or a service's subclass answering in its own error shape. */
  exceptionFilter?: new (logger: PinoLogger) => PlatformExceptionFilter;
  /**
   * The largest JSON body the service reads (body-parser's syntax: '100kb', '2mb'), worked out from the service's
   * own configuration once the platform's is known to be valid (a bad variable stops the process as above).
   */
  jsonBodyLimit?: () => string;
};

/**
 * Boots a hybrid service: validates configuration first (a bad variable stops the process with a message naming
 * it, before anything connects), then HTTP and the Kafka consumer, with graceful shutdown on SIGTERM/SIGINT.
 * The app module is loaded only after the configuration is known to be valid.
 */
export async function bootstrapService(
  serviceName: string,
  loadAppModule: () => Promise<Type<unknown>>,
  { consumeKafka = true, exceptionFilter: Filter = PlatformExceptionFilter, jsonBodyLimit }: BootstrapOptions = {},
): Promise<INestApplication> {
  let config;
  let bodyLimit: string | undefined;
  try {
    config = loadConfig(platformConfigSchema);
    bodyLimit = jsonBodyLimit?.();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    process.exit(1);
  }
  // Nest's default parsers (JSON and form-encoded) are replaced by one JSON parser that refuses text it cannot store.
  const app = await NestFactory.create<NestExpressApplication>(await loadAppModule(), { bufferLogs: true, bodyParser: false });
  // Security headers on every answer, refusals included; helmet also drops Express's X-Powered-By.
  app.use(helmet());
  // Nest's type leaves `verify` out (its rawBody option would set it); no service asks for rawBody, so ours is kept.
  app.useBodyParser('json', bodyLimit ? { ...jsonBodyParserOptions, limit: bodyLimit } : jsonBodyParserOptions);
  app.use(refuseEncodedNul);
  answerUnparseableRequestsWithJson(app.getHttpServer());
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.useGlobalFilters(new Filter(app.get<PinoLogger>(ROOT_LOGGER)));
  if (consumeKafka) app.connectMicroservice(kafkaMicroserviceStrategy(serviceName, config), { inheritAppConfig: true });
  await app.init();
  if (consumeKafka) await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
  keepIdleConnectionsLongerThanClients(app.getHttpServer());
  logger.log(`${serviceName} listening on http://${config.HOST}:${config.PORT}`);
  stopGracefullyOnSignals(app, logger);
  return app;
}

/**
 * Node closes an idle keep-alive socket after 5 s; a client that sends on it at that instant (a load balancer, or a
 * caller whose event loop was busy past its own 4 s idle timer) gets "other side closed". The server keeps idle
 * sockets longer than clients and load balancers do (commonly 60 s), so the client always closes first; `close()`
 * still drops idle sockets at shutdown. Headers must still arrive within the usual bound.
 */
function keepIdleConnectionsLongerThanClients(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * SIGTERM/SIGINT: stop taking work, let in-flight handlers finish, close consumers, producers and pools (Nest's
 * shutdown hooks, in order), then exit 0. Past the deadline the process exits 1 rather than hang an orchestrator.
 */
function stopGracefullyOnSignals(app: INestApplication, logger: Logger): void {
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`received ${signal}: draining`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    await app.close();
    clearTimeout(deadline);
    logger.log('stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
