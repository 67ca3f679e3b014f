import { KafkaOptions, Transport } from '@nestjs/microservices';
import { PlatformConfig } from '../config/platform-config';

/**
 * The Kafka side of a hybrid Nest app. One consumer group per service (each service sees every event once),
 * starting from the earliest offset for a new group so nothing published before its first start is missed.
 * Messages stay bytes: the contracts parse them, and a dead letter keeps the exact bytes that failed.
 */
export function kafkaMicroserviceOptions(serviceName: string, config: PlatformConfig): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { clientId: serviceName, brokers: config.KAFKA_BROKERS, retry: { initialRetryTime: 200, retries: 10 } },
      consumer: {
        groupId: serviceName,
        sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatInterval: Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 5),
        allowAutoTopicCreation: false,
      },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
    },
  };
}
